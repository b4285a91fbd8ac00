import { describeChange } from '../middleware/human-approval.js';
import type { ApprovalRecord } from './approval-record.js';
import type { ConsoleSession } from './console-auth.js';
import { type Html, html, page } from './html.js';
import type { KillSwitchState } from './kill-switch.js';

const TITLE = 'mcp-xdr approvals';

/**
 * Notices the console shows after a redirect, by code: the query string carries a code, never text,
 * so nothing a visitor puts in a URL is echoed into the page.
 */
export const NOTICES = {
  approved: ['notice', 'Approved. The requester can now run it, once.'],
  approved_partly: ['notice', 'Approved. It needs one more approver.'],
  denied: ['notice', 'Denied. The requester is told who denied it and why.'],
  kill_on: ['error', 'Kill switch ON: every write and destructive call is refused. Reads continue.'],
  kill_off: ['notice', 'Kill switch off: changes are possible again.'],
  self_approval: ['error', 'You asked for this call yourself: another approver must decide it (four eyes).'],
  already_approved_by_you: ['error', 'You approved it already: it needs a second, different approver.'],
  not_pending: ['error', 'It was already decided (or used).'],
  expired: ['error', 'It expired before anyone decided it.'],
  unknown: ['error', 'No such request (it may have expired).'],
  reason_required: ['error', 'Say why: a denial (and a kill switch flip) needs a reason.'],
  not_allowed: ['error', 'Your role may not decide requests for this tenant.'],
  bad_login: ['error', 'That key does not sign in an approver.'],
  may_not_approve: ['error', 'That principal’s role may not approve.'],
  link_used: ['error', 'That login link was used already or has expired. Ask for a new one.'],
  logged_out: ['notice', 'Signed out.'],
} as const;

export type NoticeCode = keyof typeof NOTICES;

export function isNoticeCode(value: string | null): value is NoticeCode {
  return value !== null && Object.hasOwn(NOTICES, value);
}

function notice(code: NoticeCode | undefined): Html | string {
  if (code === undefined) return '';
  const [kind, text] = NOTICES[code];
  return html`<section class="${kind}" role="status" id="notice" data-notice="${code}">${text}</section>`;
}

export function loginPage(base: string, code: NoticeCode | undefined, linksAllowed: boolean): string {
  const how = linksAllowed
    ? 'Paste the local approver key, or open the one-time login link the server printed on its stderr.'
    : 'Paste your API key: only principals whose role may approve can sign in.';
  return page(
    TITLE,
    html``,
    html`${notice(code)}<section><h2>Sign in to approve</h2><p class="muted">${how}</p>
<form method="post" action="${base}/login" class="decide">
<input type="password" name="key" autocomplete="off" aria-label="Approver key" required>
<button type="submit">Sign in</button></form></section>`,
  );
}

export interface ListView {
  base: string;
  session: ConsoleSession;
  records: readonly ApprovalRecord[];
  killSwitch: KillSwitchState;
  code: NoticeCode | undefined;
}

export function listPage(view: ListView): string {
  const { base, session, records } = view;
  const pending = records.filter((r) => r.status === 'pending');
  const decided = records.filter((r) => r.status !== 'pending');
  const who = session.approver.displayName ?? session.approver.id;
  const header = html`<span>Signed in as <b id="approver">${who}</b>${session.role ? ` (role ${session.role})` : ''}</span>
<form method="post" action="${base}/logout"><input type="hidden" name="csrf" value="${session.csrf}"><button type="submit">Sign out</button></form>`;
  const body = html`${notice(view.code)}${killSwitchSection(base, session, view.killSwitch)}
<h2>Waiting for approval (${pending.length})</h2>
${pending.length === 0 ? html`<p class="muted" id="none-pending">Nothing is waiting.</p>` : pending.map((r) => requestCard(base, session, r))}
${decided.length === 0 ? '' : recentTable(decided)}`;
  return page(TITLE, header, body);
}

