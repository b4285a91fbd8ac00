import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/kernel/audit/log.js';
import type { AuditEntry, AuditKind } from '../../../src/kernel/audit/record.js';
import { verifyAuditFile } from '../../../src/kernel/audit/verify.js';
import { built } from '../../cli/run-cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tempDir = useTempDir('mcp-xdr-audit-batch-');

function entry(n: number, kind: AuditKind = 'call'): AuditEntry {
  return {
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    kind,
    callId: `call-${n}`,
    principal: { id: 'alice', kind: 'local' },
    session: null,
    tool: kind === 'call' ? 'list_things' : 'isolate_device',
    tier: kind === 'call' ? 'read' : 'destructive',
    tenant: null,
    args: { n },
    argsValidated: true,
  };
}

const callIds = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { callId: string }).callId);

describe('batched read records', () => {
  it('are written together after the turn, and each append resolves only once its line is in the file', async () => {
    const file = join(tempDir(), 'audit.jsonl');
    const log = new AuditLog({ stderr: false, file }, { warn: () => {} });
    const appended = [1, 2, 3].map((n) => log.append(entry(n), { durable: false }));
    expect(readFileSync(file, 'utf8')).toBe('');
    await Promise.all(appended);
    expect(callIds(file)).toEqual(['call-1', 'call-2', 'call-3']);
    expect(await verifyAuditFile(file)).toMatchObject({ ok: true });
  });

  it("a change's intent is durable before its append resolves, after the read records batched before it", async () => {
    const file = join(tempDir(), 'audit.jsonl');
    const log = new AuditLog({ stderr: false, file }, { warn: () => {} });
    const read = log.append(entry(1), { durable: false });
    const intent = log.append(entry(2, 'intent'), { durable: true });
    // Written synchronously, in chain order, before anything else runs.
    expect(callIds(file)).toEqual(['call-1', 'call-2']);
    await Promise.all([read, intent]);
    const outcome = log.append(entry(3, 'outcome'), { durable: false });
    expect(callIds(file)).toEqual(['call-1', 'call-2', 'call-3']);
    await outcome;
    expect(await verifyAuditFile(file)).toMatchObject({ ok: true });
  });

  it('a batch that cannot be written is reported and leaves no gap in the chain', async () => {
    const file = join(tempDir(), 'audit.jsonl');
    const warnings: string[] = [];
    const log = new AuditLog({ stderr: false, file }, { warn: (m) => warnings.push(m), readPathCheckMs: 0 });
    await log.append(entry(1), { durable: false });
    rmSync(file);
    writeFileSync(file, ''); // another file at the path now
    await expect(log.append(entry(2), { durable: false })).rejects.toThrow(/replaced/);
    expect(warnings.join('\n')).toMatch(/1 read audit record\(s\) not written/);
    expect(log.head.seq).toBe(1);
  });

  it('a log with nowhere to write is not enabled (the audit step then builds no record)', async () => {
    const log = new AuditLog({ stderr: false }, { warn: () => {} });
    expect(log.enabled).toBe(false);
    expect(new AuditLog({ stderr: true }, { warn: () => {}, stderr: () => {} }).enabled).toBe(true);
  });
});

/** A real process that batches read records, then ends as the script says; returns its exit code. */
function runChild(
  script: string,
  file: string,
): Promise<{ code: number | null; child: ReturnType<typeof spawn> }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      ...process.env,
      AUDIT_FILE: file,
      LOG_JS: built('src/kernel/audit/log.js'),
      SERVING_JS: built('src/cli/serving.js'),
      REFLECT_JS: built('src/cli/reflect-metadata.js'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.stdout?.once('data', () => child.kill('SIGTERM'));
    child.on('close', (code) => resolve({ code, child }));
  });
}

const APPEND = `
const { AuditLog } = await import(process.env.LOG_JS);
const log = new AuditLog({ stderr: false, file: process.env.AUDIT_FILE }, { warn: () => {} });
const record = (n) => ({ time: new Date(0).toISOString(), kind: 'call', callId: 'call-' + n, principal: { id: 'p', kind: 'local' },
  session: null, tool: 'list_things', tier: 'read', tenant: null, args: {}, argsValidated: true, outcome: 'ok' });
`;

describe('read records still batched when the process ends', () => {
  it('are written on a clean exit', async () => {
    const file = join(tempDir(), 'audit.jsonl');
    const { code } = await runChild(
      `${APPEND}
for (let n = 1; n <= 5; n++) void log.append(record(n), { durable: false });
process.exit(0);`,
      file,
    );
    expect(code).toBe(0);
    expect(callIds(file)).toEqual(['call-1', 'call-2', 'call-3', 'call-4', 'call-5']);
    expect(await verifyAuditFile(file)).toMatchObject({ ok: true });
  });

  it('are written when SIGTERM stops the server (the CLI handles it and exits)', async () => {
    const file = join(tempDir(), 'audit.jsonl');
    const { code } = await runChild(
      `${APPEND}
// As the CLI's entry does: the Reflect metadata API before anything that reaches tsyringe.
await import(process.env.REFLECT_JS);
const { shutdownSignal } = await import(process.env.SERVING_JS);
const stop = shutdownSignal();
const serving = setInterval(() => {}, 1000); // a server's open stdin keeps it alive
process.stdout.write('ready\\n');
await stop;
clearInterval(serving);
// Calls that end as the server stops: their records are still in the batch when the process exits.
for (let n = 1; n <= 3; n++) void log.append(record(n), { durable: false });
process.exit(0);`,
      file,
    );
    expect(code).toBe(0);
    expect(callIds(file)).toEqual(['call-1', 'call-2', 'call-3']);
  });
});
