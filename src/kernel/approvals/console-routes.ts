import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../auth/authenticator.js';
import { presentedCredential } from '../auth/credentials.js';
import type { StateStore } from '../state/store.js';
import { addressList, clientAddress, inList } from '../transports/client-address.js';
import { FailedAuthLimiter } from '../transports/failed-auth.js';
import { BodyTooLargeError, readBody } from '../transports/http-body.js';
import type { HttpRoutes } from '../transports/http-routes.js';
import { type Approvals, CONSOLE_PATH } from './approvals.js';
import {
  ConsoleAuth,
  type ConsoleSession,
  csrfMatches,
  LOCAL_APPROVER,
  sessionMayDecide,
} from './console-auth.js';
import { isNoticeCode, listPage, loginPage, type NoticeCode } from './console-pages.js';
import { PAGE_HEADERS } from './html.js';
import { DecisionRefused } from './pending-approvals.js';

export interface ApprovalConsoleOptions {
  approvals: Approvals;
  auth: ConsoleAuth;
  /** Team auth's network settings: the console obeys the same client allow-list and proxies. */
  network?: { trustedProxies: readonly string[]; allowedClients: readonly string[] } | undefined;
  now?: () => number;
}

const COOKIE = 'mcp_xdr_console';
const MAX_FORM_BYTES = 16 * 1024;
/** The JSON API for scripts and `mcp-xdr kill-switch`: bearer credentials only, never the cookie. */
export const KILL_SWITCH_API_PATH = `${CONSOLE_PATH}/api/kill-switch`;

/** The console's auth for a kernel's credentials (team API keys, the local approver key). */
export function consoleAuthFor(
  approvals: Approvals,
  store: StateStore,
  authenticator: Authenticator | undefined,
  env: NodeJS.ProcessEnv,
): ConsoleAuth {
  return new ConsoleAuth({ store, authenticator, approverKey: env[approvals.config.console.approverKeyEnv] });
}

/**
 * The approval console: server-rendered pages under /approvals, every POST checked against the
 * session's CSRF token (and SameSite=Strict cookies, and the listener's Origin check), failed sign-ins
 * limited per address. The page carries no secret but the CSRF token of its own session.
 */
