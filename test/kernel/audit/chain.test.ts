import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, sharedAuditLog } from '../../../src/kernel/audit/log.js';
import type { AuditEntry } from '../../../src/kernel/audit/record.js';
import { verifyAuditFile } from '../../../src/kernel/audit/verify.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tempDir = useTempDir('mcp-xdr-audit-');

function entry(n: number): AuditEntry {
  return {
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    kind: 'call',
    callId: `call-${n}`,
    principal: { id: 'alice', kind: 'local' },
    session: null,
    tool: 'list_things',
    tier: 'read',
    tenant: null,
    args: { n },
    argsValidated: true,
    outcome: 'ok',
  };
}

async function writeLog(count: number, warnings: string[] = []): Promise<string> {
  const file = join(tempDir(), 'audit.jsonl');
  const log = new AuditLog({ stderr: false, file }, { warn: (m) => warnings.push(m) });
  for (let n = 1; n <= count; n += 1) await log.append(entry(n), { durable: n % 2 === 0 });
  return file;
}

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').slice(0, -1);
}

function rewrite(file: string, edit: (lines: string[]) => string[]): void {
  writeFileSync(file, `${edit(lines(file)).join('\n')}\n`);
}

describe('audit hash chain', () => {
  it('verifies an untouched file and creates it with mode 0600', async () => {
    const file = await writeLog(5);
    expect(await verifyAuditFile(file)).toMatchObject({ ok: true, records: 5 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const records = lines(file).map((line) => JSON.parse(line));
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records[1].prev).toBe(records[0].hash);
  });

  it('names an edited line', async () => {
    const file = await writeLog(5);
    rewrite(file, (all) => all.map((line, i) => (i === 2 ? line.replace('"n":3', '"n":33') : line)));
    expect(await verifyAuditFile(file)).toMatchObject({
      ok: false,
      line: 3,
      reason: expect.stringMatching(/edited/),
    });
  });

  it('names the line after a deleted one', async () => {
    const file = await writeLog(5);
    rewrite(file, (all) => all.filter((_, i) => i !== 2));
    expect(await verifyAuditFile(file)).toMatchObject({
      ok: false,
      line: 3,
      reason: expect.stringMatching(/deleted/),
    });
  });

  it('names a deleted first line', async () => {
    const file = await writeLog(3);
    rewrite(file, (all) => all.slice(1));
    expect(await verifyAuditFile(file)).toMatchObject({ ok: false, line: 1 });
  });

  it('names an inserted line', async () => {
    const file = await writeLog(5);
    rewrite(file, (all) => [...all.slice(0, 4), all[1] as string, ...all.slice(4)]);
    expect(await verifyAuditFile(file)).toMatchObject({
      ok: false,
      line: 5,
      reason: expect.stringMatching(/inserted/),
    });
  });

  it('names the first of two swapped lines', async () => {
    const file = await writeLog(5);
    rewrite(file, (all) => [all[0], all[2], all[1], all[3], all[4]] as string[]);
    expect(await verifyAuditFile(file)).toMatchObject({
      ok: false,
      line: 2,
      reason: expect.stringMatching(/moved/),
    });
  });

  it('names a line that is not JSON and a cut-short last line', async () => {
    const file = await writeLog(3);
    rewrite(file, (all) => [all[0] as string, 'garbage', ...all.slice(1)]);
    expect(await verifyAuditFile(file)).toMatchObject({ ok: false, line: 2, reason: 'not valid JSON' });
    const cut = join(tempDir(), 'cut.jsonl');
    const whole = readFileSync(file, 'utf8').split('\n')[0] as string;
    writeFileSync(cut, `${whole}\n${whole.slice(0, 20)}`);
    expect(await verifyAuditFile(cut)).toMatchObject({
      ok: false,
      line: 2,
      reason: expect.stringMatching(/incomplete/),
    });
  });

  it('continues the chain after a restart', async () => {
    const file = await writeLog(3);
    const restarted = new AuditLog({ stderr: false, file }, { warn: () => {} });
    expect(restarted.head.seq).toBe(3);
    await restarted.append(entry(4), { durable: true });
    await restarted.append(entry(5), { durable: false });
    expect(await verifyAuditFile(file)).toMatchObject({ ok: true, records: 5 });
  });

  it('refuses to resume a file whose last line is damaged, and says so', async () => {
    const file = await writeLog(3);
    rewrite(file, (all) => all.map((line, i) => (i === 2 ? line.replace('"n":3', '"n":4') : line)));
    const warnings: string[] = [];
    const log = new AuditLog({ stderr: false, file }, { warn: (m) => warnings.push(m) });
    await expect(log.append(entry(4), { durable: true })).rejects.toThrow(/last line .* damaged/);
    expect(warnings.join()).toMatch(/refused until it is fixed/);
    expect(lines(file)).toHaveLength(3);
  });

  it('keeps one order under concurrent appends', async () => {
    const file = join(tempDir(), 'concurrent.jsonl');
    const log = new AuditLog({ stderr: false, file }, { warn: () => {} });
    await Promise.all(Array.from({ length: 40 }, (_, i) => log.append(entry(i), { durable: i % 10 === 0 })));
    expect(await verifyAuditFile(file)).toMatchObject({ ok: true, records: 40 });
  });

  it('warns about an existing file that others can read, without changing it', async () => {
    const file = join(tempDir(), 'open.jsonl');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const warnings: string[] = [];
    new AuditLog({ stderr: false, file }, { warn: (m) => warnings.push(m) });
    expect(warnings.join()).toContain('0644');
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  it('chains stderr lines when there is no file', async () => {
    const written: string[] = [];
    const log = new AuditLog({ stderr: true }, { warn: () => {}, stderr: (line) => written.push(line) });
    await log.append(entry(1), { durable: true });
    await log.append(entry(2), { durable: false });
    const [first, second] = written.map((line) => JSON.parse(line));
    expect(written.every((line) => line.endsWith('\n'))).toBe(true);
    expect(second.prev).toBe(first.hash);
  });

  it('gives every server instance of a process the same chain for one file', async () => {
    const file = join(tempDir(), 'shared.jsonl');
    const first = sharedAuditLog({ stderr: false, file }, { warn: () => {} });
    const second = sharedAuditLog(
      { stderr: false, file: join(tempDir(), '.', 'shared.jsonl') },
      { warn: () => {} },
    );
    expect(second).toBe(first);
    await Promise.all([
      first.append(entry(1), { durable: false }),
      second.append(entry(2), { durable: false }),
    ]);
    expect(await verifyAuditFile(file)).toMatchObject({ ok: true, records: 2 });
    expect(() => sharedAuditLog({ stderr: true, file }, { warn: () => {} })).toThrow(/already open/);
  });
});
