import { describe, expect, it } from 'vitest';
import { fileHashes } from '../../../src/emulator/data/files.js';
import { createWorld } from '../../../src/emulator/data/world.js';
import { KqlEngine } from '../../../src/emulator/kql/engine.js';
import type { Row } from '../../../src/emulator/kql/table.js';

/**
 * The endpoint activity public hunts look for (src/emulator/data/hunting/hn-*.ts), found the way a
 * hunter finds it: KQL through the emulator's engine over the seeded world.
 */
const ANCHOR = Date.parse('2026-11-21T00:00:00Z');
const NOW = ANCHOR + 9.5 * 3_600_000;
/** The world's clock, moved by `hunt` (rows later than the clock are not there yet). */
let clockNow = NOW;
const world = createWorld({ seed: 7, clock: { now: () => clockNow }, anchor: ANCHOR });
const tenant = world.tenants[0];
if (!tenant) throw new Error('the world has no tenant');
const db = tenant.hunting;
const engine = new KqlEngine();

async function hunt(query: string, now = NOW): Promise<Row[]> {
  clockNow = now;
  return (await engine.run(db, query, { now })).results;
}

describe('network activity', () => {
  it('has services listening on the ports hunts list, each with its own process', async () => {
    const rows = await hunt(`DeviceNetworkEvents
      | where ActionType == "ListeningConnectionCreated" and LocalPort in (22, 80, 443, 1433, 3306, 8080)
      | summarize Processes = make_set(InitiatingProcessFileName) by LocalPort`);
    const byPort = new Map(rows.map((r) => [r.LocalPort, r.Processes as string[]]));
    expect([...byPort.keys()].sort((a, b) => Number(a) - Number(b))).toEqual([22, 80, 443, 1433, 3306, 8080]);
    expect(byPort.get(1433)).toContain('sqlservr.exe');
    expect(byPort.get(3306)).toContain('mysqld.exe');
  });

  it('has a discovery sweep: one process reaching many internal addresses on SMB within the hour', async () => {
    const rows = await hunt(`DeviceNetworkEvents
      | where RemotePort == 445 and Timestamp > ago(7d) and InitiatingProcessId !in (0, 4)
      | summarize RemoteIPCount = dcount(RemoteIP) by DeviceName, InitiatingProcessFileName, InitiatingProcessId, bin(Timestamp, 1h)
      | where RemoteIPCount > 10`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.InitiatingProcessFileName === 'advanced_ip_scanner.exe')).toBe(true);
  });

  it('records an HTTP download signature as MDE does ("GET /path HTTP/1.1"), which hunts split on " /"', async () => {
    const rows = await hunt(`DeviceNetworkEvents
      | where ActionType == "NetworkSignatureInspected"
      | extend SignatureName = tostring(parse_json(AdditionalFields).SignatureName),
          Matched = tostring(parse_json(AdditionalFields).SignatureMatchedContent)
      | where SignatureName == "HTTP_Client" and tostring(split(Matched, " /", 0)[0]) == "GET"
      | extend File = extract(@'.*/(.*) HTTP', 1, Matched)
      | distinct File`);
    expect(rows.map((r) => r.File).sort()).toEqual(['invoice.iso', 'payload.exe']);
  });

  it('has a LOLBin connecting to the address in its own command line, with that binary`s hashes', async () => {
    const rows = await hunt(`DeviceNetworkEvents
      | where InitiatingProcessFileName =~ "certutil.exe" and RemoteIPType == "Public"
      | extend CommandLineIP = extract(@'[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}', 0, InitiatingProcessCommandLine)
      | where CommandLineIP == RemoteIP`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]?.InitiatingProcessSHA1).toBe(fileHashes(7, 'certutil.exe').sha1);
  });
});

describe('file activity', () => {
  it('has a ransomware pass renaming more than ten documents to a double extension', async () => {
    const rows = await hunt(`DeviceFileEvents
      | where ActionType == "FileRenamed" and FileName endswith ".locked"
      | extend Previous = extract(@"\\.([a-z])*", 0, PreviousFileName)
      | where FileName contains strcat(Previous, ".")
      | summarize FileCount = count() by DeviceName, InitiatingProcessAccountName, bin(Timestamp, 1h)
      | where FileCount > 10`);
    expect(rows.length).toBe(3);
  });

  it('has web shells written by the Exchange worker, with the full path in FolderPath', async () => {
    const rows = await hunt(`DeviceFileEvents
      | where InitiatingProcessFileName == "w3wp.exe" and InitiatingProcessCommandLine contains "MSExchange"
      | where FolderPath has_any ("\\\\wwwroot\\\\", "HttpProxy\\\\owa\\\\") and FolderPath endswith FileName`);
    expect(new Set(rows.map((r) => r.FileName))).toEqual(new Set(['errorEE.aspx', 'shell.aspx']));
  });
});