export function approvalConsole(options: ApprovalConsoleOptions): HttpRoutes {
  const { approvals, auth } = options;
  const base = CONSOLE_PATH;
  const failures = new FailedAuthLimiter(10, 15 * 60_000, options.now);
  const proxies = addressList(options.network?.trustedProxies ?? []);
  const allowed = options.network?.allowedClients.length
    ? addressList(options.network.allowedClients)
    : undefined;
  const addressOf = (req: IncomingMessage) => clientAddress(req, proxies);

  async function signedIn(req: IncomingMessage): Promise<{ id?: string; session?: ConsoleSession }> {
    const id = cookieOf(req);
    const session = await auth.session(id);
    return session === undefined ? {} : { id, session };
  }

  async function showList(req: IncomingMessage, res: ServerResponse, code: NoticeCode | undefined) {
    const { session } = await signedIn(req);
    if (session === undefined) return sendPage(res, 200, loginPage(base, code, auth.linksAllowed));
    const [all, killSwitch] = await Promise.all([approvals.pending.list(), approvals.killSwitch.state()]);
    // An approver sees only the tenants their role covers.
    const records = all.filter((record) => sessionMayDecide(session, record));
    return sendPage(res, 200, listPage({ base, session, records, killSwitch, code }));
  }

  async function login(req: IncomingMessage, res: ServerResponse, form: URLSearchParams) {
    const address = addressOf(req);
    if (failures.blockedFor(address) > 0) return redirect(res, 'bad_login');
    const who = await auth.approverFor(form.get('key') ?? '');
    if (typeof who === 'string') {
      failures.fail(address);
      return redirect(res, who === 'invalid' ? 'bad_login' : 'may_not_approve');
    }
    return redirect(res, undefined, await auth.openSession(who), secure(req));
  }

  async function linkLogin(req: IncomingMessage, res: ServerResponse, secret: string) {
    if (!(await auth.useLoginSecret(secret))) return redirect(res, 'link_used');
    const session = await auth.openSession({ approver: LOCAL_APPROVER, tenants: 'all' });
    return redirect(res, undefined, session, secure(req));
  }

  async function decide(res: ServerResponse, session: ConsoleSession, form: URLSearchParams) {
    const decision = form.get('decision');
    if (decision !== 'approve' && decision !== 'deny') return redirect(res, 'unknown');
    try {
      const record = await approvals.pending.decide(
        form.get('id') ?? '',
        session.approver,
        decision,
        form.get('reason') ?? '',
        (r) => sessionMayDecide(session, r),
      );
      const code =
        decision === 'deny' ? 'denied' : record.status === 'approved' ? 'approved' : 'approved_partly';
      return redirect(res, code);
    } catch (error) {
      if (error instanceof DecisionRefused) return redirect(res, error.reason);
      throw error;
    }
  }

  async function flipKillSwitch(res: ServerResponse, session: ConsoleSession, form: URLSearchParams) {
    const on = form.get('on') === 'true';
    const reason = (form.get('reason') ?? '').trim().slice(0, 500);
    if (reason === '') return redirect(res, 'reason_required');
    await approvals.killSwitch.set(on, session.approver.id, reason);
    return redirect(res, on ? 'kill_on' : 'kill_off');
  }

  async function killSwitchApi(req: IncomingMessage, res: ServerResponse) {
    const credential = presentedCredential(req.headers);
    const address = addressOf(req);
    const who =
      credential.kind === 'bearer' || credential.kind === 'x-api-key'
        ? failures.blockedFor(address) > 0
          ? 'invalid'
          : await auth.approverFor(credential.value)
        : 'invalid';
    if (typeof who === 'string') {
      if (credential.kind !== 'none') failures.fail(address);
      return sendJson(res, who === 'invalid' ? 401 : 403, { error: who });
    }
    if (req.method === 'GET') return sendJson(res, 200, await approvals.killSwitch.state());
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method_not_allowed' });
    const body = JSON.parse((await readBody(req, MAX_FORM_BYTES)).toString('utf8')) as {
      on?: unknown;
      reason?: unknown;
    };
    const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, 500) : '';
    if (typeof body.on !== 'boolean' || reason === '') {
      return sendJson(res, 400, { error: 'send {"on": true|false, "reason": "why"}' });
    }
    return sendJson(res, 200, await approvals.killSwitch.set(body.on, who.approver.id, reason));
  }

  async function post(req: IncomingMessage, res: ServerResponse, path: string) {
    const form = new URLSearchParams((await readBody(req, MAX_FORM_BYTES)).toString('utf8'));
    if (path === `${base}/login`) return login(req, res, form);
    const { id, session } = await signedIn(req);
    // No session, or a form not from this session's page (CSRF): nothing happens.
    if (session === undefined || !csrfMatches(session, form.get('csrf'))) {
      return sendPage(res, 403, loginPage(base, undefined, auth.linksAllowed));
    }
    if (path === `${base}/decide`) return decide(res, session, form);
    if (path === `${base}/kill-switch`) return flipKillSwitch(res, session, form);
    if (path === `${base}/logout`) {
      await auth.closeSession(id);
      return redirect(res, 'logged_out', '', secure(req));
    }
    return sendJson(res, 404, { error: 'not_found' });
  }

  return {
    owns: (path) => path === base || path.startsWith(`${base}/`),
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://placeholder');
      const path = url.pathname;
      if (allowed !== undefined && !inList(allowed, addressOf(req))) {
        return sendJson(res, 403, { error: 'client address not allowed' });
      }
      try {
        if (path === KILL_SWITCH_API_PATH) return await killSwitchApi(req, res);
        if (req.method === 'GET' && path === base) {
          const code = url.searchParams.get('notice');
          return await showList(req, res, isNoticeCode(code) ? code : undefined);
        }
        if (req.method === 'GET' && path === `${base}/login`) {
          return await linkLogin(req, res, url.searchParams.get('once') ?? '');
        }
        if (req.method === 'POST') return await post(req, res, path);
        return sendJson(res, 405, { error: 'method_not_allowed' });
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: 'too_large' });
        if (error instanceof SyntaxError) return sendJson(res, 400, { error: 'bad_json' });
        throw error;
      }
    },
  };
}

function secure(req: IncomingMessage): boolean {
  return (req.socket as { encrypted?: boolean }).encrypted === true;
}

function cookieOf(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return undefined;
}

/** 303 to the list (a notice by code); sets (or, with '', clears) the session cookie. */
function redirect(res: ServerResponse, code: NoticeCode | undefined, session?: string, tls = false): void {
  const headers: Record<string, string> = {
    Location: code === undefined ? CONSOLE_PATH : `${CONSOLE_PATH}?notice=${code}`,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
  };
  if (session !== undefined) {
    const life = session === '' ? 'Max-Age=0' : 'Max-Age=28800';
    headers['Set-Cookie'] =
      `${COOKIE}=${session}; Path=${CONSOLE_PATH}; HttpOnly; SameSite=Strict; ${life}${tls ? '; Secure' : ''}`;
  }
  res.writeHead(303, headers).end();
}

function sendPage(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, PAGE_HEADERS).end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
    .end(JSON.stringify(body));
}