function killSwitchSection(base: string, session: ConsoleSession, state: KillSwitchState): Html {
  const since = state.at === undefined ? '' : ` since ${state.at} by ${state.by ?? '?'}`;
  const why = state.reason ? html` — ${state.reason}` : '';
  return html`<section class="${state.on ? 'kill-on' : 'kill-off'}" id="kill-switch" data-on="${String(state.on)}">
<h2>Kill switch: ${state.on ? 'ON — every write and destructive call is refused' : 'off'}</h2>
<p class="muted">${state.on ? `On${since}` : 'Turning it on refuses every write and destructive call at once (reads continue), on every replica within a second.'}${why}</p>
<form method="post" action="${base}/kill-switch" class="decide">
<input type="hidden" name="csrf" value="${session.csrf}"><input type="hidden" name="on" value="${state.on ? 'false' : 'true'}">
<input type="text" name="reason" maxlength="500" placeholder="Why (required)" aria-label="Kill switch reason" required>
<button type="submit" class="${state.on ? 'approve' : 'stop'}">${state.on ? 'Turn kill switch off' : 'Stop all changes'}</button></form></section>`;
}

function requestCard(base: string, session: ConsoleSession, r: ApprovalRecord): Html {
  const mine = r.requester.id === session.approver.id;
  const given = r.approvals.map((a) => `${a.by.id}${a.reason ? ` (${a.reason})` : ''}`).join(', ');
  const decide = mine
    ? html`<p class="warning">You asked for this call: another approver must decide it.</p>`
    : html`<form method="post" action="${base}/decide" class="decide">
<input type="hidden" name="csrf" value="${session.csrf}"><input type="hidden" name="id" value="${r.id}">
<input type="text" name="reason" maxlength="500" placeholder="Reason (required to deny)" aria-label="Reason">
<button type="submit" name="decision" value="approve" class="approve">Approve</button>
<button type="submit" name="decision" value="deny" class="deny">Deny</button></form>`;
  return html`<article class="request" id="${r.id}" data-tool="${r.tool}">
<h2>${r.toolTitle} <code>${r.tool}</code></h2>
<dl><dt>Request</dt><dd><code>${r.id}</code></dd>
<dt>Requested by</dt><dd class="requester">${r.requester.displayName ?? r.requester.id}</dd>
<dt>Tenant</dt><dd>${r.tenant ?? '(none)'}</dd>
<dt>Requested</dt><dd>${new Date(r.createdAt).toISOString()}</dd>
<dt>Expires</dt><dd>${new Date(r.expiresAt).toISOString()}</dd>
<dt>Approvals</dt><dd>${r.approvals.length} of ${r.approversNeeded}${given ? `: ${given}` : ''}</dd></dl>
<p class="summary">${r.preview.summary}</p>
<ul class="changes">${r.preview.changes.map((c) => html`<li>${describeChange(c)}</li>`)}</ul>
${(r.preview.warnings ?? []).map((w) => html`<p class="warning">Warning: ${w}</p>`)}
<details><summary>Exact arguments</summary><pre class="args">${r.args}</pre></details>
${decide}</article>`;
}

function recentTable(records: readonly ApprovalRecord[]): Html {
  const rows = records.map((r) => {
    const by = r.status === 'denied' ? (r.denial?.by.id ?? '') : r.approvals.map((a) => a.by.id).join(', ');
    const why = r.status === 'denied' ? (r.denial?.reason ?? '') : '';
    return html`<tr data-id="${r.id}" data-status="${r.status}"><td><code>${r.tool}</code></td><td>${r.tenant ?? ''}</td><td>${r.requester.id}</td><td>${r.status}</td><td>${by}</td><td>${why}</td></tr>`;
  });
  return html`<h2>Recent</h2><section><table><thead><tr><th>Tool</th><th>Tenant</th><th>Requester</th><th>Status</th><th>Decided by</th><th>Why</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}
