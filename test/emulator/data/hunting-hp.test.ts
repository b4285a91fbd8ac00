import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../src/emulator/data/world.js';
import { KqlEngine } from '../../../src/emulator/kql/engine.js';
import type { Row } from '../../../src/emulator/kql/table.js';

/** The seeded world holds the process chains and vulnerability data public hunts look for (hp-*.ts). */
const DAY = 86_400_000;
const MORNING = Date.parse('2026-11-21T08:00:00Z');
const world = createWorld({ seed: 1, clock: { now: () => MORNING } });
const tenant = world.tenants.find((t) => t.key === 'contoso') ?? world.tenants[0];
const engine = new KqlEngine();

async function run(query: string, now = MORNING, timespan?: string): Promise<Row[]> {
  if (!tenant) throw new Error('no tenant');
  return (await engine.run(tenant.hunting, query, { now, timespan })).results;
}

describe('process chains hunts look for', () => {
  it('holds web shells: a web server starting a shell, as SYSTEM on a server', async () => {
    const rows = await run(`DeviceProcessEvents
      | where InitiatingProcessParentFileName =~ "w3wp.exe" and InitiatingProcessFileName =~ "cmd.exe"
      | join kind=inner (DeviceInfo | distinct DeviceId, OSPlatform) on DeviceId
      | project FileName, ProcessCommandLine, AccountSid, OSPlatform, InitiatingProcessFolderPath`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.FileName).toBe('whoami.exe');
      expect(r.AccountSid).toBe('S-1-5-18');
      expect(String(r.OSPlatform)).toMatch(/^WindowsServer/);
      expect(r.InitiatingProcessFolderPath).toBe('C:\\Windows\\System32\\cmd.exe');
    }
  });

  it('holds Office and script hosts starting LOLBins, run by the machine’s user', async () => {
    const rows = await run(`DeviceProcessEvents
      | where InitiatingProcessFileName in~ ("winword.exe", "excel.exe", "outlook.exe") and FileName =~ "wmic.exe"
      | project InitiatingProcessFolderPath, AccountSid, AccountUpn`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.InitiatingProcessFolderPath).toMatch(/Office16\\winword\.exe$/i);
      expect(r.AccountSid).not.toBe('S-1-5-18');
      expect(r.AccountUpn).toMatch(/@/);
    }
  });

  it('holds ransomware staging through PsExec and credential theft tools', async () => {
    const staging = await run(`DeviceProcessEvents
      | where InitiatingProcessParentFileName endswith "PSEXESVC.exe" and InitiatingProcessCommandLine has ".bat"
      | where ProcessCommandLine has_all ("-s", "-h", "-r", "-a", "*.*")`);
    expect(staging.length).toBeGreaterThan(0);
    const tickets = await run(
      `DeviceProcessEvents | where ProcessCommandLine has_any ('sekurlsa::tickets /export', 'kerberos::ptt') | distinct FileName`,
    );
    expect(tickets.map((r) => r.FileName)).toEqual(['mimikatz.exe']);
  });

  it('holds ransomware precursors and discovery as bursts on one machine within the hour', async () => {
    const kills = await run(`DeviceProcessEvents
      | where Timestamp > ago(1d) and FileName =~ "taskkill.exe"
      | summarize n = count(), firstKill = min(Timestamp), lastKill = max(Timestamp) by DeviceId
      | where n > 10`);
    expect(kills.length).toBe(1);
    const kill = kills[0] as Row;
    expect(Date.parse(String(kill.lastKill)) - Date.parse(String(kill.firstKill))).toBeLessThan(3_600_000);
    const recon = await run(`DeviceProcessEvents
      | where InitiatingProcessFileName == InitiatingProcessCommandLine
      | where ProcessCommandLine has_any ("whoami /all", "arp -a", "ipconfig /all", "net view /all", "route print", "netstat -nao")
      | summarize dcount(FileName) by DeviceId, bin(Timestamp, 1d), InitiatingProcessFileName
      | where dcount_FileName >= 6`);
    expect(recon.length).toBeGreaterThan(0);
    for (const r of recon) expect(r.InitiatingProcessFileName).toBe('mobsync.exe');
  });

  it('holds renamed tools whose version info gives them away', async () => {
    const rows = await run(`DeviceProcessEvents
      | where ProcessVersionInfoProductName has "rclone" and not(FileName has "rclone")
      | distinct FileName, ProcessVersionInfoOriginalFileName`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.ProcessVersionInfoOriginalFileName).toBe('rclone.exe');
  });

  it('puts Linux and macOS chains on machines of that platform only', async () => {
    const rows = await run(`DeviceProcessEvents
      | where ProcessCommandLine has "service apparmor stop" or FileName =~ "openssl"
      | join kind=inner (DeviceInfo | distinct DeviceId, OSPlatform) on DeviceId
      | summarize count() by FileName, OSPlatform`);
    expect(rows.map((r) => `${r.FileName} ${r.OSPlatform}`).sort()).toEqual([
      'openssl macOS',
      'service Linux',
    ]);
  });
});

