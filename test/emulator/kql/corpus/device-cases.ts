import { TABLE_NAMES } from '../../../../src/emulator/data/hunting/schema.js';
import type { Row } from '../../../../src/emulator/kql/table.js';
import {
  type CorpusCase,
  DAY,
  distinctCount,
  groupBy,
  iso,
  lower,
  maxBy,
  NOW_FOR_CASES,
  s,
  terms,
} from './support.js';

const _SHELLS = ['powershell.exe', 'pwsh.exe', 'cmd.exe', 'wscript.exe', 'cscript.exe', 'mshta.exe'];
const _OFFICE = ['winword.exe', 'excel.exe', 'outlook.exe', 'powerpnt.exe'];

/** File, registry, device and process-network hunting. */
export const DEVICE_CASES: CorpusCase[] = [
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
  {
    name: 'activity per Device* table over the last day (wildcard union)',
    query: 'union withsource=Table Device* | where Timestamp > ago(1d) | summarize Events = count() by Table',
    expected: (t) =>
      TABLE_NAMES.filter((name) => name.startsWith('Device'))
        .map((Table) => ({
          Table,
          Events: t(Table).filter((r) => (r.Timestamp as number) > NOW_FOR_CASES.value - DAY).length,
        }))
        .filter((r) => r.Events > 0),
  },
  {
    name: 'free-text search for a lure name across two tables',
    query: 'search in (DeviceProcessEvents, DeviceFileEvents) "invoice" | summarize Hits = count() by $table',
    expected: (t) =>
      ['DeviceProcessEvents', 'DeviceFileEvents']
        .map((table) => ({
          $table: table,
          Hits: t(table).filter((r) =>
            Object.values(r).some((v) => typeof v === 'string' && terms(v).includes('invoice')),
          ).length,
        }))
        .filter((r) => r.Hits > 0),
  },
];
