import type { Row } from '../../kql/table.js';
import { fileHashes } from '../files.js';
import type { User } from '../model.js';
import { rowRngs } from './context.js';
import type { Activity, Actor } from './hc-activity.js';

/**
 * Small phishing waves from rare sender domains, beside the big malicious-updates.com campaign: a
 * hijacked partner thread (a fake reply with a Google Docs link), a personalised appspot.com
 * credential page, and lures carrying OneNote, JNLP and JAR attachments. Each message has its
 * EmailEvents row and its EmailUrlInfo / EmailAttachmentInfo rows under the same NetworkMessageId,
 * as Defender for Office 365 records them, so hunts that join the mail tables find them.
 */
interface Wave {
  key: string;
  sender: string;
  display: string;
  subject: string;
  threat: '' | 'Phish' | 'Malware';
  url?: (recipient: User) => string;
  attachment?: { name: string; type: string };
}

const WAVES: readonly Wave[] = [
  {
    key: 'fake-reply',
    sender: 'j.miller@northwind-traders.example',
    display: 'Jordan Miller',
    subject: 'RE: Required document review',
    threat: '',
    url: () => 'https://docs.google.com/document/d/1Zx9QvR2LmT8kPq4Wn7/edit?usp=sharing',
  },
  {
    key: 'appspot',
    sender: 'no-reply@secure-docs-share.example',
    display: 'SharePoint Online',
    subject: 'You have received a secure document',
    threat: 'Phish',
    url: (r) => `https://auth-dot-docs-share-viewer.appspot.com/?login=${r.mail}`,
  },
  {
    key: 'onenote',
    sender: 'payments@acct-remittance.example',
    display: 'Accounts Receivable',
    subject: 'Remittance advice 0423',
    threat: '',
    attachment: { name: 'Remittance_0423.one', type: 'one;onenote' },
  },
  {
    key: 'jnlp',
    sender: 'tracking@parcel-notify.example',
    display: 'Parcel Service',
    subject: 'Shipment notice 58213',
    threat: 'Malware',
    attachment: { name: 'Shipment_Details.jnlp', type: 'jnlp' },
  },
  {
    key: 'jar',
    sender: 'billing@invoice-portal.example',
    display: 'Invoice Portal',
    subject: 'Invoice 7781 overdue',
    threat: 'Malware',
    attachment: { name: 'Invoice_7781.jar', type: 'Jar' },
  },
];

/** A wave's message in one occurrence: its id, recipient and time, the same from every mail table. */
function message(a: Actor, waveIndex: number) {
  const wave = WAVES[waveIndex] as Wave;
  const rng = rowRngs(a.context, `hc-mail:${wave.key}`)(a.occurrence);
  const users = a.context.users;
  return {
    wave,
    id: rng.guid(),
    internetId: `<${rng.hex(40)}@${wave.sender.split('@')[1]}>`,
    recipient: users[(a.occurrence * 7 + waveIndex * 3) % users.length] as User,
    time: a.base - (3 + waveIndex * 11) * 60_000,
  };
}

function common(m: ReturnType<typeof message>, into: Row): void {
  into.Timestamp = m.time;
  into.NetworkMessageId = m.id;
  into.SenderFromAddress = m.wave.sender;
  into.SenderDisplayName = m.wave.display;
  into.RecipientEmailAddress = m.recipient.mail;
  into.RecipientObjectId = m.recipient.id;
  into.ThreatTypes = m.wave.threat;
}

const forEachWave = (fill: (m: ReturnType<typeof message>, into: Row, a: Actor) => void): Activity[] =>
  WAVES.map((_, w) => (a, into) => fill(message(a, w), into, a));

export const WAVE_MESSAGES: readonly Activity[] = forEachWave((m, into, a) => {
  const domain = m.wave.sender.split('@')[1] ?? '';
  common(m, into);
  into.InternetMessageId = m.internetId;
  into.SenderMailFromAddress = m.wave.sender;
  into.SenderFromDomain = domain;
  into.SenderMailFromDomain = domain;
  into.SenderIPv4 = `203.0.113.${20 + WAVES.indexOf(m.wave)}`;
  into.Subject = m.wave.subject;
  into.EmailClusterId = 7_000_000_000 + WAVES.indexOf(m.wave);
  into.EmailDirection = 'Inbound';
  // What evaded detection was delivered; detected malware went to quarantine.
  const blocked = m.wave.threat === 'Malware';
  into.DeliveryAction = blocked ? 'Blocked' : 'Delivered';
  into.DeliveryLocation = blocked ? 'Quarantine' : 'Inbox/folder';
  into.LatestDeliveryAction = into.DeliveryAction;
  into.LatestDeliveryLocation = into.DeliveryLocation;
  into.ThreatNames = m.wave.threat === 'Malware' ? 'Trojan:Java/Adwind' : '';
  into.DetectionMethods = m.wave.threat ? `{"${m.wave.threat}":["File detonation"]}` : '';
  into.AuthenticationDetails = JSON.stringify({ SPF: 'pass', DKIM: 'pass', DMARC: 'pass', CompAuth: 'pass' });
  into.AttachmentCount = m.wave.attachment ? 1 : 0;
  into.UrlCount = m.wave.url ? 1 : 0;
  into.EmailLanguage = 'en';
  into.ReportId = `hc-${a.index}`;
});

export const WAVE_URLS: readonly Activity[] = forEachWave((m, into, a) => {
  const url = m.wave.url?.(m.recipient) ?? '';
  into.Timestamp = m.time;
  into.NetworkMessageId = m.id;
  into.Url = url;
  into.UrlDomain = url.replace(/^\w+:\/\//, '').split(/[/?]/)[0] ?? '';
  into.UrlLocation = 'Body';
  into.ReportId = `hc-${a.index}`;
}).filter((_, w) => WAVES[w]?.url);

export const WAVE_ATTACHMENTS: readonly Activity[] = forEachWave((m, into, a) => {
  const file = m.wave.attachment ?? { name: '', type: '' };
  const hashes = fileHashes(a.context.seed, file.name.toLowerCase());
  common(m, into);
  into.FileName = file.name;
  into.FileType = file.type;
  into.SHA256 = hashes.sha256;
  into.FileSize = 40_000 + WAVES.indexOf(m.wave) * 1_337;
  into.ThreatNames = m.wave.threat === 'Malware' ? 'Trojan:Java/Adwind' : '';
  into.DetectionMethods = m.wave.threat ? `{"${m.wave.threat}":["File detonation"]}` : '';
  into.ReportId = `hc-${a.index}`;
}).filter((_, w) => WAVES[w]?.attachment);
