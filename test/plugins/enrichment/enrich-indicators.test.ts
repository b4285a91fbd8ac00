import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { accessLayer, ENRICHMENT, ok, text, toolError, worldOf } from './support.js';

type Outcome<V> =
  | ({ tenant: string; ok: true } & V)
  | { tenant: string; ok: false; error: { code: string; message: string; retryAfter?: number } };
interface IpView {
  stats: { orgPrevalence: number | null; orgFirstSeen: string | null; orgLastSeen: string | null };
  devices: { items: { machineId: string }[] };
  relatedAlerts: { items: { id: string }[]; scanned: number };
  machineIds: string[];
}
interface FileView {
  file: {
    sha1: string;
    sha256: string;
    signer: string | null;
    determinationType: string | null;
    globalPrevalence: number | null;
  };
  names: string[];
  orgStats: { orgPrevalence: number | null };
  relatedAlerts: { items: { id: string }[] };
}
interface Result<V> {
  results: Outcome<V>[];
  nextSteps: { tool: string; args?: Record<string, unknown> }[];
}

let xdr: XdrHarness;
beforeAll(async () => {
  xdr = await startXdr({ plugins: ENRICHMENT });
});
afterAll(async () => xdr?.close());

type Ev = Record<string, unknown>;
const evidenceOf = (tenant = 'contoso') =>
  worldOf(xdr, tenant).alerts.map((a) => ({ id: a.id, evidence: a.evidence as Ev[] }));
/** IP evidence, a mail's sender IP, or a device interface. */
const alertsNamingIp = (ip: string) =>
  evidenceOf()
    .filter((a) =>
      a.evidence.some(
        (e) =>
          e.ipAddress === ip ||
          e.senderIp === ip ||
          (Array.isArray(e.ipInterfaces) && e.ipInterfaces.includes(ip)),
      ),
    )
    .map((a) => a.id);
const hashOf = (d: unknown, field: 'sha1' | 'sha256') => (d as Ev | undefined)?.[field];
const alertsNamingFile = (sha256: string) =>
  evidenceOf()
    .filter((a) =>
      a.evidence.some((e) =>
        [e.fileDetails, e.imageFile, e.parentProcessImageFile].some((d) => hashOf(d, 'sha256') === sha256),
      ),
    )
    .map((a) => a.id);

function value<V>(r: Result<V>, tenant = 'contoso'): V {
  const found = r.results.find((x) => x.tenant === tenant);
  if (!found?.ok) throw new Error(`no ok result for ${tenant}: ${JSON.stringify(found)}`);
  return found;
}

/** An IP that alert evidence names (the attacker side of a story). */
function storyIp(): string {
  const ip = evidenceOf()
    .flatMap((a) => a.evidence)
    .find((e) => typeof e.ipAddress === 'string')?.ipAddress;
  if (typeof ip !== 'string') throw new Error('no ip evidence');
  return ip;
}