describe('recurring activity and the time of day', () => {
  // The same world day at three times: the anchor is that day's midnight.
  const times = [world.anchor + 30 * 60_000, MORNING, world.anchor + DAY - 30 * 60_000];
  const count = async (query: string, now: number) => Number((await run(query, now))[0]?.n);

  it('finds the same hourly and daily activity in ago(1h) and ago(1d) at any time of day', async () => {
    const hourly = `DeviceProcessEvents | where Timestamp > ago(1h) | where FileName =~ "certutil.exe" and ProcessCommandLine has "urlcache" | summarize n = count()`;
    const daily = `DeviceProcessEvents | where Timestamp > ago(1d) | where InitiatingProcessParentFileName =~ "w3wp.exe" | summarize n = count()`;
    const h = await Promise.all(times.map((t) => count(hourly, t)));
    const d = await Promise.all(times.map((t) => count(daily, t)));
    expect(h[0]).toBeGreaterThan(0);
    expect(new Set(h).size).toBe(1);
    expect(d[0]).toBeGreaterThan(0);
    expect(new Set(d).size).toBe(1);
  });

  it('never shows activity scheduled after now, even to a time span reaching into the future', async () => {
    const iso = (t: number) => new Date(t).toISOString();
    const rows = await run(
      'DeviceProcessEvents | summarize newest = max(Timestamp)',
      MORNING,
      `${iso(MORNING - DAY)}/${iso(MORNING + DAY)}`,
    );
    expect(Date.parse(String(rows[0]?.newest))).toBeLessThanOrEqual(MORNING);
    // The rows exist: later in the same day they appear.
    const later = await run(
      'DeviceProcessEvents | summarize newest = max(Timestamp)',
      world.anchor + DAY - 1,
    );
    expect(Date.parse(String(later[0]?.newest))).toBeGreaterThan(MORNING);
  });
});

describe('vulnerability management', () => {
  it('describes every CVE and configuration the device tables name in the KB tables', async () => {
    const cves = await run(
      'DeviceTvmSoftwareVulnerabilities | distinct CveId | join kind=leftanti DeviceTvmSoftwareVulnerabilitiesKB on CveId',
    );
    expect(cves).toEqual([]);
    const configs = await run(
      'DeviceTvmSecureConfigurationAssessment | distinct ConfigurationId | join kind=leftanti DeviceTvmSecureConfigurationAssessmentKB on ConfigurationId',
    );
    expect(configs).toEqual([]);
    const extensions = await run(
      'DeviceTvmBrowserExtensionsKB | where PermissionId contains "Notification" | distinct ExtensionId | join kind=inner DeviceTvmBrowserExtensions on ExtensionId',
    );
    expect(extensions.length).toBeGreaterThan(0);
  });

  it('installs Linux packages on Linux machines, with their CVEs', async () => {
    const rows = await run(`DeviceTvmSoftwareInventory
      | where SoftwareName in ("xz", "openssh") and OSPlatform == "Linux"
      | join kind=inner (DeviceTvmSoftwareVulnerabilities | where CveId in ("CVE-2024-3094", "CVE-2024-6387")) on DeviceId, SoftwareName
      | distinct SoftwareName, SoftwareVersion, CveId`);
    expect(rows.map((r) => `${r.SoftwareName} ${r.SoftwareVersion} ${r.CveId}`).sort()).toEqual([
      'openssh 9.6p1 CVE-2024-6387',
      'xz 5.6.0 CVE-2024-3094',
    ]);
    const misplaced = await run(
      'DeviceTvmSoftwareInventory | where SoftwareName == "xz" | join kind=inner (DeviceInfo | where OSPlatform != "Linux") on DeviceId',
    );
    expect(misplaced).toEqual([]);
  });
});
