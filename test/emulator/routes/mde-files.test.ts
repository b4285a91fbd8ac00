import { describe, expect, it } from 'vitest';
import { type ErrorBody, harness, type JsonObject } from './harness.js';

describe('MDE files and IPs', () => {
  it('returns a story malware file by SHA1 or SHA256, with stats', async () => {
    const h = harness();
    const file = h.world.tenant('contoso')?.files.find((f) => f.determinationType === 'Malware');
    const bySha1 = await h.call<JsonObject>('GET', `/api/files/${file?.sha1.toUpperCase()}`);
    expect(bySha1.status).toBe(200);
    expect(bySha1.json).toMatchObject({
      sha1: file?.sha1,
      sha256: file?.sha256,
      determinationType: 'Malware',
    });
    const bySha256 = await h.call<JsonObject>('GET', `/api/files/${file?.sha256}`);
    expect(bySha256.json.sha1).toBe(file?.sha1);
    const stats = await h.call<JsonObject>('GET', `/api/files/${file?.sha1}/stats`);
    expect(stats.json).toMatchObject({
      sha1: file?.sha1,
      orgPrevalence: '1',
      topFileNames: [file?.fileName],
    });
  });

  it('400s a malformed hash and 404s an unknown one', async () => {
    const h = harness();
    const bad = await h.call<ErrorBody>('GET', '/api/files/not-a-hash');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('InvalidHashValue');
    const unknown = await h.call<ErrorBody>('GET', `/api/files/${'0'.repeat(40)}/stats`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('ResourceNotFound');
  });

  it('counts the devices that saw an IP: a machine address and an attacker address from alert evidence', async () => {
    const h = harness();
    const tenant = h.world.tenant('contoso');
    const m = tenant?.machines[0];
    const own = await h.call<JsonObject>('GET', `/api/ips/${m?.lastIpAddress}/stats`);
    expect(own.json).toMatchObject({ ipAddress: m?.lastIpAddress });
    expect(Number(own.json.orgPrevalence)).toBeGreaterThanOrEqual(1);
    const attacker = tenant?.alerts
      .flatMap((a) => a.evidence)
      .find((e) => e['@odata.type'].endsWith('ipEvidence') && String(e.ipAddress).startsWith('203.0.113.'));
    const seen = await h.call<JsonObject>('GET', `/api/ips/${attacker?.ipAddress}/stats`);
    expect(seen.json.orgFirstSeen).not.toBeNull();
    const never = await h.call<JsonObject>('GET', '/api/ips/192.0.2.255/stats');
    expect(never.json).toMatchObject({ orgPrevalence: '0', orgFirstSeen: null });
    const invalid = await h.call<ErrorBody>('GET', '/api/ips/999.1.1.1/stats');
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.code).toBe('InvalidIpAddress');
  });
});
