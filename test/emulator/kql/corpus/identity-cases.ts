import type { Row } from '../../../../src/emulator/kql/table.js';
import { type CorpusCase, distinctCount, groupBy, groupOn, keyValues, s } from './support.js';

function _ipInRange(ip: unknown, prefix: string): boolean {
  return s(ip).startsWith(prefix);
}

/** Logon and identity hunting: brute force, local admins, applications, joins across tables. */
export const IDENTITY_CASES: CorpusCase[] = [
  {
    name: 'logons by type and outcome',
    query: 'DeviceLogonEvents | summarize Logons = count() by LogonType, ActionType',
    expected: (t) =>
      [...groupOn(t('DeviceLogonEvents'), ['LogonType', 'ActionType'])].map(([, g]) => ({
        ...keyValues(['LogonType', 'ActionType'], g),
        Logons: g.length,
      })),
  },
  {
    name: 'local administrator logons',
    query:
      'DeviceLogonEvents | where IsLocalAdmin == true and ActionType == "LogonSuccess" | distinct AccountName, DeviceName',
    expected: (t) =>
      [
        ...groupOn(
          t('DeviceLogonEvents').filter((r) => r.IsLocalAdmin === true && r.ActionType === 'LogonSuccess'),
          ['AccountName', 'DeviceName'],
        ),
      ].map(([, g]) => keyValues(['AccountName', 'DeviceName'], g)),
  },
  {
    name: 'remote interactive logons and their sources',
    query: `DeviceLogonEvents
      | where LogonType == "RemoteInteractive"
      | summarize Sources = make_set(RemoteIP), Logons = count() by DeviceName
      | extend SourceCount = array_length(Sources)
      | project DeviceName, Logons, SourceCount`,
    expected: (t) =>
      [
        ...groupBy(
          t('DeviceLogonEvents').filter((r) => r.LogonType === 'RemoteInteractive'),
          (r) => r.DeviceName,
        ),
      ].map(([DeviceName, g]) => ({
        DeviceName,
        Logons: g.length,
        SourceCount: new Set(g.map((r) => r.RemoteIP).filter((ip) => ip !== null)).size,
      })),
  },
  {
    name: 'users per cloud application',
    query:
      'IdentityLogonEvents | summarize Users = dcount(AccountUpn), Failures = countif(ActionType == "LogonFailed") by Application',
    expected: (t) =>
      [...groupBy(t('IdentityLogonEvents'), (r) => r.Application)].map(([Application, g]) => ({
        Application,
        Users: distinctCount(g, 'AccountUpn'),
        Failures: g.filter((r) => r.ActionType === 'LogonFailed').length,
      })),
  },
  {
    name: 'sign-ins by location',
    query: 'IdentityLogonEvents | where isnotempty(Location) | summarize SignIns = count() by Location',
    expected: (t) =>
      [
        ...groupBy(
          t('IdentityLogonEvents').filter((r) => s(r.Location) !== ''),
          (r) => r.Location,
        ),
      ].map(([Location, g]) => ({
        Location,
        SignIns: g.length,
      })),
  },
  {
    name: 'failure counters read from the dynamic AdditionalFields',
    query: `IdentityLogonEvents
      | extend Count = toint(AdditionalFields.Count)
      | where Count > 0
      | summarize Total = sum(Count) by AccountUpn`,
    expected: (t) => {
      const countOf = (r: Row) =>
        Math.trunc(Number((r.AdditionalFields as { Count?: unknown } | null)?.Count));
      const rows = t('IdentityLogonEvents').filter((r) => countOf(r) > 0);
      return [...groupBy(rows, (r) => r.AccountUpn)].map(([AccountUpn, g]) => ({
        AccountUpn,
        Total: g.reduce((a, r) => a + countOf(r), 0),
      }));
    },
  },
  {
    name: 'accounts with failures that also logged on successfully (leftsemi)',
    query: `DeviceLogonEvents
      | where ActionType == "LogonFailed"
      | distinct AccountName
      | join kind=leftsemi (DeviceLogonEvents | where ActionType == "LogonSuccess") on AccountName`,
    expected: (t) => {
      const ok = new Set(
        t('DeviceLogonEvents')
          .filter((r) => r.ActionType === 'LogonSuccess')
          .map((r) => r.AccountName),
      );
      return [
        ...new Set(
          t('DeviceLogonEvents')
            .filter((r) => r.ActionType === 'LogonFailed')
            .map((r) => r.AccountName),
        ),
      ]
        .filter((a) => ok.has(a))
        .map((AccountName) => ({ AccountName }));
    },
  },
  {
    name: 'accounts that only ever failed (leftanti)',
    query: `DeviceLogonEvents
      | where ActionType == "LogonFailed"
      | summarize Failures = count() by AccountName
      | join kind=leftanti (DeviceLogonEvents | where ActionType == "LogonSuccess") on AccountName`,
    allowEmpty: true,
    expected: (t) => {
      const ok = new Set(
        t('DeviceLogonEvents')
          .filter((r) => r.ActionType === 'LogonSuccess')
          .map((r) => r.AccountName),
      );
      return [
        ...groupBy(
          t('DeviceLogonEvents').filter((r) => r.ActionType === 'LogonFailed'),
          (r) => r.AccountName,
        ),
      ]
        .filter(([a]) => !ok.has(a))
        .map(([AccountName, g]) => ({ AccountName, Failures: g.length }));
    },
  },
  {
    name: 'network activity of devices named in alerts',
    query: `let alerted = AlertEvidence | where EntityType == "Machine" | distinct DeviceId;
      DeviceNetworkEvents
      | where DeviceId in (alerted)
      | summarize Connections = count() by DeviceId`,
    expected: (t) => {
      const alerted = new Set(
        t('AlertEvidence')
          .filter((r) => r.EntityType === 'Machine')
          .map((r) => r.DeviceId),
      );
      return [
        ...groupBy(
          t('DeviceNetworkEvents').filter((r) => alerted.has(r.DeviceId)),
          (r) => r.DeviceId,
        ),
      ].map(([DeviceId, g]) => ({ DeviceId, Connections: g.length }));
    },
  },
  {
    name: 'a device timeline across tables with union withsource',
    query: `let device = toscalar(DeviceProcessEvents | summarize count() by DeviceId | top 1 by count_ | project DeviceId);
      union withsource=Source DeviceProcessEvents, DeviceNetworkEvents, DeviceFileEvents
      | where DeviceId == device
      | summarize Events = count() by Source`,
    expected: (t) => {
      const counts = [...groupBy(t('DeviceProcessEvents'), (r) => r.DeviceId)].map(([id, g]) => ({
        id,
        n: g.length,
      }));
      const max = Math.max(...counts.map((c) => c.n));
      const device = counts.find((c) => c.n === max)?.id;
      return ['DeviceProcessEvents', 'DeviceNetworkEvents', 'DeviceFileEvents']
        .map((Source) => ({ Source, Events: t(Source).filter((r) => r.DeviceId === device).length }))
        .filter((r) => r.Events > 0);
    },
  },
  {
    name: 'sign-ins outside office hours',
    query: `IdentityLogonEvents
      | where ActionType == "LogonSuccess" and hourofday(Timestamp) !between (7 .. 19)
      | summarize OffHours = count() by AccountUpn`,
    expected: (t) =>
      [
        ...groupBy(
          t('IdentityLogonEvents').filter((r) => {
            const hour = new Date(r.Timestamp as number).getUTCHours();
            return r.ActionType === 'LogonSuccess' && (hour < 7 || hour > 19);
          }),
          (r) => r.AccountUpn,
        ),
      ].map(([AccountUpn, g]) => ({ AccountUpn, OffHours: g.length })),
  },
];
