import { describe, expect, it } from 'vitest';
import { checkQuery } from '../../../src/plugins/hunting/kql/check.js';
import { HUNTING_FUNCTIONS, HUNTING_TABLES } from '../../../src/plugins/hunting/schema/tables.js';

/**
 * The pre-flight must never refuse a valid hunt against a real tenant: every table and column of
 * Microsoft's schema reference, and the service's own functions, pass the check; typos still get a
 * sane "did you mean".
 */
const strict = { allowExternalData: false, strictSchema: true };
const warnings = (query: string): string[] => checkQuery(query, strict);
const refusal = (query: string): string => {
  try {
    checkQuery(query, strict);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
};

describe('the documented Advanced Hunting schema in the pre-flight', () => {
  it('holds every table of the schema reference, each with typed, described columns', () => {
    const names = HUNTING_TABLES.map((t) => t.name);
    for (const name of ['DeviceRegistryEvents', 'DeviceImageLoadEvents', 'IdentityDirectoryEvents'])
      expect(names).toContain(name);
    for (const name of [
      'IdentityQueryEvents',
      'CloudAppEvents',
      'EmailUrlInfo',
      'DeviceTvmSoftwareInventory',
    ])
      expect(names).toContain(name);
    expect(names.length).toBeGreaterThanOrEqual(60);
    expect(new Set(names).size).toBe(names.length);
    for (const t of HUNTING_TABLES) {
      expect(t.description.length, t.name).toBeGreaterThan(10);
      expect(new Set(t.columns.map((c) => c.name)).size, t.name).toBe(t.columns.length);
      for (const c of t.columns) expect(c.description, `${t.name}.${c.name}`).not.toBe('');
    }
  });

  it('accepts every documented table and every documented column', () => {
    for (const t of HUNTING_TABLES) {
      const columns = t.columns.map((c) => `['${c.name}']`).join(', ');
      expect(refusal(`${t.name} | project ${columns} | take 1`), t.name).toBe('');
      // Each column as an expression of its type, the way hunts filter on them.
      for (const c of t.columns) expect(refusal(`${t.name} | where isnotnull(${c.name})`)).toBe('');
    }
  });

  it.each([
    ['FileProfile', 'DeviceFileEvents | take 10 | project SHA1 | invoke FileProfile()'],
    [
      'FileProfile with arguments',
      'DeviceFileEvents | project SHA1, FileName | invoke FileProfile("SHA1", 500) | where GlobalPrevalence < 15 and IsExecutable | project FileName, Signer',
    ],
    [
      'DeviceFromIP',
      'DeviceNetworkEvents | take 100 | project IP = LocalIP | invoke DeviceFromIP() | project DeviceId',
    ],
    ['SeenBy', 'DeviceInfo | where OnboardingStatus <> "Onboarded" | take 100 | invoke SeenBy()'],
    [
      'AssignedIPAddresses',
      'AssignedIPAddresses("pc-01", ago(1d)) | project DeviceName, IPAddress, AssignedTime = Timestamp | join kind=inner DeviceNetworkEvents on $left.IPAddress == $right.RemoteIP',
    ],
  ])('accepts the built-in function %s', (_, query) => {
    expect(refusal(query)).toBe('');
  });

  it('declares each built-in function with its documented columns', () => {
    expect(HUNTING_FUNCTIONS.map((f) => f.name).sort()).toEqual([
      'AssignedIPAddresses',
      'DeviceFromIP',
      'FileProfile',
      'SeenBy',
    ]);
    expect(HUNTING_FUNCTIONS.find((f) => f.name === 'FileProfile')?.columns).toContainEqual({
      name: 'GlobalPrevalence',
      type: 'int',
    });
  });

  it.each([
    ['DeviceRegistyEvents | take 1', 'DeviceRegistryEvents'],
    ['IdentityDirectoryEvent | take 1', 'IdentityDirectoryEvents'],
    ['DeviceImageLoadEvent | take 1', 'DeviceImageLoadEvents'],
    ['CloudAppEvent | take 1', 'CloudAppEvents'],
    ['DeviceRegistryEvents | where RegistryValueNme == "x"', 'RegistryValueName'],
    ['IdentityQueryEvents | where QueryTarge has "admin"', 'QueryTarget'],
  ])('suggests the closest documented name for %s', (query, suggestion) => {
    expect(refusal(query)).toContain(`Did you mean '${suggestion}'?`);
  });

  it.each([
    ['only letter case', 'IdentityInfo | distinct AccountUPN', 'AccountUpn'],
    ['one letter missing', 'DeviceInfo | summarize Total = count() by DeviceName | project Tota', 'Total'],
  ])('refuses a column one edit from a known one (%s): a typo for certain', (_, query, suggestion) => {
    expect(refusal(query)).toContain(`Did you mean '${suggestion}'?`);
  });

  it('sends a table close to no documented one (perhaps newer than the pages) with a warning, never a wrong suggestion', () => {
    for (const query of [
      'CompletelyUnrelatedThing | take 1',
      'AgentsInfo | summarize arg_max(Timestamp, *) by AgentId',
    ]) {
      const said = warnings(query);
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/\(KS204\); sent on for the service to judge\.$/);
      expect(said[0]).not.toContain('Did you mean');
    }
  });

  it.each([
    // Columns public hunts use that a page does not list: the docs lag the service.
    [
      'a column documented on another table',
      'DeviceImageLoadEvents | where IsInitiatingProcessRemoteSession == 1',
    ],
    [
      'a name close to nothing documented',
      'AADSignInEventsBeta | summarize make_set(RiskLevelDuringSignIn) by AccountUpn',
    ],
    [
      'a name two edits from a documented one (maybe newer than the docs)',
      'DeviceTvmSoftwareVulnerabilitiesKB | where EpssScore > 0.5',
    ],
    // Type rules the analyzer applies more strictly than the service.
    ['count over a column', 'DeviceEvents | summarize count(RemoteUrl) by InitiatingProcessFileName'],
    [
      'todynamic of a dynamic',
      'DeviceProcessEvents | summarize Ids = make_set(ProcessId) | mv-expand todynamic(Ids)',
    ],
  ])('sends on %s, with a warning for the caller', (_, query) => {
    const said = warnings(query);
    expect(said.length).toBeGreaterThan(0);
    expect(said[0]).toMatch(/^Line \d+, column \d+: .+ \(KS\d+\); sent on for the service to judge\.$/);
  });

  it("takes the columns named in an invoked function's arguments without a word", () => {
    expect(
      warnings(
        'DeviceFileEvents | invoke FileProfile(InitiatingProcessSHA1, 1000) | where GlobalPrevalence < 5',
      ),
    ).toEqual([]);
    expect(warnings('DeviceProcessEvents | invoke FileProfile(SHA256)')).toEqual([]);
  });

  it('still refuses an unknown name outside such arguments', () => {
    expect(refusal('DeviceFileEvents | invoke FileProfile(SHA1) | where GlobalPrevalense < 5')).toContain(
      "Did you mean 'GlobalPrevalence'?",
    );
  });
});
