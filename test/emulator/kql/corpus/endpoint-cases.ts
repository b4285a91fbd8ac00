import type { Row } from '../../../../src/emulator/kql/table.js';
import {
  type CorpusCase,
  DAY,
  distinctCount,
  groupBy,
  groupOn,
  HOUR,
  iso,
  keyValues,
  lower,
  maxBy,
  s,
  terms,
} from './support.js';

const SHELLS = ['powershell.exe', 'pwsh.exe', 'cmd.exe', 'wscript.exe', 'cscript.exe', 'mshta.exe'];
const OFFICE = ['winword.exe', 'excel.exe', 'outlook.exe', 'powerpnt.exe'];

/** Process, file, registry and device hunting: the classic endpoint queries. */
export const ENDPOINT_CASES: CorpusCase[] = [
  {
    name: 'encoded PowerShell command lines',
    query: `DeviceProcessEvents
      | where FileName in~ ("powershell.exe", "pwsh.exe") and ProcessCommandLine has_any ("enc", "encodedcommand")
      | project Timestamp, DeviceName, AccountName, ProcessCommandLine`,
    expected: (t) =>
      t('DeviceProcessEvents')
        .filter((r) => ['powershell.exe', 'pwsh.exe'].includes(lower(r.FileName)))
        .filter((r) => terms(r.ProcessCommandLine).some((w) => w === 'enc' || w === 'encodedcommand'))
        .map((r) => ({
          Timestamp: iso(r.Timestamp),
          DeviceName: r.DeviceName,
          AccountName: r.AccountName,
          ProcessCommandLine: r.ProcessCommandLine,
        })),
  },
  {
    name: 'encoded PowerShell per device, most recent first',
    query: `DeviceProcessEvents
      | where ProcessCommandLine contains "-EncodedCommand"
      | summarize Runs = count(), Last = max(Timestamp) by DeviceId
      | order by Last desc`,
    ordered: true,
    expected: (t) =>
      [
        ...groupBy(
          t('DeviceProcessEvents').filter((r) => lower(r.ProcessCommandLine).includes('-encodedcommand')),
          (r) => r.DeviceId,
        ),
      ]
        .map(([id, rows]) => ({
          DeviceId: id,
          Runs: rows.length,
          Last: Math.max(...rows.map((r) => r.Timestamp as number)),
        }))
        .sort((a, b) => b.Last - a.Last)
        .map((r) => ({ ...r, Last: iso(r.Last) })),
  },
  {
    name: 'Office applications spawning script interpreters',
    query: `DeviceProcessEvents
      | where InitiatingProcessFileName in~ ("winword.exe", "excel.exe", "outlook.exe", "powerpnt.exe")
      | where FileName in~ ("powershell.exe", "pwsh.exe", "cmd.exe", "wscript.exe", "cscript.exe", "mshta.exe")
      | summarize Count = count() by Parent = tolower(InitiatingProcessFileName), Child = tolower(FileName)`,
    expected: (t) => {
      const rows = t('DeviceProcessEvents').filter(
        (r) => OFFICE.includes(lower(r.InitiatingProcessFileName)) && SHELLS.includes(lower(r.FileName)),
      );
      return [...groupBy(rows, (r) => `${lower(r.InitiatingProcessFileName)}|${lower(r.FileName)}`)].map(
        ([k, g]) => {
          const [Parent, Child] = k.split('|');
          return { Parent, Child, Count: g.length };
        },
      );
    },
  },
  {
    name: 'rare parent-child process pairs',
    query: `DeviceProcessEvents
      | summarize Count = count(), Devices = dcount(DeviceId) by InitiatingProcessFileName, FileName
      | where Count < 40`,
    expected: (t) =>
      [...groupOn(t('DeviceProcessEvents'), ['InitiatingProcessFileName', 'FileName'])]
        .map(([, g]) => ({
          ...keyValues(['InitiatingProcessFileName', 'FileName'], g),
          Count: g.length,
          Devices: distinctCount(g, 'DeviceId'),
        }))
        .filter((r) => r.Count < 40),
  },
  {
    name: 'living-off-the-land binaries by name (reg.exe and friends)',
    query: `let lolbins = dynamic(["certutil.exe", "mshta.exe", "rundll32.exe", "regsvr32.exe", "bitsadmin.exe", "reg.exe", "wmic.exe"]);
      DeviceProcessEvents
      | where tolower(FileName) in (lolbins)
      | summarize Executions = count(), Devices = dcount(DeviceId), Accounts = make_set(AccountName) by Binary = tolower(FileName)`,
    expected: (t) => {
      const names = [
        'certutil.exe',
        'mshta.exe',
        'rundll32.exe',
        'regsvr32.exe',
        'bitsadmin.exe',
        'reg.exe',
        'wmic.exe',
      ];
      const rows = t('DeviceProcessEvents').filter((r) => names.includes(lower(r.FileName)));
      return [...groupBy(rows, (r) => lower(r.FileName))].map(([Binary, g]) => ({
        Binary,
        Executions: g.length,
        Devices: distinctCount(g, 'DeviceId'),
        Accounts: [...new Set(g.map((r) => s(r.AccountName)).filter((a) => a !== ''))],
      }));
    },
  },
  {
    name: 'processes started from a Downloads folder',
    query: `DeviceFileEvents
      | where FolderPath contains @"\\Downloads\\" and FileName endswith ".exe"
      | distinct DeviceName, FileName, SHA256`,
    expected: (t) => {
      const rows = t('DeviceFileEvents').filter(
        (r) => lower(r.FolderPath).includes('\\downloads\\') && lower(r.FileName).endsWith('.exe'),
      );
      return [...groupOn(rows, ['DeviceName', 'FileName', 'SHA256'])].map(([, g]) =>
        keyValues(['DeviceName', 'FileName', 'SHA256'], g),
      );
    },
  },
  {
    name: 'files whose hash appears in alert evidence',
    query: `let hashes = AlertEvidence | where isnotempty(SHA256) | distinct SHA256;
      DeviceFileEvents
      | where SHA256 in (hashes)
      | summarize Devices = dcount(DeviceId), Events = count() by SHA256`,
    expected: (t) => {
      const hashes = new Set(
        t('AlertEvidence')
          .map((r) => s(r.SHA256))
          .filter((h) => h !== ''),
      );
      const rows = t('DeviceFileEvents').filter((r) => hashes.has(s(r.SHA256)));
      return [...groupBy(rows, (r) => r.SHA256)].map(([SHA256, g]) => ({
        SHA256,
        Devices: distinctCount(g, 'DeviceId'),
        Events: g.length,
      }));
    },
  },
  {
    name: 'latest process per device with arg_max',
    query: `DeviceProcessEvents
      | summarize arg_max(Timestamp, FileName, ProcessCommandLine) by DeviceId`,
    expected: (t) =>
      [...groupBy(t('DeviceProcessEvents'), (r) => r.DeviceId)].map(([DeviceId, g]) => {
        const last = maxBy(g, 'Timestamp') as Row;
        return {
          DeviceId,
          Timestamp: iso(last.Timestamp),
          FileName: last.FileName,
          ProcessCommandLine: last.ProcessCommandLine,
        };
      }),
  },
  {
    name: 'process creations per hour',
    query: 'DeviceProcessEvents | summarize Events = count() by bin(Timestamp, 1h)',
    expected: (t) =>
      [...groupBy(t('DeviceProcessEvents'), (r) => Math.floor((r.Timestamp as number) / HOUR) * HOUR)].map(
        ([h, g]) => ({
          Timestamp: iso(h),
          Events: g.length,
        }),
      ),
  },
  {
    name: 'events per day with startofday',
    query: 'DeviceFileEvents | summarize Events = count() by Day = startofday(Timestamp) | order by Day asc',
    ordered: true,
    expected: (t) =>
      [...groupBy(t('DeviceFileEvents'), (r) => Math.floor((r.Timestamp as number) / DAY) * DAY)]
        .sort(([a], [b]) => a - b)
        .map(([d, g]) => ({ Day: iso(d), Events: g.length })),
  },
  {
    name: 'long command lines',
    query: `DeviceProcessEvents
      | extend Length = strlen(ProcessCommandLine)
      | where Length > 200
      | project DeviceName, FileName, Length`,
    expected: (t) =>
      t('DeviceProcessEvents')
        .filter((r) => s(r.ProcessCommandLine).length > 200)
        .map((r) => ({
          DeviceName: r.DeviceName,
          FileName: r.FileName,
          Length: s(r.ProcessCommandLine).length,
        })),
  },
  {
    name: 'download origins extracted from URLs',
    query: `DeviceFileEvents
      | where isnotempty(FileOriginUrl)
      | extend Host = extract(@"^https?://([^/:]+)", 1, FileOriginUrl)
      | summarize Files = dcount(SHA256) by Host`,
    expected: (t) => {
      const rows = t('DeviceFileEvents').filter((r) => s(r.FileOriginUrl) !== '');
      return [...groupBy(rows, (r) => /^https?:\/\/([^/:]+)/.exec(s(r.FileOriginUrl))?.[1] ?? '')].map(
        ([Host, g]) => ({
          Host,
          Files: distinctCount(g, 'SHA256'),
        }),
      );
    },
  },
  {
    name: 'executables written under user profiles',
    query: `DeviceFileEvents
      | where ActionType == "FileCreated" and FileName endswith ".exe" and FolderPath startswith @"C:\\Users\\"
      | count`,
    expected: (t) => [
      {
        Count: t('DeviceFileEvents').filter(
          (r) =>
            r.ActionType === 'FileCreated' &&
            lower(r.FileName).endsWith('.exe') &&
            lower(r.FolderPath).startsWith('c:\\users\\'),
        ).length,
      },
    ],
  },
  {
    name: 'Run-key persistence in the registry',
    query: `DeviceEvents
      | where ActionType == "RegistryValueSet" and RegistryKey contains @"\\CurrentVersion\\Run"
      | project Timestamp, DeviceName, RegistryValueName, RegistryValueData`,
    expected: (t) =>
      t('DeviceEvents')
        .filter(
          (r) =>
            r.ActionType === 'RegistryValueSet' && lower(r.RegistryKey).includes('\\currentversion\\run'),
        )
        .map((r) => ({
          Timestamp: iso(r.Timestamp),
          DeviceName: r.DeviceName,
          RegistryValueName: r.RegistryValueName,
          RegistryValueData: r.RegistryValueData,
        })),
  },
  {
    name: 'distinct parent processes, counted',
    query: 'DeviceProcessEvents | distinct InitiatingProcessFileName | count',
    expected: (t) => [
      { Count: new Set(t('DeviceProcessEvents').map((r) => s(r.InitiatingProcessFileName))).size },
    ],
  },
  {
    name: 'PowerShell processes joined to their outbound connections (process + network)',
    query: `DeviceProcessEvents
      | where FileName =~ "powershell.exe"
      | project DeviceId, ProcessId, ProcessCommandLine
      | join kind=inner (
          DeviceNetworkEvents
          | where RemoteIPType == "Public"
          | project DeviceId, InitiatingProcessId, RemoteIP, RemoteUrl
        ) on DeviceId, $left.ProcessId == $right.InitiatingProcessId
      | project DeviceId, ProcessId, RemoteIP, RemoteUrl`,
    expected: (t) => {
      const procs = t('DeviceProcessEvents').filter((r) => lower(r.FileName) === 'powershell.exe');
      const conns = t('DeviceNetworkEvents').filter((r) => r.RemoteIPType === 'Public');
      return procs.flatMap((p) =>
        conns
          .filter((c) => c.DeviceId === p.DeviceId && c.InitiatingProcessId === p.ProcessId)
          .map((c) => ({
            DeviceId: p.DeviceId,
            ProcessId: p.ProcessId,
            RemoteIP: c.RemoteIP,
            RemoteUrl: c.RemoteUrl,
          })),
      );
    },
  },
  {
    name: 'logged-on users expanded from DeviceInfo JSON',
    query: `DeviceInfo
      | extend Users = parse_json(LoggedOnUsers)
      | mv-expand Users
      | extend UserName = tostring(Users.UserName)
      | summarize Devices = dcount(DeviceId) by UserName`,
    expected: (t) => {
      const pairs = t('DeviceInfo').flatMap((r) =>
        (JSON.parse(s(r.LoggedOnUsers) || '[]') as { UserName?: string }[]).map((u) => ({
          UserName: s(u.UserName),
          DeviceId: r.DeviceId,
        })),
      );
      return [...groupBy(pairs, (p) => p.UserName)].map(([UserName, g]) => ({
        UserName,
        Devices: new Set(g.map((p) => p.DeviceId)).size,
      }));
    },
  },
  {
    name: 'latest OS platform per device, then counted',
    query: `DeviceInfo
      | summarize arg_max(Timestamp, OSPlatform) by DeviceId
      | summarize Devices = count() by OSPlatform`,
    expected: (t) => {
      const latest = [...groupBy(t('DeviceInfo'), (r) => r.DeviceId)].map(
        ([, g]) => maxBy(g, 'Timestamp') as Row,
      );
      return [...groupBy(latest, (r) => r.OSPlatform)].map(([OSPlatform, g]) => ({
        OSPlatform,
        Devices: g.length,
      }));
    },
  },
  {
    name: 'devices whose sensor is not active',
    query: `DeviceInfo
      | summarize arg_max(Timestamp, SensorHealthState) by DeviceName
      | where SensorHealthState != "Active"
      | project DeviceName, SensorHealthState`,
    expected: (t) =>
      [...groupBy(t('DeviceInfo'), (r) => r.DeviceName)]
        .map(([DeviceName, g]) => ({
          DeviceName,
          SensorHealthState: (maxBy(g, 'Timestamp') as Row).SensorHealthState,
        }))
        .filter((r) => r.SensorHealthState !== 'Active'),
  },
  {
    name: 'accounts with the most process creations (top 5)',
    query:
      'DeviceProcessEvents | where isnotempty(AccountName) | summarize Processes = count() by AccountName | top 5 by Processes desc | project Processes',
    ordered: true,
    expected: (t) =>
      [
        ...groupBy(
          t('DeviceProcessEvents').filter((r) => s(r.AccountName) !== ''),
          (r) => r.AccountName,
        ),
      ]
        .map(([, g]) => g.length)
        .sort((a, b) => b - a)
        .slice(0, 5)
        .map((Processes) => ({ Processes })),
  },
  {
    name: 'file activity size statistics by action',
    query:
      'DeviceFileEvents | summarize Files = count(), Largest = max(FileSize), Smallest = min(FileSize), Total = sum(FileSize) by ActionType',
    expected: (t) =>
      [...groupBy(t('DeviceFileEvents'), (r) => r.ActionType)].map(([ActionType, g]) => {
        const sizes = g.map((r) => r.FileSize).filter((v): v is number => typeof v === 'number');
        return {
          ActionType,
          Files: g.length,
          Largest: Math.max(...sizes),
          Smallest: Math.min(...sizes),
          Total: sizes.reduce((a, b) => a + b, 0),
        };
      }),
  },
  {
    name: 'git verbs parsed out of command lines',
    query: `DeviceProcessEvents
      | where FileName == "git.exe"
      | parse ProcessCommandLine with "git.exe " Verb " " *
      | summarize Runs = count() by Verb`,
    expected: (t) =>
      [
        ...groupBy(
          t('DeviceProcessEvents').filter((r) => r.FileName === 'git.exe'),
          (r) => {
            const line = s(r.ProcessCommandLine);
            if (!line.startsWith('git.exe ')) return '';
            const rest = line.slice('git.exe '.length);
            const space = rest.indexOf(' ');
            return space < 0 ? '' : rest.slice(0, space);
          },
        ),
      ].map(([Verb, g]) => ({ Verb, Runs: g.length })),
  },
];