describe('image loads, device events and registry', () => {
  it('has DLL side-loading: a known DLL name loaded from a user-writable folder', async () => {
    const rows = await hunt(`DeviceImageLoadEvents
      | where FileName in~ ("dwmapi.dll", "goopdate.dll", "msi.dll") and not(FolderPath has_any (@"\\Windows\\System32", @"\\Windows\\SysWOW64"))
      | where InitiatingProcessFolderPath startswith substring(FolderPath, 0, strlen(FolderPath) - strlen(FileName))
      | distinct FileName, FolderPath, SHA1`);
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.SHA1).toBe(fileHashes(7, String(r.FolderPath).toLowerCase()).sha1);
  });

  it('has the PowerShell v2 downgrade', async () => {
    const rows = await hunt(`DeviceImageLoadEvents
      | where InitiatingProcessFileName =~ 'powershell.exe' and FileName =~ 'System.Management.Automation.dll'
      | where FolderPath matches regex @"[12]\\.(\\d)+\\.(\\d)+\\.(\\d)+"`);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('has a process enabling exactly SeDebugPrivilege, then opening lsass with all access', async () => {
    const token = await hunt(`DeviceEvents
      | where ActionType == 'ProcessPrimaryTokenModified'
      | extend Diff = binary_xor(tolong(parse_json(AdditionalFields).OriginalTokenPrivEnabled), tolong(parse_json(AdditionalFields).CurrentTokenPrivEnabled))
      | where Diff == binary_shift_left(1, 20)
      | distinct InitiatingProcessFileName`);
    const open = await hunt(`DeviceEvents
      | where ActionType == "OpenProcessApiCall" and FileName =~ "lsass.exe"
      | where toint(parse_json(AdditionalFields).DesiredAccess) == 0x1fffff
      | distinct InitiatingProcessFileName`);
    expect(token.map((r) => r.InitiatingProcessFileName)).toEqual(['p.exe']);
    expect(open.map((r) => r.InitiatingProcessFileName)).toContain('p.exe');
  });

  it('reads hex literals as hunts write access masks (0x1fffff), not as 0', async () => {
    const rows = await hunt('print mask = 0x1fffff, small = 0xFF, negative = -0x10');
    expect(rows[0]).toEqual({ mask: 2_097_151, small: 255, negative: -16 });
  });

  it('has RDP moved off 3389, with the previous value', async () => {
    const rows = await hunt(`DeviceRegistryEvents
      | where Timestamp > ago(1d)
      | where RegistryKey == @"HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Terminal Server\\WinStations\\RDP-Tcp"
      | where RegistryValueName == "PortNumber" and RegistryValueData != "3389" and ActionType == "RegistryValueSet"`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]?.PreviousRegistryValueData).toBe('3389');
  });
});

describe('the world through the anchor`s day', () => {
  const HOURS = [0.25, 5, 11.5, 17, 23.9];

  it('finds the catalogued activity in the last two hours at any time of day, in the same amount', async () => {
    const counts: number[] = [];
    for (const h of HOURS) {
      const rows = await hunt(
        `DeviceEvents | where ingestion_time() >= ago(2h) | where ActionType == "NamedPipeEvent" | count`,
        ANCHOR + h * 3_600_000,
      );
      counts.push(Number(rows[0]?.Count));
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size).toBe(1);
  });

  it('carries routine traffic on through the day, and shows none of it before its time', async () => {
    for (const h of HOURS) {
      const now = ANCHOR + h * 3_600_000;
      const rows = await hunt(
        `DeviceNetworkEvents | where Timestamp > ago(1h) | summarize n = count(), newest = max(Timestamp)`,
        now,
      );
      expect(Number(rows[0]?.n), `at ${h}h`).toBeGreaterThan(0);
      expect(Date.parse(String(rows[0]?.newest))).toBeLessThanOrEqual(now);
    }
  });

  it('keeps the hour-shifted rows coherent: a process starts before the row it causes', async () => {
    const rows = await hunt(
      `DeviceNetworkEvents | where Timestamp > ago(6h) | where InitiatingProcessCreationTime > Timestamp | count`,
    );
    expect(rows[0]?.Count).toBe(0);
  });

  it('is the same world for the same seed and anchor, whenever it is built (the engine, not the table, hides what is after now)', () => {
    clockNow = NOW;
    const later = createWorld({ seed: 7, clock: { now: () => NOW + 5 * 3_600_000 }, anchor: ANCHOR });
    for (const name of ['DeviceNetworkEvents', 'DeviceFileEvents', 'DeviceEvents']) {
      const shown = [...(db.table(name)?.rows() ?? [])];
      const more = [...(later.tenants[0]?.hunting.table(name)?.rows() ?? [])];
      expect(more.length).toBe(shown.length);
      expect(JSON.stringify(more.slice(-400))).toBe(JSON.stringify(shown.slice(-400)));
    }
  });
});
