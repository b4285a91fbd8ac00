import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/kernel/audit/log.js';
import { verifyAuditFile } from '../../../src/kernel/audit/verify.js';
import { ToolError } from '../../../src/kernel/errors.js';
import { auditMiddleware } from '../../../src/kernel/middleware/audit.js';
import type { ToolMiddleware } from '../../../src/kernel/types.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import {
  type FakeCallOptions,
  fakeCall,
  rejection,
  spyNext,
  textResult,
} from '../../helpers/fake-tool-call.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tempDir = useTempDir('mcp-xdr-audit-mw-');
const writeTool = { name: 'set_incident_status', tier: 'write' as const };

function setup(file = join(tempDir(), 'audit.jsonl'), readPathCheckMs?: number) {
  const errors: string[] = [];
  const log = new AuditLog({ stderr: false, file }, { warn: (m) => errors.push(m), readPathCheckMs });
  const middleware = auditMiddleware({ log, clock: new FakeClock(), onWriteError: (m) => errors.push(m) });
  const records = () =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  return { file, errors, middleware, records };
}

async function settle(middleware: ToolMiddleware, options: FakeCallOptions, next = spyNext()) {
  return middleware(fakeCall(options), next).catch((error: unknown) => error);
}

describe('audit middleware', () => {
  it('records a read call once, after it ran, with who, what, where and how it went', async () => {
    const { middleware, records } = setup();
    const next = spyNext(async () => textResult('2 alerts', { alerts: [{}, {}], nextLink: null }));
    await middleware(
      fakeCall({
        args: { top: 2 },
        tenant: 'contoso',
        principal: { id: 'bob', kind: 'http' },
        sessionId: 's-9',
      }),
      next,
    );
    const [record, ...rest] = records();
    expect(rest).toHaveLength(0);
    expect(record).toMatchObject({
      seq: 1,
      kind: 'call',
      tool: 'list_things',
      tier: 'read',
      tenant: 'contoso',
      principal: { id: 'bob', kind: 'http' },
      session: 's-9',
      args: { top: 2 },
      argsValidated: true,
      outcome: 'ok',
      counts: { alerts: 2 },
    });
    expect(record.time).toBe('2026-01-01T00:00:00.000Z');
    expect(typeof record.durationMs).toBe('number');
  });

  it('writes the intent of a write call before the tool runs, then its outcome', async () => {
    const { middleware, records } = setup();
    let seenByTool: unknown[] = [];
    const call = fakeCall({ tool: writeTool, args: { incidentId: '42' } });
    await middleware(call, async () => {
      seenByTool = records();
      call.notes.phase = 'executed';
      call.notes.resultCount = 1;
      return textResult('ok');
    });
    expect(seenByTool).toMatchObject([{ kind: 'intent', tool: 'set_incident_status', tier: 'write' }]);
    expect(records()).toMatchObject([
      { kind: 'intent' },
      { kind: 'outcome', outcome: 'ok', phase: 'executed', resultCount: 1 },
    ]);
  });

  it('records previews, refusals and failures with their codes', async () => {
    const { middleware, records } = setup();
    const previewCall = fakeCall({ tool: writeTool });
    await middleware(previewCall, async () => {
      previewCall.notes.phase = 'preview';
      return textResult('preview');
    });
    await settle(
      middleware,
      {},
      spyNext(async () => Promise.reject(new ToolError('rate_limited', 'slow down'))),
    );
    await settle(
      middleware,
      {},
      spyNext(async () => Promise.reject(new ToolError('upstream_error', 'Graph 503'))),
    );
    await settle(
      middleware,
      {},
      spyNext(async () => Promise.reject(new TypeError('boom'))),
    );
    await settle(
      middleware,
      {},
      spyNext(async () => ({ content: [], isError: true })),
    );
    expect(records().map((r) => [r.outcome, r.errorCode])).toEqual([
      [undefined, undefined], // intent
      ['preview', undefined],
      ['refused', 'rate_limited'],
      ['error', 'upstream_error'],
      ['error', 'internal_error'],
      ['error', undefined],
    ]);
    expect(records()[4].error).toBe('boom');
  });

  it('records raw arguments, marked unvalidated, when validation has not run', async () => {
    const { middleware, records } = setup();
    await settle(middleware, { args: { bogus: 1 }, unvalidated: true });
    expect(records()[0]).toMatchObject({ args: { bogus: 1 }, argsValidated: false });
  });

  it('never writes secrets: canary values are absent from the file', async () => {
    const { file, middleware } = setup();
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJjYW5hcnkiOiJ5ZXMifQ.Q0FOQVJZLXNpZ25hdHVyZQ';
    const canaries = ['CANARY-password-1', 'CANARY-secret-2', 'CANARY-bearer-3', jwt];
    const args = {
      password: canaries[0],
      options: { clientSecret: canaries[1] },
      comment: `headers had Authorization: Bearer ${canaries[2]} and ${jwt}`,
    };
    await settle(middleware, { args });
    await settle(
      middleware,
      { tool: writeTool, args },
      spyNext(async () => Promise.reject(new Error(`upstream said Bearer ${canaries[2]} / ${jwt}`))),
    );
    const text = readFileSync(file, 'utf8');
    for (const canary of canaries) {
      expect(text).not.toContain(canary);
      expect(text).not.toContain(JSON.stringify(canary).slice(1, -1));
      expect(text).not.toContain(Buffer.from(canary).toString('base64'));
    }
    expect(text).toContain('[REDACTED]');
    expect(await verifyAuditFile(file)).toMatchObject({ ok: true, records: 3 });
  });

  describe('when the audit log cannot be written', () => {
    it('refuses write tools but lets reads run once the file was removed', async () => {
      const { file, middleware, errors } = setup();
      await settle(middleware, {});
      rmSync(file);
      const writeNext = spyNext();
      const error = (await rejection(middleware(fakeCall({ tool: writeTool }), writeNext))) as ToolError;
      expect(error.code).toBe('audit_unavailable');
      expect(error.message).toContain('Nothing was changed');
      expect(writeNext.calls).toBe(0);
      const readNext = spyNext();
      await middleware(fakeCall(), readNext);
      expect(readNext.calls).toBe(1);
      expect(errors.join('\n')).toMatch(/not written: audit file .* was removed/);
    });

    it('checks the path for every read record when the read window is 0', async () => {
      const { file, middleware, errors } = setup(undefined, 0);
      await settle(middleware, {});
      rmSync(file);
      const readNext = spyNext();
      await middleware(fakeCall(), readNext);
      expect(readNext.calls).toBe(1);
      expect(errors.join('\n')).toMatch(/audit record for call .* not written: audit file .* was removed$/m);
    });

    it('lets reads rely on a recent path check, and names the records that went to the moved file', async () => {
      const { file, middleware, errors } = setup(undefined, 60_000);
      await settle(middleware, {});
      renameSync(file, `${file}.rotated`);
      await settle(middleware, {}); // within the window: appended to the open (moved) file, unchecked
      expect(errors).toEqual([]);
      const writeNext = spyNext();
      const error = (await rejection(middleware(fakeCall({ tool: writeTool }), writeNext))) as ToolError;
      expect(error.code).toBe('audit_unavailable');
      expect(writeNext.calls).toBe(0);
      expect(errors.join('\n')).toMatch(/was removed; the 2 record\(s\) before this one/);
      // A failed check is never relied on: the next read checks again, and is reported.
      const readNext = spyNext();
      await middleware(fakeCall(), readNext);
      expect(readNext.calls).toBe(1);
      expect(errors.at(-1)).toMatch(/audit record for call .* not written: audit file .* was removed$/);
      expect(await verifyAuditFile(`${file}.rotated`)).toMatchObject({ ok: true, records: 2 });
    });

    it('refuses write tools once the file was replaced by another one', async () => {
      const { file, middleware, errors } = setup();
      writeFileSync(`${file}.new`, '');
      renameSync(`${file}.new`, file);
      const next = spyNext();
      expect(((await rejection(middleware(fakeCall({ tool: writeTool }), next))) as ToolError).code).toBe(
        'audit_unavailable',
      );
      expect(next.calls).toBe(0);
      expect(errors.join('\n')).toMatch(/replaced/);
    });

    it('refuses write tools when the disk is full', async () => {
      const { middleware } = setup('/dev/full');
      const next = spyNext();
      expect(((await rejection(middleware(fakeCall({ tool: writeTool }), next))) as ToolError).code).toBe(
        'audit_unavailable',
      );
      expect(next.calls).toBe(0);
    });

    it('refuses write tools when the file could not be opened at start, and runs reads', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'not-a-dir'), '');
      const { middleware, errors } = setup(join(dir, 'not-a-dir', 'audit.jsonl'));
      expect(errors.join()).toMatch(/cannot be used/);
      const writeNext = spyNext();
      await rejection(middleware(fakeCall({ tool: { ...writeTool, tier: 'destructive' } }), writeNext));
      const readNext = spyNext();
      await middleware(fakeCall(), readNext);
      expect([writeNext.calls, readNext.calls]).toEqual([0, 1]);
    });
  });
});
