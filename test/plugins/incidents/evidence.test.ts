import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/defender/schemas/graph.js';
import { groupEvidence } from '../../../src/plugins/incidents/evidence.js';

const T = '#microsoft.graph.security.';
const MACHINE = 'a'.repeat(40);
const alert = (id: string, evidence: Record<string, unknown>[]) => ({ id, evidence }) as unknown as Alert;

describe('groupEvidence', () => {
  it('deduplicates an entity seen by several alerts and names every alert', () => {
    const device = {
      '@odata.type': `${T}deviceEvidence`,
      mdeDeviceId: MACHINE,
      deviceDnsName: 'pc1',
      verdict: 'suspicious',
    };
    const groups = groupEvidence([alert('a1', [device]), alert('a2', [device, device])]);
    expect(groups.devices).toEqual([
      expect.objectContaining({
        mdeDeviceId: MACHINE,
        dnsName: 'pc1',
        verdict: 'suspicious',
        alertIds: ['a1', 'a2'],
      }),
    ]);
  });

  it('tolerates missing and mistyped fields, drops entities without identity, counts kinds it does not group', () => {
    const groups = groupEvidence([
      alert('a1', [
        { '@odata.type': `${T}userEvidence`, userAccount: null },
        {
          '@odata.type': `${T}processEvidence`,
          processId: '12',
          imageFile: 'not an object',
          userAccount: { accountName: 'bob', domainName: 'CORP' },
        },
        { '@odata.type': `${T}ipEvidence` },
        { '@odata.type': `${T}cloudApplicationEvidence`, appId: 1 },
        { '@odata.type': `${T}cloudApplicationEvidence`, appId: 2 },
        { '@odata.type': 'something else entirely' },
      ]),
      alert('a2', []),
      { id: 'a3' } as unknown as Alert,
    ]);
    expect(groups.users).toEqual([]);
    expect(groups.processes[0]).toMatchObject({
      processId: undefined,
      image: undefined,
      account: 'CORP\\bob',
    });
    expect(groups.ips).toEqual([]);
    expect(groups.other).toEqual([
      { kind: 'cloudApplicationEvidence', count: 2 },
      { kind: 'unknown', count: 1 },
    ]);
  });

  it('keeps distinct processes on one device apart and cuts very long command lines', () => {
    const proc = (processId: number, processCommandLine: string) => ({
      '@odata.type': `${T}processEvidence`,
      mdeDeviceId: MACHINE,
      processId,
      processCreationDateTime: '2026-01-01T00:00:00Z',
      processCommandLine,
      imageFile: { fileName: 'cmd.exe', sha256: 'b'.repeat(64) },
    });
    const groups = groupEvidence([
      alert('a1', [proc(1, 'cmd /c one'), proc(2, `cmd /c ${'x'.repeat(5000)}`)]),
    ]);
    expect(groups.processes.map((p) => p.processId)).toEqual([1, 2]);
    expect(groups.processes[0]?.image).toMatchObject({ name: 'cmd.exe', sha256: 'b'.repeat(64) });
    expect(groups.processes[1]?.commandLine).toMatch(/… \[3007 more characters\]$/);
  });
});
