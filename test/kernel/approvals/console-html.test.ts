import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ApprovalRecord } from '../../../src/kernel/approvals/approval-record.js';
import { listPage } from '../../../src/kernel/approvals/console-pages.js';
import { CONSOLE_CSP, escapeHtml, html, visible } from '../../../src/kernel/approvals/html.js';

const HOSTILE = '<script>alert(1)</script>"\'&\u202Eexe.txt\u200B\u0007\u{E0041}';

function record(overrides: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    v: 1,
    id: 'apr_AAAAAAAAAAAAAAAAAAAAAA',
    tool: 'isolate_device',
    toolTitle: `Isolate ${HOSTILE}`,
    binding: { tool: 't', args: 'a', tenant: 'n', principal: 'p' },
    args: { machineId: HOSTILE },
    tenant: 'contoso',
    requester: { id: 'responder', displayName: HOSTILE },
    preview: {
      summary: HOSTILE,
      changes: [{ target: HOSTILE, field: 'isolation', from: 'no', to: HOSTILE }],
      warnings: [HOSTILE],
    },
    callId: 'c',
    createdAt: 0,
    expiresAt: 1,
    approversNeeded: 1,
    status: 'pending',
    approvals: [],
    ...overrides,
  };
}

describe('approval console HTML', () => {
  it('escapes markup and writes out invisible characters', () => {
    expect(escapeHtml(HOSTILE)).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;U+202E&gt;exe.txt&lt;U+200B&gt;&lt;U+0007&gt;&lt;U+E0041&gt;',
    );
    expect(visible('a\nb\tc')).toBe('a\nb\tc');
    expect(html`<p>${HOSTILE}</p>`.text).not.toContain('<script>');
  });

  it('renders every attacker-controlled field escaped, and allows its one stylesheet by hash', () => {
    const page = listPage({
      base: '/approvals',
      session: { approver: { id: 'approver' }, tenants: 'all', csrf: 'token' },
      records: [
        record(),
        record({
          id: 'apr_BBBBBBBBBBBBBBBBBBBBBB',
          status: 'denied',
          denial: { by: { id: 'x' }, at: 0, reason: HOSTILE },
        }),
      ],
      killSwitch: { on: true, by: 'ops', reason: HOSTILE, at: '2026-01-01T00:00:00Z' },
      code: undefined,
    });
    expect(page).not.toContain('<script>');
    for (const hidden of ['\u202E', '\u200B', '\u0007', '\u{E0041}']) expect(page).not.toContain(hidden);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] as string;
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    expect(CONSOLE_CSP).toContain(`style-src 'sha256-${hash}'`);
    expect(CONSOLE_CSP).toContain("default-src 'none'");
    expect(CONSOLE_CSP).not.toContain('unsafe-inline');
    expect(page).not.toMatch(/<script/i);
  });

  it('offers no decision buttons on the approver’s own request', () => {
    const page = listPage({
      base: '/approvals',
      session: { approver: { id: 'responder' }, tenants: 'all', csrf: 'token' },
      records: [record()],
      killSwitch: { on: false },
      code: 'self_approval',
    });
    expect(page).not.toContain('value="approve"');
    expect(page).toContain('another approver must decide it');
  });
});
