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

/** Process hunting: encoded PowerShell, LOLBins, parent-child pairs, command lines. */
export const PROCESS_CASES: CorpusCase[] = [
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
    name: 'encoded PowerShell payloads decoded and searched',
    query: `DeviceProcessEvents
      | where ProcessCommandLine has "EncodedCommand"
      | extend Encoded = extract(@"-EncodedCommand\\s+([A-Za-z0-9+/=]+)", 1, ProcessCommandLine)
      | extend Decoded = replace_regex(base64_decode_tostring(Encoded), @"\\x00", "")
      | where Decoded has "DownloadString"
      | project DeviceName, Decoded`,
    expected: (t) =>
      t('DeviceProcessEvents')
        .filter((r) => terms(r.ProcessCommandLine).includes('encodedcommand'))
        .map((r) => {
          const encoded = /-EncodedCommand\s+([A-Za-z0-9+/=]+)/.exec(s(r.ProcessCommandLine))?.[1] ?? '';
          // PowerShell encodes UTF-16LE: decode it as such, independently of the KQL route.
          return { DeviceName: r.DeviceName, Decoded: Buffer.from(encoded, 'base64').toString('utf16le') };
        })
        .filter((r) => terms(r.Decoded).includes('downloadstring')),
  },
];
