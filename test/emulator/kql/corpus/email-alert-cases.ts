import type { Row } from '../../../../src/emulator/kql/table.js';
import {
  type CorpusCase,
  DAY,
  distinctCount,
  groupBy,
  groupOn,
  iso,
  keyValues,
  lower,
  s,
  terms,
} from './support.js';

const isPhish = (r: Row) => terms(r.ThreatTypes).includes('phish');
const json = (v: unknown): unknown => {
  try {
    return JSON.parse(s(v));
  } catch {
    return s(v);
  }
};

/** Email and alert hunting: phishing by sender, alerts per entity, joins between them. */
export const EMAIL_ALERT_CASES: CorpusCase[] = [
  {
    name: 'phishing by sender domain',
    query: `EmailEvents
      | where ThreatTypes has "Phish"
      | summarize Messages = count(), Recipients = dcount(RecipientEmailAddress) by SenderFromDomain`,
    expected: (t) =>
      [...groupBy(t('EmailEvents').filter(isPhish), (r) => r.SenderFromDomain)].map(
        ([SenderFromDomain, g]) => ({
          SenderFromDomain,
          Messages: g.length,
          Recipients: distinctCount(g, 'RecipientEmailAddress'),
        }),
      ),
  },
  {
    name: 'phish that reached the inbox',
    query: `EmailEvents
      | where ThreatTypes has "Phish" and DeliveryAction == "Delivered"
      | project Timestamp, RecipientEmailAddress, Subject, SenderFromAddress`,
    expected: (t) =>
      t('EmailEvents')
        .filter((r) => isPhish(r) && r.DeliveryAction === 'Delivered')
        .map((r) => ({
          Timestamp: iso(r.Timestamp),
          RecipientEmailAddress: r.RecipientEmailAddress,
          Subject: r.Subject,
          SenderFromAddress: r.SenderFromAddress,
        })),
  },
  {
    name: 'mail volume by direction and delivery action',
    query: 'EmailEvents | summarize Messages = count() by EmailDirection, DeliveryAction',
    expected: (t) =>
      [...groupOn(t('EmailEvents'), ['EmailDirection', 'DeliveryAction'])].map(([, g]) => ({
        ...keyValues(['EmailDirection', 'DeliveryAction'], g),
        Messages: g.length,
      })),
  },
  {
    name: 'inbound attachments per external sender domain',
    query: `EmailEvents
      | where EmailDirection == "Inbound" and AttachmentCount > 0
      | summarize Attachments = sum(AttachmentCount) by SenderFromDomain`,
    expected: (t) =>
      [
        ...groupBy(
          t('EmailEvents').filter((r) => r.EmailDirection === 'Inbound' && (r.AttachmentCount as number) > 0),
          (r) => r.SenderFromDomain,
        ),
      ].map(([SenderFromDomain, g]) => ({
        SenderFromDomain,
        Attachments: g.reduce((a, r) => a + (r.AttachmentCount as number), 0),
      })),
  },
  {
    name: 'senders failing DMARC (authentication details JSON)',
    query: `EmailEvents
      | extend Auth = parse_json(AuthenticationDetails)
      | where tostring(Auth.DMARC) == "fail"
      | summarize Messages = count() by SenderFromDomain`,
    expected: (t) =>
      [
        ...groupBy(
          t('EmailEvents').filter(
            (r) => s((json(r.AuthenticationDetails) as { DMARC?: unknown } | null)?.DMARC) === 'fail',
          ),
          (r) => r.SenderFromDomain,
        ),
      ].map(([SenderFromDomain, g]) => ({ SenderFromDomain, Messages: g.length })),
  },
  {
    name: 'look-alike sender domains by regex',
    query: `EmailEvents
      | where SenderFromDomain matches regex @"micros[o0]ft|paypa[l1]|0ffice"
      | where SenderFromDomain !endswith "microsoft.com"
      | distinct SenderFromDomain`,
    expected: (t) =>
      [
        ...new Set(
          t('EmailEvents')
            .map((r) => s(r.SenderFromDomain))
            .filter(
              (d) => /micros[o0]ft|paypa[l1]|0ffice/.test(d) && !d.toLowerCase().endsWith('microsoft.com'),
            ),
        ),
      ].map((SenderFromDomain) => ({ SenderFromDomain })),
  },
  {
    name: 'most targeted phishing recipients',
    query: `EmailEvents
      | where ThreatTypes has "Phish"
      | summarize Messages = count() by RecipientEmailAddress
      | order by Messages desc, RecipientEmailAddress asc
      | take 5`,
    ordered: true,
    expected: (t) =>
      [...groupBy(t('EmailEvents').filter(isPhish), (r) => s(r.RecipientEmailAddress))]
        .map(([RecipientEmailAddress, g]) => ({ RecipientEmailAddress, Messages: g.length }))
        .sort(
          (a, b) => b.Messages - a.Messages || (a.RecipientEmailAddress < b.RecipientEmailAddress ? -1 : 1),
        )
        .slice(0, 5),
  },
  {
    name: 'alerts by severity',
    query: 'AlertInfo | summarize Alerts = count() by Severity',
    expected: (t) =>
      [...groupBy(t('AlertInfo'), (r) => r.Severity)].map(([Severity, g]) => ({
        Severity,
        Alerts: g.length,
      })),
  },
  {
    name: 'alerts per entity type',
    query: 'AlertEvidence | summarize Alerts = dcount(AlertId), Rows = count() by EntityType',
    expected: (t) =>
      [...groupBy(t('AlertEvidence'), (r) => r.EntityType)].map(([EntityType, g]) => ({
        EntityType,
        Alerts: distinctCount(g, 'AlertId'),
        Rows: g.length,
      })),
  },
  {
    name: 'alerts per device with their titles',
    query: `AlertEvidence
      | where EntityType == "Machine"
      | summarize Alerts = dcount(AlertId), Titles = make_set(Title) by DeviceName`,
    expected: (t) =>
      [
        ...groupBy(
          t('AlertEvidence').filter((r) => r.EntityType === 'Machine'),
          (r) => r.DeviceName,
        ),
      ].map(([DeviceName, g]) => ({
        DeviceName,
        Alerts: distinctCount(g, 'AlertId'),
        Titles: [...new Set(g.map((r) => r.Title))],
      })),
  },
  {
    name: 'alerts per user account',
    query:
      'AlertEvidence | where EntityType == "User" | summarize Alerts = dcount(AlertId) by AccountName | where Alerts > 1',
    expected: (t) =>
      [
        ...groupBy(
          t('AlertEvidence').filter((r) => r.EntityType === 'User'),
          (r) => r.AccountName,
        ),
      ]
        .map(([AccountName, g]) => ({ AccountName, Alerts: distinctCount(g, 'AlertId') }))
        .filter((r) => r.Alerts > 1),
  },
  {
    name: 'alert titles with their file evidence (AlertInfo join AlertEvidence)',
    query: `AlertInfo
      | join kind=inner (AlertEvidence | where EntityType == "File") on AlertId
      | summarize Files = dcount(SHA256) by Title`,
    expected: (t) => {
      const files = t('AlertEvidence').filter((r) => r.EntityType === 'File');
      const firstInfo = new Map<unknown, Row>();
      for (const a of t('AlertInfo')) if (!firstInfo.has(a.AlertId)) firstInfo.set(a.AlertId, a);
      const joined = files.flatMap((f) => {
        const info = firstInfo.get(f.AlertId);
        return info ? [{ Title: info.Title, SHA256: f.SHA256 }] : [];
      });
      return [...groupBy(joined, (r) => r.Title)].map(([Title, g]) => ({
        Title,
        Files: new Set(g.map((r) => r.SHA256)).size,
      }));
    },
  },
  {
    name: 'alerts by detection source and category',
    query: 'AlertInfo | summarize Alerts = count() by DetectionSource, Category',
    expected: (t) =>
      [...groupOn(t('AlertInfo'), ['DetectionSource', 'Category'])].map(([, g]) => ({
        ...keyValues(['DetectionSource', 'Category'], g),
        Alerts: g.length,
      })),
  },
  {
    name: 'MITRE techniques expanded from the alert JSON',
    query: `AlertInfo
      | extend Techniques = parse_json(AttackTechniques)
      | mv-expand Technique = Techniques to typeof(string)
      | summarize Alerts = dcount(AlertId) by Technique`,
    expected: (t) => {
      const pairs = t('AlertInfo').flatMap((r) =>
        (json(r.AttackTechniques) as string[]).map((Technique) => ({ Technique, AlertId: r.AlertId })),
      );
      return [...groupBy(pairs, (p) => p.Technique)].map(([Technique, g]) => ({
        Technique,
        Alerts: new Set(g.map((p) => p.AlertId)).size,
      }));
    },
  },
  {
    name: 'alerts per day over the last week',
    query: 'AlertInfo | where Timestamp > ago(7d) | summarize Alerts = count() by Day = bin(Timestamp, 1d)',
    allowEmpty: true,
    expected: (t) => {
      const since = NOW_FOR_CASES.value - 7 * DAY;
      return [
        ...groupBy(
          t('AlertInfo').filter((r) => (r.Timestamp as number) > since),
          (r) => Math.floor((r.Timestamp as number) / DAY) * DAY,
        ),
      ].map(([d, g]) => ({ Day: iso(d), Alerts: g.length }));
    },
  },
  {
    name: 'phishing mail joined to its alert evidence by NetworkMessageId',
    query: `EmailEvents
      | where ThreatTypes has "Phish"
      | project NetworkMessageId, RecipientEmailAddress
      | join kind=inner (AlertEvidence | where EntityType == "MailMessage" | project NetworkMessageId, AlertId) on NetworkMessageId
      | project RecipientEmailAddress, AlertId`,
    expected: (t) => {
      const evidence = t('AlertEvidence').filter((r) => r.EntityType === 'MailMessage');
      const seen = new Set<unknown>();
      return t('EmailEvents')
        .filter(isPhish)
        .filter((m) => {
          // innerunique: one left row per key.
          if (seen.has(m.NetworkMessageId)) return false;
          seen.add(m.NetworkMessageId);
          return true;
        })
        .flatMap((m) =>
          evidence
            .filter((e) => e.NetworkMessageId === m.NetworkMessageId)
            .map((e) => ({ RecipientEmailAddress: m.RecipientEmailAddress, AlertId: e.AlertId })),
        );
    },
  },
  {
    name: 'processes run by phishing recipients',
    query: `let victims = EmailEvents
        | where ThreatTypes has "Phish"
        | project Account = tostring(split(RecipientEmailAddress, "@")[0]);
      DeviceProcessEvents
      | where AccountName in (victims)
      | summarize Processes = count(), Devices = dcount(DeviceId) by AccountName`,
    expected: (t) => {
      const victims = new Set(
        t('EmailEvents')
          .filter(isPhish)
          .map((r) => s(r.RecipientEmailAddress).split('@')[0]),
      );
      return [
        ...groupBy(
          t('DeviceProcessEvents').filter((r) => victims.has(s(r.AccountName))),
          (r) => r.AccountName,
        ),
      ].map(([AccountName, g]) => ({
        AccountName,
        Processes: g.length,
        Devices: distinctCount(g, 'DeviceId'),
      }));
    },
  },
  {
    name: 'severity score per category with case()',
    query: `AlertInfo
      | extend Score = case(Severity == "High", 3, Severity == "Medium", 2, Severity == "Low", 1, 0)
      | summarize Score = sum(Score) by Category`,
    expected: (t) =>
      [...groupBy(t('AlertInfo'), (r) => r.Category)].map(([Category, g]) => ({
        Category,
        Score: g.reduce((a, r) => a + ({ High: 3, Medium: 2, Low: 1 }[s(r.Severity)] ?? 0), 0),
      })),
  },
  {
    name: 'high versus other alerts with countif and iff',
    query: `AlertInfo
      | summarize High = countif(Severity == "High"), Other = countif(Severity != "High"), Kinds = dcount(iff(Severity == "High", "high", "other"))`,
    expected: (t) => {
      const high = t('AlertInfo').filter((r) => r.Severity === 'High').length;
      const other = t('AlertInfo').length - high;
      return [{ High: high, Other: other, Kinds: (high > 0 ? 1 : 0) + (other > 0 ? 1 : 0) }];
    },
  },
  {
    name: 'alerts per calendar day via format_datetime',
    query:
      'AlertInfo | extend Day = format_datetime(Timestamp, "yyyy-MM-dd") | summarize Alerts = count() by Day',
    expected: (t) =>
      [...groupBy(t('AlertInfo'), (r) => new Date(r.Timestamp as number).toISOString().slice(0, 10))].map(
        ([Day, g]) => ({
          Day,
          Alerts: g.length,
        }),
      ),
  },
  {
    name: 'the AlertInfo schema',
    query: 'AlertInfo | getschema | project ColumnName, ColumnType',
    ordered: true,
    expected: () =>
      [
        'Timestamp',
        'AlertId',
        'Title',
        'Category',
        'Severity',
        'ServiceSource',
        'DetectionSource',
        'AttackTechniques',
      ].map((ColumnName) => ({ ColumnName, ColumnType: ColumnName === 'Timestamp' ? 'datetime' : 'string' })),
  },
  {
    name: 'malware alerts with the newest first, projected and renamed',
    query: `AlertInfo
      | where Title has "malware"
      | project-rename AlertTitle = Title
      | project Timestamp, AlertId, AlertTitle, Severity
      | order by Timestamp desc, AlertId asc`,
    ordered: true,
    expected: (t) =>
      t('AlertInfo')
        .filter((r) => terms(r.Title).includes('malware'))
        .sort(
          (a, b) =>
            (b.Timestamp as number) - (a.Timestamp as number) || (s(a.AlertId) < s(b.AlertId) ? -1 : 1),
        )
        .map((r) => ({
          Timestamp: iso(r.Timestamp),
          AlertId: r.AlertId,
          AlertTitle: r.Title,
          Severity: r.Severity,
        })),
  },
  {
    name: 'users in alerts that also signed in from outside (let function)',
    query: `let signinsOf = (upn:string) { IdentityLogonEvents | where AccountUpn =~ upn | summarize count() };
      let alertedUpns = AlertEvidence | where EntityType == "User" and isnotempty(AccountUpn) | distinct AccountUpn;
      IdentityLogonEvents
      | where AccountUpn in~ (alertedUpns) and ActionType == "LogonSuccess"
      | summarize SignIns = count() by AccountUpn = tolower(AccountUpn)`,
    expected: (t) => {
      const alerted = new Set(
        t('AlertEvidence')
          .filter((r) => r.EntityType === 'User' && s(r.AccountUpn) !== '')
          .map((r) => lower(r.AccountUpn)),
      );
      return [
        ...groupBy(
          t('IdentityLogonEvents').filter(
            (r) => alerted.has(lower(r.AccountUpn)) && r.ActionType === 'LogonSuccess',
          ),
          (r) => lower(r.AccountUpn),
        ),
      ].map(([AccountUpn, g]) => ({ AccountUpn, SignIns: g.length }));
    },
  },
];

/** The corpus clock, set by the test before the cases run (ago() needs it). */
export const NOW_FOR_CASES = { value: 0 };