describe('enrich_ip', () => {
  it('stats as Defender reports them, related alerts from evidence, devices using it, and a ready hunt', async () => {
    const ip = storyIp();
    const { mde, tenant } = accessLayer(xdr);
    const stats = await mde.getIpStats(tenant(), ip);
    const r = ok<Result<IpView>>(await xdr.call('enrich_ip', { ip }));
    expect(r.results.map((x) => x.tenant)).toEqual(['contoso']);
    const v = value(r);
    expect(v.stats).toEqual({
      orgPrevalence: Number(stats.orgPrevalence),
      orgFirstSeen: stats.orgFirstSeen,
      orgLastSeen: stats.orgLastSeen,
    });
    expect(v.relatedAlerts.items.map((a) => a.id).sort()).toEqual(alertsNamingIp(ip).slice(0, 10).sort());
    expect(v.relatedAlerts.items.length).toBeGreaterThan(0);
    const hunt = r.nextSteps.find((s) => s.tool === 'enrich_device');
    expect(v.machineIds).toContain(hunt?.args?.machineId);
  });

  it("a machine's own address lists the machine", async () => {
    const m = worldOf(xdr).machines[3] as { id: string; lastIpAddress: string };
    const v = value(ok<Result<IpView>>(await xdr.call('enrich_ip', { ip: m.lastIpAddress })));
    expect(v.devices.items.map((d) => d.machineId)).toEqual([m.id]);
    expect(v.stats.orgPrevalence).toBeGreaterThanOrEqual(1);
  });

  it('bad addresses are validation errors; a never-seen address has prevalence 0', async () => {
    for (const ip of ['10.0.0.256', 'localhost', '1.2.3.4/32', "1.2.3.4' or 1=1"]) {
      expect(toolError(await xdr.call('enrich_ip', { ip })).code, ip).toBe('validation_error');
    }
    const v = value(ok<Result<IpView>>(await xdr.call('enrich_ip', { ip: '192.0.2.253' })));
    expect(v.stats.orgPrevalence).toBe(0);
    expect(v.relatedAlerts.items).toEqual([]);
  });

  it('fans out across tenants; a failing tenant is reported in its place', async () => {
    const ip = storyIp();
    const fault = xdr.emulator.control.faults.add({
      kind: 'status',
      status: 500,
      api: 'mde',
      path: '/api/ips/*',
      tenant: 'fabrikam',
    });
    try {
      const r = ok<Result<IpView>>(await xdr.call('enrich_ip', { ip, tenant: '*' }));
      expect(r.results.map((x) => x.tenant).sort()).toEqual([
        'contoso',
        'contoso-readonly',
        'fabrikam',
        'fabrikam-readonly',
      ]);
      expect(r.results.find((x) => x.tenant === 'fabrikam-readonly')?.ok).toBe(false); // same Defender tenant
      expect(r.results.find((x) => x.tenant === 'fabrikam')).toMatchObject({
        ok: false,
        error: { code: 'upstream_error' },
      });
      expect(r.results.find((x) => x.tenant === 'contoso')).toMatchObject({ ok: true });
      expect(r.results.find((x) => x.tenant === 'contoso-readonly')).toMatchObject({ ok: true });
      expect(r.nextSteps.find((s) => s.tool === 'run_hunting_query')).toBeUndefined(); // hunting plugin not enabled
      expect(text(await xdr.call('enrich_ip', { ip, tenant: '*' }))).toMatch(
        /Tenant "fabrikam" failed: upstream_error/,
      );
    } finally {
      xdr.emulator.control.faults.remove(fault);
    }
  });

  it('one tenant: a 500 is upstream_error, a 429 is rate_limited with the wait', async () => {
    const ip = storyIp();
    const five = xdr.emulator.control.faults.add({
      kind: 'status',
      status: 500,
      api: 'mde',
      path: '/api/ips/*',
      times: 1,
    });
    try {
      expect(toolError(await xdr.call('enrich_ip', { ip })).code).toBe('upstream_error');
    } finally {
      xdr.emulator.control.faults.remove(five);
    }
    const slow = xdr.emulator.control.faults.add({
      kind: 'status',
      status: 429,
      retryAfter: 120,
      api: 'mde',
      path: '/api/ips/*',
      times: 1,
    });
    try {
      expect(toolError(await xdr.call('enrich_ip', { ip }))).toMatchObject({
        code: 'rate_limited',
        retryAfter: 120,
      });
    } finally {
      xdr.emulator.control.faults.remove(slow);
    }
  });
});

describe('enrich_file', () => {
  const malware = () => {
    const f = worldOf(xdr).files.find(
      (x) => x.determinationType === 'Malware' && alertsNamingFile(x.sha256).length > 0,
    );
    if (!f) throw new Error('no story malware in alerts');
    return f;
  };

  it('by SHA-256 and by SHA-1: the file record, prevalence, names and related alerts', async () => {
    const f = malware();
    const { mde, tenant } = accessLayer(xdr);
    const stats = await mde.getFileStats(tenant(), f.sha1);
    for (const hash of [f.sha256, f.sha1.toUpperCase()]) {
      const r = ok<Result<FileView>>(await xdr.call('enrich_file', { hash }));
      const v = value(r);
      expect(v.file).toMatchObject({
        sha1: f.sha1,
        sha256: f.sha256,
        signer: f.signer,
        determinationType: f.determinationType,
        globalPrevalence: f.globalPrevalence,
      });
      expect(v.orgStats.orgPrevalence).toBe(Number(stats.orgPrevalence));
      expect(v.names).toContain(f.fileName);
    }
    const v = value(ok<Result<FileView>>(await xdr.call('enrich_file', { hash: f.sha256 })));
    expect(v.relatedAlerts.items.map((a) => a.id).sort()).toEqual(
      alertsNamingFile(f.sha256).slice(0, 10).sort(),
    );
  });

  it('bad hashes are validation errors; an unknown file is not_found with the hash kind', async () => {
    for (const hash of ['abc', 'g'.repeat(40), 'a'.repeat(32), 'a'.repeat(63)]) {
      expect(toolError(await xdr.call('enrich_file', { hash })).code, hash).toBe('validation_error');
    }
    const missing = await xdr.call('enrich_file', { hash: '0'.repeat(64) });
    expect(toolError(missing).code).toBe('not_found');
    expect(text(missing)).toContain(`SHA-256 ${'0'.repeat(64)}`);
  });

  it('fans out: a file known in one tenant is not_found in its place elsewhere', async () => {
    const f = malware();
    const elsewhere = worldOf(xdr, 'fabrikam').files.some((x) => x.sha256 === f.sha256);
    const r = ok<Result<FileView>>(await xdr.call('enrich_file', { hash: f.sha256, tenant: '*' }));
    expect(r.results.find((x) => x.tenant === 'contoso')).toMatchObject({ ok: true });
    expect(r.results.find((x) => x.tenant === 'fabrikam')?.ok).toBe(elsewhere);
    if (!elsewhere)
      expect(r.results.find((x) => x.tenant === 'fabrikam')).toMatchObject({ error: { code: 'not_found' } });
  });
});
