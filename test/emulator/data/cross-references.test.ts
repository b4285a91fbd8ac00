import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../../src/emulator/data/model.js';
import { iso7 } from '../../../src/emulator/data/time.js';
import { createWorld, type TenantData } from '../../../src/emulator/data/world.js';
import type { Row } from '../../../src/emulator/kql/table.js';

const world = createWorld({ seed: 11, clock: { now: () => Date.parse('2026-11-21T08:00:00Z') } });

function rows(t: TenantData, table: string): Row[] {
  return [...(t.hunting.table(table)?.rows() ?? [])];
}

function evidenceOf(t: TenantData, type: string): Evidence[] {
  return t.alerts
    .flatMap((a) => a.evidence)
    .filter((e) => e['@odata.type'] === `#microsoft.graph.security.${type}`);
}

const MAIN_TYPES = [
  'deviceEvidence',
  'userEvidence',
  'ipEvidence',
  'fileEvidence',
  'processEvidence',
  'urlEvidence',
  'mailboxEvidence',
  'registryKeyEvidence',
  'registryValueEvidence',
  'analyzedMessageEvidence',
];

describe.each(world.tenants.map((t) => [t.key, t] as const))(
  'tenant %s: ids agree across resources',
  (_key, t) => {
    it('has evidence of every main @odata.type', () => {
      for (const type of MAIN_TYPES) expect(evidenceOf(t, type).length, type).toBeGreaterThan(0);
    });

    it('points device, file, process and registry evidence at machines that exist', () => {
      const ids = new Set(t.machines.map((m) => m.id));
      const refs = t.alerts.flatMap((a) => a.evidence).filter((e) => 'mdeDeviceId' in e);
      expect(refs.length).toBeGreaterThan(0);
      for (const e of refs) expect(ids.has(e.mdeDeviceId as string), String(e.mdeDeviceId)).toBe(true);
      for (const e of evidenceOf(t, 'deviceEvidence')) {
        const machine = t.machines.find((m) => m.id === e.mdeDeviceId);
        expect(e.deviceDnsName).toBe(machine?.computerDnsName);
      }
    });

    it('names users that exist, by UPN and object id', () => {
      const accounts = t.alerts
        .flatMap((a) => a.evidence)
        .filter((e) => 'userAccount' in e)
        .map((e) => e.userAccount as { userPrincipalName: string; azureAdUserId: string });
      expect(accounts.length).toBeGreaterThan(0);
      for (const a of accounts) {
        const user = t.users.find((u) => u.userPrincipalName === a.userPrincipalName);
        expect(user?.id, a.userPrincipalName).toBe(a.azureAdUserId);
      }
    });

    it('links every alert to an incident that exists (a redirected incident hands its alerts on)', () => {
      const ids = new Set(t.incidents.map((i) => i.id));
      for (const a of t.alerts) expect(ids.has(a.incidentId)).toBe(true);
      const redirected = t.incidents.filter((i) => i.status === 'redirected');
      expect(redirected).toHaveLength(1);
      expect(ids.has(redirected[0]?.redirectIncidentId ?? '')).toBe(true);
      expect(t.alerts.some((a) => a.incidentId === redirected[0]?.id)).toBe(false);
    });

    it('uses the real alert id formats', () => {
      const mde = t.alerts.filter((a) => a.serviceSource === 'microsoftDefenderForEndpoint');
      expect(mde.length).toBeGreaterThan(0);
      for (const a of mde) expect(a.id).toMatch(/^da\d{18}_-?\d{1,10}$/);
      const others = t.alerts.filter((a) => a.serviceSource !== 'microsoftDefenderForEndpoint');
      expect(new Set(others.map((a) => a.id.slice(0, 2)))).toEqual(new Set(['fa', 'aa', 'ad']));
      expect(new Set(t.alerts.map((a) => a.id)).size).toBe(t.alerts.length);
    });

    it('puts each alert process (the encoded PowerShell) in DeviceProcessEvents on that device at that time', () => {
      const processRows = rows(t, 'DeviceProcessEvents');
      const processes = evidenceOf(t, 'processEvidence');
      expect(processes.some((p) => String(p.processCommandLine).includes('-EncodedCommand'))).toBe(true);
      for (const p of processes) {
        const match = processRows.find(
          (r) =>
            r.DeviceId === p.mdeDeviceId &&
            r.ProcessCommandLine === p.processCommandLine &&
            iso7(r.Timestamp as number) === p.processCreationDateTime &&
            r.ProcessId === p.processId,
        );
        expect(match, String(p.processCommandLine)).toBeDefined();
      }
    });

    it('puts malware files in DeviceFileEvents and /api/files, registry values in DeviceEvents, mails in EmailEvents', () => {
      const fileRows = rows(t, 'DeviceFileEvents');
      for (const f of evidenceOf(t, 'fileEvidence')) {
        const details = f.fileDetails as { sha1: string; sha256: string };
        expect(fileRows.some((r) => r.SHA1 === details.sha1 && r.DeviceId === f.mdeDeviceId)).toBe(true);
        expect(
          t.files.some(
            (k) =>
              k.sha1 === details.sha1 && k.sha256 === details.sha256 && k.determinationType === 'Malware',
          ),
        ).toBe(true);
      }
      const deviceEvents = rows(t, 'DeviceEvents');
      for (const r of evidenceOf(t, 'registryValueEvidence')) {
        expect(
          deviceEvents.some(
            (d) =>
              d.ActionType === 'RegistryValueSet' &&
              d.RegistryValueName === r.registryValueName &&
              d.DeviceId === r.mdeDeviceId,
          ),
        ).toBe(true);
      }
      const mails = rows(t, 'EmailEvents');
      for (const m of evidenceOf(t, 'analyzedMessageEvidence')) {
        expect(
          mails.some(
            (e) =>
              e.NetworkMessageId === m.networkMessageId &&
              e.RecipientEmailAddress === m.recipientEmailAddress,
          ),
        ).toBe(true);
      }
    });

    it('mirrors every alert in AlertInfo and every evidence item in AlertEvidence', () => {
      const info = rows(t, 'AlertInfo');
      expect(info.map((r) => r.AlertId).sort()).toEqual(t.alerts.map((a) => a.id).sort());
      const evidence = rows(t, 'AlertEvidence');
      expect(evidence).toHaveLength(t.alerts.reduce((n, a) => n + a.evidence.length, 0));
      const machineIds = new Set(t.machines.map((m) => m.id));
      for (const r of evidence.filter((e) => e.EntityType === 'Machine'))
        expect(machineIds.has(r.DeviceId as string)).toBe(true);
    });

    it('marks users of risky sign-in stories high risk, with the attacker sign-in in the log', () => {
      const stories = t.alerts.filter((a) => a.title.startsWith('Unfamiliar sign-in properties'));
      expect(stories.length).toBeGreaterThan(0);
      for (const a of stories) {
        const account = a.evidence.find((e) => 'userAccount' in e)?.userAccount as
          | { azureAdUserId: string }
          | undefined;
        const userId = account?.azureAdUserId;
        const ip = a.evidence.find((e) => 'ipAddress' in e)?.ipAddress;
        expect(t.riskyUsers.find((r) => r.id === userId)?.riskLevel).toBe('high');
        expect(
          t.signIns.some(
            (s) => s.userId === userId && s.ipAddress === ip && s.riskLevelDuringSignIn === 'high',
          ),
        ).toBe(true);
      }
    });

    it('gives hunting rows real column names and types, device rows real machines', () => {
      const machineIds = new Set(t.machines.map((m) => m.id));
      for (const table of t.hunting.tables()) {
        const names = table.columns.map((c) => c.name);
        expect(names.length).toBeGreaterThan(1);
        let n = 0;
        for (const row of table.rows()) {
          expect(Object.keys(row)).toEqual(names);
          if ('DeviceId' in row && row.DeviceId !== '' && table.name !== 'AlertEvidence')
            expect(machineIds.has(row.DeviceId as string)).toBe(true);
          if (++n > 200) break;
        }
      }
      const process = t.hunting.table('DeviceProcessEvents');
      expect(process?.columns.find((c) => c.name === 'ProcessId')?.type).toBe('long');
      expect(t.hunting.table('DeviceNetworkEvents')?.columns.find((c) => c.name === 'RemotePort')?.type).toBe(
        'int',
      );
      expect(
        t.hunting.table('IdentityLogonEvents')?.columns.find((c) => c.name === 'AdditionalFields')?.type,
      ).toBe('dynamic');
    });
  },
);
