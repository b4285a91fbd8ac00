import { describe, expect, it } from 'vitest';
import { type ErrorBody, harness, type Listing } from './harness.js';

/** Defender Vulnerability Management endpoints, checked against each other and the machines. */

type Row = Record<string, unknown>;
const SEVERITY = ['Low', 'Medium', 'High', 'Critical'];

describe('vulnerability management', () => {
  it('a machine’s vulnerabilities follow its exposure level, worst first, with exploitability', async () => {
    const h = harness();
    const machines = h.world.tenant('contoso')?.machines ?? [];
    for (const machine of machines) {
      const reply = await h.call<Listing<Row>>('GET', `/api/machines/${machine.id}/vulnerabilities`);
      expect(reply.status).toBe(200);
      const ranks = reply.json.value.map((v) => SEVERITY.indexOf(String(v.severity)));
      expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
      const worst = ranks[0] ?? -1;
      if (machine.exposureLevel === 'None') expect(ranks).toEqual([]);
      if (machine.exposureLevel === 'Low') expect(worst).toBeLessThanOrEqual(1);
      if (machine.exposureLevel === 'Medium') expect(worst).toBeLessThanOrEqual(2);
    }
    const high = machines.find((m) => m.exposureLevel === 'High');
    const reply = await h.call<Listing<Row>>('GET', `/api/machines/${high?.id}/vulnerabilities`);
    expect(SEVERITY.indexOf(String(reply.json.value[0]?.severity))).toBeGreaterThanOrEqual(2);
    expect(reply.json.value[0]).toMatchObject({
      id: expect.stringMatching(/^CVE-\d{4}-\d+$/),
      cvssV3: expect.any(Number),
      publicExploit: expect.any(Boolean),
      exploitVerified: expect.any(Boolean),
      exploitInKit: expect.any(Boolean),
      exposedMachines: expect.any(Number),
    });
  });

  it('tenant-wide lists agree: vulnerabilities, machinesVulnerabilities, the export, software, recommendations', async () => {
    const h = harness();
    const vulns = await h.call<Listing<Row>>('GET', '/api/vulnerabilities');
    const rows = await h.call<Listing<Row>>('GET', '/api/vulnerabilities/machinesVulnerabilities');
    const exported = await h.call<Listing<Row>>('GET', '/api/machines/SoftwareVulnerabilitiesByMachine');
    expect(vulns.json['@odata.context']).toMatch(/#Vulnerabilities$/);
    for (const v of vulns.json.value) {
      const machines = new Set(rows.json.value.filter((r) => r.cveId === v.id).map((r) => r.machineId));
      expect(v.exposedMachines).toBe(machines.size);
      expect(machines.size).toBeGreaterThan(0);
    }
    const withCve = exported.json.value.filter((r) => r.cveId !== null);
    expect(withCve.length).toBe(rows.json.value.length);
    expect(exported.json.value.some((r) => r.cveId === null && r.securityUpdateAvailable === false)).toBe(
      true,
    );
    expect(exported.json.value[0]).toHaveProperty('exploitabilityLevel');
    const software = await h.call<Listing<Row>>('GET', "/api/Software?$filter=vendor eq 'google'");
    expect(software.json.value.map((s) => s.id)).toEqual(['google-_-chrome']);
    const recs = await h.call<Listing<Row>>('GET', '/api/recommendations');
    for (const r of recs.json.value) {
      const product = String(r.productName);
      const exposed = new Set(
        rows.json.value.filter((x) => x.productName === product).map((x) => x.machineId),
      );
      expect(r.exposedMachinesCount).toBe(exposed.size);
      expect(r.id).toBe(`va-_-${r.vendor}-_-${product}`);
    }
  });

  it('a machine’s software and recommendations, the exposure score, and single records', async () => {
    const h = harness();
    const high = h.world.tenant('contoso')?.machines.find((m) => m.exposureLevel === 'High');
    const software = await h.call<Listing<Row>>('GET', `/api/machines/${high?.id}/software`);
    const recs = await h.call<Listing<Row>>('GET', `/api/machines/${high?.computerDnsName}/recommendations`);
    expect(software.json.value.length).toBeGreaterThan(0);
    expect(recs.json.value.length).toBeGreaterThan(0);
    const ids = new Set(software.json.value.map((s) => `va-_-${s.id}`));
    for (const r of recs.json.value) expect(ids.has(String(r.id))).toBe(true);
    const score = await h.call<Row>('GET', '/api/exposureScore');
    expect(score.json['@odata.context']).toMatch(/ExposureScore\/\$entity$/);
    expect(score.json.score).toBeGreaterThan(0);
    expect(score.json.score).toBeLessThan(100);
    const rec = recs.json.value[0];
    expect((await h.call<Row>('GET', `/api/recommendations/${rec?.id}`)).json.id).toBe(rec?.id);
    const vulns = await h.call<Listing<Row>>('GET', `/api/machines/${high?.id}/vulnerabilities`);
    const cve = String(vulns.json.value[0]?.id);
    expect((await h.call<Row>('GET', `/api/vulnerabilities/${cve.toLowerCase()}`)).json.id).toBe(cve);
  });

  it('is deterministic for a seed and the same for both routes to a machine', async () => {
    const a = harness({ seed: 7 });
    const b = harness({ seed: 7 });
    const first = await a.call('GET', '/api/machines/SoftwareVulnerabilitiesByMachine');
    const second = await b.call('GET', '/api/machines/SoftwareVulnerabilitiesByMachine');
    expect(first.json).toEqual(second.json);
  });

  it('pages the export by pageSize with a skiptoken, $top without a nextLink', async () => {
    const h = harness();
    const all = await h.call<Listing<Row>>('GET', '/api/machines/SoftwareVulnerabilitiesByMachine');
    const seen: Row[] = [];
    let next: string | undefined = '/api/machines/SoftwareVulnerabilitiesByMachine?pageSize=25';
    while (next) {
      const page: { json: Listing<Row> } = await h.call<Listing<Row>>('GET', next);
      expect(page.json.value.length).toBeLessThanOrEqual(25);
      seen.push(...page.json.value);
      next = page.json['@odata.nextLink'];
    }
    expect(seen).toEqual(all.json.value);
    const top = await h.call<Listing<Row>>('GET', '/api/machines/SoftwareVulnerabilitiesByMachine?$top=3');
    expect(top.json.value).toHaveLength(3);
    expect(top.json['@odata.nextLink']).toBeUndefined();
  });

  it.each([
    ['/api/machines/SoftwareVulnerabilitiesByMachine?pageSize=0', 400, 'InvalidParameterValue'],
    ['/api/machines/SoftwareVulnerabilitiesByMachine?pageSize=200001', 400, 'InvalidParameterValue'],
    ['/api/machines/SoftwareVulnerabilitiesByMachine?$skiptoken=%%%', 400, 'InvalidParameterValue'],
    ['/api/vulnerabilities?$top=8001', 400, 'ODataError'],
    ["/api/vulnerabilities?$filter=severity eq 'Severe'", 400, 'ODataError'],
    ['/api/Software?$filter=weaknesses gt 1', 400, 'ODataError'],
    ['/api/machines/0000000000000000000000000000000000000000/vulnerabilities', 404, 'ResourceNotFound'],
    ['/api/machines/nope/software', 404, 'ResourceNotFound'],
    ['/api/vulnerabilities/CVE-1999-0001', 404, 'ResourceNotFound'],
    ['/api/recommendations/va-_-nobody-_-nothing', 404, 'ResourceNotFound'],
  ])('GET %s -> %i %s', async (url, status, code) => {
    const reply = await harness().call<ErrorBody>('GET', url);
    expect(reply.status).toBe(status);
    expect(reply.json.error.code).toBe(code);
  });

  it('filters by documented properties', async () => {
    const h = harness();
    const critical = await h.call<Listing<Row>>('GET', "/api/vulnerabilities?$filter=severity eq 'Critical'");
    expect(critical.json.value.every((v) => v.severity === 'Critical')).toBe(true);
    const machine = h.world.tenant('contoso')?.machines.find((m) => m.exposureLevel === 'High');
    const rows = await h.call<Listing<Row>>(
      'GET',
      `/api/vulnerabilities/machinesVulnerabilities?$filter=machineId eq '${machine?.id}'`,
    );
    expect(rows.json.value.length).toBeGreaterThan(0);
    expect(rows.json.value.every((r) => r.machineId === machine?.id)).toBe(true);
  });
});
