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

/** Network hunting: rare destinations, ranges, beacons; failed-then-successful logons. */
export const NETWORK_CASES: CorpusCase[] = [
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
];
