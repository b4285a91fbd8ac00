import type { Row } from '../../../../src/emulator/kql/table.js';
import {
  type CorpusCase,
  DAY,
  distinctCount,
  groupBy,
  groupOn,
  iso,
  isPhish,
  json,
  keyValues,
  lower,
  NOW_FOR_CASES,
  s,
  terms,
} from './support.js';

/** Alert hunting: alerts per entity, techniques, joins with evidence and mail. */
export const ALERT_CASES: CorpusCase[] = [
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
