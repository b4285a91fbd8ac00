import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../src/emulator/data/world.js';
import { KqlEngine } from '../../../src/emulator/kql/index.js';
import type { HuntingDatabase, Row } from '../../../src/emulator/kql/table.js';

/**
 * The cloud and identity activity the hc-* generators seed (src/emulator/data/hunting/hc-*.ts),
 * checked the way a hunter finds it: through KQL on the emulator's engine, one technique family
 * per test, with the shapes public hunts read (RawEventData, AdditionalFields, Query).
 */
const NOW = Date.parse('2026-11-21T01:00:00Z');
const world = createWorld({ seed: 1, clock: { now: () => NOW }, tenants: ['contoso'] });
const tenant = world.tenants[0];
if (!tenant) throw new Error('no tenant');
const engine = new KqlEngine();

async function hunt(query: string, db: HuntingDatabase = tenant?.hunting as HuntingDatabase): Promise<Row[]> {
  return (await engine.run(db, query, { now: NOW })).results;
}

describe('hunting cloud and identity activity', () => {
  it('records the Defender portal actions of an investigation on one of the tenant machines', async () => {
    const rows = await hunt(`CloudAppEvents
      | where Timestamp > ago(1d)
      | where ActionType in ("IsolateDevice", "ReleaseFromIsolation", "LiveResponseGetFile")
      | extend Device = tostring(RawEventData.DeviceName), Workload = tostring(RawEventData.Workload)
      | summarize Actions = make_set(ActionType), Accounts = dcount(AccountObjectId) by Device, Workload`);
    const machines = new Set(tenant.machines.map((m) => m.computerDnsName));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(machines.has(String(r.Device))).toBe(true);
      expect(r.Workload).toBe('Microsoft365Defender');
      expect(r.Accounts).toBe(1);
    }
    expect(rows.some((r) => (r.Actions as string[]).length === 3)).toBe(true);
  });

  it('flags disabled advanced features with a boolean compared to 0, as hunts write it', async () => {
    const rows = await hunt(`CloudAppEvents
      | where ActionType == "SetAdvancedFeatures"
      | extend NewValue = tobool(RawEventData.SettingsNewValue), Setting = tostring(RawEventData.SettingName)
      | where NewValue == 0
      | distinct Setting`);
    expect(rows).toEqual([{ Setting: 'Allow or block file' }]);
  });

  it('ties a threat verdict on a delivered message to the campaign message in EmailEvents', async () => {
    const rows = await hunt(`CloudAppEvents
      | where ActionType == "TIMailData-Inline"
      | extend NetworkMessageId = tostring(RawEventData.NetworkMessageId)
      | join kind=inner (EmailEvents | project NetworkMessageId, SenderFromDomain, ThreatTypes, DeliveryAction, RecipientObjectId) on NetworkMessageId
      | project SenderFromDomain, ThreatTypes, DeliveryAction, Same = AccountObjectId == RecipientObjectId`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows)
      expect(r).toEqual({
        SenderFromDomain: 'malicious-updates.com',
        ThreatTypes: 'Phish',
        DeliveryAction: 'Delivered',
        Same: true,
      });
  });

  it('shows a delegate reading another mailbox as impersonation', async () => {
    const rows = await hunt(`CloudAppEvents
      | where IsImpersonated == 1
      | extend Owner = tostring(RawEventData.MailboxOwnerUPN), By = tostring(RawEventData.UserId)
      | project Owner, By, ActionType`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.ActionType).toBe('MailItemsAccessed');
      expect(r.Owner).not.toBe(r.By);
    }
    const all = await hunt(
      'CloudAppEvents | summarize Impersonated = countif(IsImpersonated), Total = count()',
    );
    expect(Number(all[0]?.Impersonated)).toBeLessThan(Number(all[0]?.Total) / 20);
  });

  it('holds the OAuth app chain: admin consent, then a credential added by another account', async () => {
    const rows = await hunt(`CloudAppEvents
      | where Application == "Office 365" and ActionType == "Consent to application."
      | where RawEventData.ModifiedProperties[0].Name == "ConsentContext.IsAdminConsent" and RawEventData.ModifiedProperties[0].NewValue == "True"
      | extend spnID = tostring(RawEventData.Target[3].ID)
      | project ConsentTime = Timestamp, AccountDisplayName, spnID
      | join (CloudAppEvents
          | where ActionType == "Add service principal credentials."
          | extend spnID = tostring(RawEventData.Target[3].ID)
          | project AddSecretTime = Timestamp, AccountDisplayName, spnID) on spnID
      | where ConsentTime < AddSecretTime and AccountDisplayName != AccountDisplayName1
      | distinct spnID`);
    expect(rows).toEqual([{ spnID: 'Mail Sync Helper' }]);
    const graph = await hunt(`CloudAppEvents
      | where ActionType == "MailItemsAccessed" and RawEventData.AppId == "00000003-0000-0000-c000-000000000000"
      | extend ClientAppId = tostring(RawEventData.ClientAppId)
      | distinct ClientAppId, OAuthAppId`);
    expect(graph).toHaveLength(1);
    expect(graph[0]?.ClientAppId).toBe(graph[0]?.OAuthAppId);
  });

  it('records AD changes that weaken accounts, with the AdditionalFields hunts parse', async () => {
    const sam = await hunt(`IdentityDirectoryEvents
      | where ActionType == "SAM Account Name changed"
      | extend FROMSAM = tostring(AdditionalFields['FROM SAM Account Name']), TOSAM = tostring(AdditionalFields['TO SAM Account Name'])
      | where FROMSAM has "$" and TOSAM !has "$"
      | count`);
    expect(Number(sam[0]?.Count)).toBeGreaterThan(0);
    const never = await hunt(`IdentityDirectoryEvents
      | where ActionType == "Account Password Never Expires changed"
      | where AdditionalFields['TO Account Password Never Expires'] == true
      | summarize dcount(TargetAccountUpn)`);
    expect(Number(Object.values(never[0] ?? {})[0])).toBeGreaterThan(0);
  });

  it('holds an LDAP reconnaissance burst: over ten distinct searches from one device in a minute', async () => {
    const rows = await hunt(`IdentityQueryEvents
      | where ActionType == "LDAP query"
      | parse Query with * "Search Scope: " SearchScope ", Base Object:" BaseObject ", Search Filter: " SearchFilter
      | summarize Distinct = dcount(SearchFilter) by DeviceName, bin(Timestamp, 1m)
      | where Distinct > 10`);
    expect(rows.length).toBeGreaterThan(0);
    const roasting = await hunt(`IdentityQueryEvents
      | where Query contains "serviceprincipalname=*" or Query contains "1.2.840.113556.1.4.803:=4194304"
      | count`);
    expect(Number(roasting[0]?.Count)).toBeGreaterThan(0);
  });

  it('records clear-text LDAP binds and device-code sign-ins among the routine logons', async () => {
    const rows = await hunt(`IdentityLogonEvents
      | where ActionType == "LogonSuccess" and LogonType in ("LDAP cleartext", "Cmsi:Cmsi")
      | summarize count() by LogonType, Protocol`);
    expect(rows.map((r) => `${r.LogonType}/${r.Protocol}`).sort()).toEqual([
      'Cmsi:Cmsi/',
      'LDAP cleartext/Ldap',
    ]);
  });

  it('joins each rare-domain phishing message to its URL or attachment rows', async () => {
    const rows = await hunt(`EmailEvents
      | where ReportId startswith "hc-"
      | summarize Mails = count() by SenderFromDomain
      | join kind=leftouter (EmailEvents | summarize All = count() by SenderFromDomain) on SenderFromDomain
      | project SenderFromDomain, Rare = All <= 20`);
    expect(rows.length).toBe(5);
    for (const r of rows) expect(r.Rare).toBe(true);
    const urls = await hunt(`EmailUrlInfo
      | where UrlDomain matches regex @'\\b[\\w\\-]+-dot-[\\w\\-\\.]+\\.appspot\\.com\\b'
      | join kind=inner EmailEvents on NetworkMessageId
      | where Url has RecipientEmailAddress
      | count`);
    expect(Number(urls[0]?.Count)).toBeGreaterThan(0);
    const files = await hunt(`EmailAttachmentInfo
      | where FileType == "one;onenote" or FileName endswith ".jnlp" or FileType startswith "Jar"
      | join kind=inner (EmailEvents | project NetworkMessageId, RecipientEmailAddress, AttachmentCount) on NetworkMessageId
      | summarize Mismatched = countif(RecipientEmailAddress != RecipientEmailAddress1 or AttachmentCount != 1), Types = dcount(FileType)`);
    expect(files).toEqual([{ Mismatched: 0, Types: 3 }]);
  });

  it('draws the exposure graph from the tenant: helpdesk local admin on Windows devices, resources, EASM hosts', async () => {
    const admins = await hunt(`ExposureGraphEdges
      | where EdgeLabel == "can authenticate to" and SourceNodeLabel == "group"
      | where parse_json(EdgeProperties).rawData.userRightsOnDevice.isLocalAdmin == 'true'
      | summarize Devices = dcount(TargetNodeName) by SourceNodeName`);
    const windows = tenant.machines.filter((m) => m.osPlatform.startsWith('Windows')).length;
    expect(admins).toEqual([{ SourceNodeName: 'Helpdesk Admins', Devices: windows }]);
    const dangling = await hunt(`ExposureGraphEdges
      | join kind=leftanti (ExposureGraphNodes | project SourceNodeId = NodeId) on SourceNodeId
      | count`);
    expect(dangling[0]?.Count).toBe(0);
    const hosts = await hunt(`ExposureGraphNodes
      | where NodeLabel == "dns-host"
      | where toreal(NodeProperties.rawData.highRiskVulnerabilityInsights.maxCvssScore) > 8
      | join kind=inner (ExposureGraphEdges | where EdgeLabel == "affecting") on $left.NodeId == $right.TargetNodeId
      | project NodeName, SourceNodeName`);
    expect(hosts).toEqual([{ NodeName: 'vpn.corp.contoso.com', SourceNodeName: 'CVE-2023-27997' }]);
  });

  it('holds a sign-in new in country, client and app against the month before it, and only recently', async () => {
    const rows =
      await hunt(`let Known = AADSignInEventsBeta | where Timestamp between (ago(30d) .. ago(3d)) | where ErrorCode == 0 | distinct Country;
      AADSignInEventsBeta
      | where Timestamp > ago(3d) and ErrorCode == 0
      | where Country !in (Known)
      | summarize count() by Country, Application, UserAgent`);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.Country).toBe('BR');
    const older = await hunt('EntraIdSignInEvents | where Country == "BR" and Timestamp < ago(2d) | count');
    expect(older[0]?.Count).toBe(0);
  });

  it('puts every activity within the last day and the last week, and none in the future', async () => {
    const rows =
      await hunt(`union CloudAppEvents, IdentityDirectoryEvents, IdentityQueryEvents, IdentityLogonEvents
      | where ReportId startswith "hc-"
      | summarize Day = dcountif(ActionType, Timestamp > ago(1d)), Week = dcountif(ActionType, Timestamp > ago(7d)),
          All = dcount(ActionType), Future = countif(Timestamp > now())`);
    expect(rows[0]?.Future).toBe(0);
    expect(rows[0]?.Day).toBe(rows[0]?.All);
    expect(rows[0]?.Week).toBe(rows[0]?.All);
  });

  it('gives the same rows for the same seed and clock', async () => {
    const again = createWorld({ seed: 1, clock: { now: () => NOW }, tenants: ['contoso'] });
    const q =
      'CloudAppEvents | where ReportId startswith "hc-" | project Timestamp, ActionType, AccountId, RawEventData';
    const rows = await hunt(q);
    expect(rows.length).toBeGreaterThan(100);
    expect(await hunt(q, again.tenants[0]?.hunting)).toEqual(rows);
  });
});
