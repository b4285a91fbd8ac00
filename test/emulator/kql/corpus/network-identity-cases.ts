import type { Row } from '../../../../src/emulator/kql/table.js';
import {
  type CorpusCase,
  distinctCount,
  groupBy,
  groupOn,
  HOUR,
  isPrivateIPv4,
  keyValues,
  s,
} from './support.js';

function ipInRange(ip: unknown, prefix: string): boolean {
  return s(ip).startsWith(prefix);
}

/** Network and logon hunting: rare destinations, brute force, failed-then-successful logons. */
export const NETWORK_IDENTITY_CASES: CorpusCase[] = [
  {
    name: 'outbound connections to rare public IPs (seen from one or two devices)',
    query: `DeviceNetworkEvents
      | where RemoteIPType == "Public"
      | summarize Devices = dcount(DeviceId), Connections = count() by RemoteIP
      | where Devices <= 4`,
    expected: (t) =>
      [
        ...groupBy(
          t('DeviceNetworkEvents').filter((r) => r.RemoteIPType === 'Public'),
          (r) => r.RemoteIP,
        ),
      ]
        .map(([RemoteIP, g]) => ({ RemoteIP, Devices: distinctCount(g, 'DeviceId'), Connections: g.length }))
        .filter((r) => r.Devices <= 4),
  },
  {
    name: 'successful connections to non-private addresses by port',
    query: `DeviceNetworkEvents
      | where ActionType == "ConnectionSuccess" and not(ipv4_is_private(RemoteIP))
      | summarize Connections = count() by RemotePort`,
    expected: (t) =>
      [
        ...groupBy(
          t('DeviceNetworkEvents').filter(
            (r) => r.ActionType === 'ConnectionSuccess' && !isPrivateIPv4(r.RemoteIP),
          ),
          (r) => r.RemotePort,
        ),
      ].map(([RemotePort, g]) => ({ RemotePort, Connections: g.length })),
  },
  {
    name: 'connections into a documentation range with ipv4_is_in_range',
    query:
      'DeviceNetworkEvents | where ipv4_is_in_range(RemoteIP, "203.0.113.0/24") | summarize count() by RemoteUrl',
    expected: (t) =>
      [
        ...groupBy(
          t('DeviceNetworkEvents').filter((r) => ipInRange(r.RemoteIP, '203.0.113.')),
          (r) => r.RemoteUrl,
        ),
      ].map(([RemoteUrl, g]) => ({ RemoteUrl, count_: g.length })),
  },
  {
    name: 'failed connections per device and process',
    query: `DeviceNetworkEvents
      | where ActionType == "ConnectionFailed"
      | summarize Failures = count(), Targets = dcount(RemoteIP) by DeviceName, InitiatingProcessFileName`,
    expected: (t) =>
      [
        ...groupOn(
          t('DeviceNetworkEvents').filter((r) => r.ActionType === 'ConnectionFailed'),
          ['DeviceName', 'InitiatingProcessFileName'],
        ),
      ].map(([, g]) => ({
        ...keyValues(['DeviceName', 'InitiatingProcessFileName'], g),
        Failures: g.length,
        Targets: distinctCount(g, 'RemoteIP'),
      })),
  },
  {
    name: 'top 10 remote URLs by connections',
    query:
      'DeviceNetworkEvents | where isnotempty(RemoteUrl) | summarize Connections = count() by RemoteUrl | top 10 by Connections | project Connections',
    ordered: true,
    expected: (t) =>
      [
        ...groupBy(
          t('DeviceNetworkEvents').filter((r) => s(r.RemoteUrl) !== ''),
          (r) => r.RemoteUrl,
        ),
      ]
        .map(([, g]) => g.length)
        .sort((a, b) => b - a)
        .slice(0, 10)
        .map((Connections) => ({ Connections })),
  },
  {
    name: 'distinct destinations per initiating process',
    query: 'DeviceNetworkEvents | summarize Destinations = dcount(RemoteIP) by InitiatingProcessFileName',
    expected: (t) =>
      [...groupBy(t('DeviceNetworkEvents'), (r) => r.InitiatingProcessFileName)].map(
        ([InitiatingProcessFileName, g]) => ({
          InitiatingProcessFileName,
          Destinations: distinctCount(g, 'RemoteIP'),
        }),
      ),
  },
  {
    name: 'beacon-like pairs: many connections spread over hours',
    query: `DeviceNetworkEvents
      | summarize Connections = count(), First = min(Timestamp), Last = max(Timestamp) by DeviceId, RemoteIP
      | where Connections >= 2
      | extend Hours = datetime_diff("hour", Last, First)
      | project DeviceId, RemoteIP, Connections, Hours`,
    expected: (t) =>
      [...groupOn(t('DeviceNetworkEvents'), ['DeviceId', 'RemoteIP'])]
        .map(([, g]) => {
          const times = g.map((r) => r.Timestamp as number);
          const first = Math.min(...times);
          const last = Math.max(...times);
          return {
            ...keyValues(['DeviceId', 'RemoteIP'], g),
            Connections: g.length,
            Hours: Math.floor(last / HOUR) - Math.floor(first / HOUR),
          };
        })
        .filter((r) => r.Connections >= 2),
  },
  {
    name: 'failed-then-successful logons on the same device',
    query: `let failures = DeviceLogonEvents
        | where ActionType == "LogonFailed"
        | summarize Failures = count(), FirstFailure = min(Timestamp) by AccountName, DeviceId;
      let successes = DeviceLogonEvents
        | where ActionType == "LogonSuccess"
        | summarize LastSuccess = max(Timestamp) by AccountName, DeviceId;
      failures
      | join kind=inner successes on AccountName, DeviceId
      | where Failures >= 3 and LastSuccess > FirstFailure
      | project AccountName, DeviceId, Failures`,
    expected: (t) => {
      const logons = t('DeviceLogonEvents');
      const ok = groupOn(
        logons.filter((r) => r.ActionType === 'LogonSuccess'),
        ['AccountName', 'DeviceId'],
      );
      return [
        ...groupOn(
          logons.filter((r) => r.ActionType === 'LogonFailed'),
          ['AccountName', 'DeviceId'],
        ),
      ]
        .filter(([key, g]) => {
          const successes = ok.get(key);
          if (!successes || g.length < 3) return false;
          const firstFailure = Math.min(...g.map((r) => r.Timestamp as number));
          return Math.max(...successes.map((r) => r.Timestamp as number)) > firstFailure;
        })
        .map(([, g]) => ({ ...keyValues(['AccountName', 'DeviceId'], g), Failures: g.length }));
    },
  },
  {
    name: 'failed logons by reason',
    query:
      'DeviceLogonEvents | where ActionType == "LogonFailed" | summarize Failures = count() by FailureReason',
    expected: (t) =>
      [
        ...groupBy(
          t('DeviceLogonEvents').filter((r) => r.ActionType === 'LogonFailed'),
          (r) => s(r.FailureReason),
        ),
      ].map(([FailureReason, g]) => ({ FailureReason, Failures: g.length })),
  },
  {
    name: 'LDAP brute force: many failures from one address',
    query: `IdentityLogonEvents
      | where ActionType == "LogonFailed"
      | summarize Attempts = count(), Accounts = dcount(AccountUpn) by IPAddress
      | where Attempts > 10`,
    expected: (t) =>
      [
        ...groupBy(
          t('IdentityLogonEvents').filter((r) => r.ActionType === 'LogonFailed'),
          (r) => r.IPAddress,
        ),
      ]
        .map(([IPAddress, g]) => ({
          IPAddress,
          Attempts: g.length,
          Accounts: distinctCount(g, 'AccountUpn'),
        }))
        .filter((r) => r.Attempts > 10),
  },
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
];
