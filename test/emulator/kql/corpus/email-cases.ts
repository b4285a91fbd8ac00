import {
  type CorpusCase,
  distinctCount,
  groupBy,
  groupOn,
  iso,
  isPhish,
  json,
  keyValues,
  s,
} from './support.js';

/** Email hunting: phishing by sender domain, delivery, authentication, look-alike domains. */
export const EMAIL_CASES: CorpusCase[] = [
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
];
