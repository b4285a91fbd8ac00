import { maybeHostile } from '../hostile.js';
import type { Alert, Incident, KnownFile, Machine, SignIn, User } from '../model.js';
import { CITIES, MALICIOUS_DOMAINS } from '../names.js';
import { Rng } from '../prng.js';
import type { TenantInfo } from '../tenant-info.js';
import { DAY, iso7, MINUTE } from '../time.js';
import { alertEvidenceRows, alertInfoRow } from './alert-rows.js';
import { encodedPowerShell, registryPersistence } from './scenarios-endpoint.js';
import { bruteForce, phishing, riskySignIn } from './scenarios-identity.js';
import { malwareFile } from './scenarios-malware.js';
import type { AlertDraft, Provider, Scene, StoryRow } from './scene.js';

const SCENARIOS = { encodedPowerShell, malwareFile, registryPersistence, phishing, bruteForce, riskySignIn };
type ScenarioName = keyof typeof SCENARIOS;

/** Attack chains; incidents cycle through them, so every evidence type exists in every tenant. */
const CHAINS: ScenarioName[][] = [
  ['phishing', 'encodedPowerShell', 'malwareFile', 'registryPersistence', 'bruteForce', 'riskySignIn'],
  ['malwareFile'],
  ['encodedPowerShell', 'malwareFile'],
  ['riskySignIn', 'phishing'],
  ['bruteForce', 'riskySignIn'],
  ['phishing', 'encodedPowerShell', 'registryPersistence', 'malwareFile'],
  ['encodedPowerShell', 'registryPersistence', 'bruteForce'],
  ['malwareFile', 'malwareFile', 'encodedPowerShell', 'registryPersistence'],
];

const CATEGORY_NAMES: Record<string, string> = {
  InitialAccess: 'Initial access',
  Execution: 'Execution',
  Persistence: 'Persistence',
  CredentialAccess: 'Credential access',
  Malware: 'Malware',
};

const SEVERITY_ORDER = ['informational', 'low', 'medium', 'high'];

export interface StoryInput {
  seed: number;
  tenant: TenantInfo;
  machines: readonly Machine[];
  users: readonly User[];
  usersOf(machine: Machine): readonly User[];
  anchor: number;
  hostile: boolean;
  incidentCount: number;
}

export interface Stories {
  incidents: Incident[];
  alerts: Alert[];
  rows: StoryRow[];
  files: KnownFile[];
  signIns: SignIn[];
  /** Users an identity story compromised: Identity Protection marks them high risk. */
  compromisedUserIds: string[];
}

/** .NET ticks of an instant: MDE alert ids start with `da` and these 18 digits. */
function ticks(ms: number, subMillisecond: number): string {
  return (BigInt(ms) * 10_000n + BigInt(subMillisecond) + 621_355_968_000_000_000n).toString();
}

function alertId(rng: Rng, provider: Provider, created: number): string {
  switch (provider) {
    case 'mde':
      return `da${ticks(created, rng.int(0, 9999))}_${rng.int(-2147483648, 2147483647)}`;
    case 'mdo':
      return `fa${rng.guid()}`;
    case 'mdi':
      return `aa${rng.guid()}`;
    case 'aadip':
      return `ad${rng.hex(32)}`;
  }
}

interface Cast {
  scene: Scene;
  chain: ScenarioName[];
  start: number;
  status: 'active' | 'inProgress' | 'resolved';
  rng: Rng;
}

function castIncident(input: StoryInput, k: number, analysts: readonly User[]): Cast {
  const rng = Rng.of(input.seed, input.tenant.key, 'incident', k);
  const windows = input.machines.filter((m) => m.osPlatform.startsWith('Windows'));
  const machine = rng.pick(windows.length ? windows : input.machines);
  const loggedOn = input.usersOf(machine);
  const nonAnalysts = input.users.filter((u) => !analysts.includes(u));
  const user = loggedOn[0] ?? rng.pick(nonAnalysts);
  const r = rng.next();
  return {
    scene: {
      seed: input.seed,
      tenant: input.tenant,
      machine,
      user,
      loggedOn: loggedOn.length ? loggedOn : [user],
      attackerIp: `203.0.113.${rng.int(1, 254)}`,
      attackerDomain: rng.pick(MALICIOUS_DOMAINS),
      attackerCountry: rng.pick(CITIES.filter((c) => c.countryOrRegion !== user.usageLocation)),
      hostile: input.hostile,
    },
    chain: CHAINS[k % CHAINS.length] ?? ['malwareFile'],
    start: input.anchor - rng.int(1, 25) * DAY - rng.int(0, DAY - 1),
    status: r < 0.55 ? 'active' : r < 0.78 ? 'inProgress' : 'resolved',
    rng,
  };
}

function incidentName(drafts: readonly AlertDraft[]): string {
  const first = drafts[0];
  if (!first) return 'Empty incident';
  const scope = drafts.some((d) => d.provider === 'mde') ? 'on one endpoint' : 'involving one user';
  if (drafts.length === 1) return `${first.title} ${scope}`;
  const categories = [...new Set(drafts.map((d) => CATEGORY_NAMES[d.category] ?? d.category))];
  return `Multi-stage incident involving ${categories.join(' & ')} ${scope}`;
}

function determinationOf(chain: readonly ScenarioName[]): string {
  if (chain.length > 2) return 'multiStagedAttack';
  if (chain.includes('phishing')) return 'phishing';
  if (chain.includes('malwareFile')) return 'malware';
  return 'compromisedUser';
}

export function generateStories(input: StoryInput): Stories {
  const analysts = input.users.slice(0, 3);
  const casts = Array.from({ length: input.incidentCount }, (_, k) => castIncident(input, k, analysts)).sort(
    (a, b) => a.start - b.start,
  );
  // Machines in open incidents look risky in MDE before their evidence snapshots are taken.
  for (const c of casts)
    if (c.status !== 'resolved') c.scene.machine.riskScore = c.chain.length > 2 ? 'High' : 'Medium';

  const out: Stories = {
    incidents: [],
    alerts: [],
    rows: [],
    files: [],
    signIns: [],
    compromisedUserIds: [],
  };
  let nextId = Rng.of(input.seed, input.tenant.key, 'incident-ids').int(1000, 9000);
  casts.forEach((cast, k) => {
    const { rng, scene, status } = cast;
    nextId += rng.int(1, 40);
    const incidentId = String(nextId);
    let time = cast.start;
    // `n`, the alert's index in the tenant, picks its hostile-text variants.
    const drafts = cast.chain.map((name, j) => {
      time += rng.int(5, 90) * MINUTE;
      return SCENARIOS[name](scene, rng, time, out.alerts.length + j);
    });
    const analyst = rng.pick(analysts);
    const assignedTo = status === 'active' ? null : analyst.userPrincipalName;
    const resolved = status === 'resolved';
    const classification = resolved ? rng.pick(['truePositive', 'truePositive', 'falsePositive']) : 'unknown';
    const determination = !resolved
      ? 'unknown'
      : classification === 'truePositive'
        ? determinationOf(cast.chain)
        : 'other';
    const alerts: Alert[] = drafts.map((d, j) => {
      const n = out.alerts.length + j;
      const created = d.lastActivity + rng.int(1, 10) * MINUTE;
      const id = alertId(rng, d.provider, created);
      const updated = created + rng.int(1, 120) * MINUTE;
      return {
        '@odata.type': '#microsoft.graph.security.alert',
        id,
        providerAlertId: d.provider === 'mde' ? id : rng.guid(),
        incidentId,
        status: resolved ? 'resolved' : status === 'inProgress' ? 'inProgress' : 'new',
        severity: d.severity,
        classification,
        determination,
        serviceSource: d.serviceSource,
        detectionSource: d.detectionSource,
        detectorId: Rng.of(input.seed, 'detector', d.title).guid(),
        tenantId: input.tenant.tenantId,
        title: maybeHostile(input.hostile, n, d.title),
        description: maybeHostile(input.hostile, n + 2, d.description),
        recommendedActions: d.recommendedActions,
        category: d.category,
        assignedTo,
        alertWebUrl: `https://security.microsoft.com/alerts/${id}?tid=${input.tenant.tenantId}`,
        incidentWebUrl: `https://security.microsoft.com/incidents/${incidentId}?tid=${input.tenant.tenantId}`,
        actorDisplayName: null,
        threatDisplayName: d.threatFamilyName,
        threatFamilyName: d.threatFamilyName,
        mitreTechniques: d.mitreTechniques,
        createdDateTime: iso7(created),
        lastUpdateDateTime: iso7(updated),
        resolvedDateTime: resolved ? iso7(updated) : null,
        firstActivityDateTime: iso7(d.firstActivity),
        lastActivityDateTime: iso7(d.lastActivity),
        comments: [],
        evidence: d.evidence,
        systemTags: [],
      };
    });
    const created = Math.min(...alerts.map((a) => Date.parse(a.createdDateTime)));
    const updated = Math.max(...alerts.map((a) => Date.parse(a.lastUpdateDateTime)));
    const comments =
      status === 'active'
        ? []
        : Array.from({ length: rng.int(1, 2) }, (_, c) => ({
            comment: maybeHostile(
              input.hostile,
              k + c,
              c === 0 ? 'Investigating the affected device and user.' : 'Contained; monitoring.',
            ),
            createdByDisplayName: analyst.userPrincipalName,
            createdDateTime: iso7(created + (c + 1) * 30 * MINUTE),
          }));
    const incident: Incident = {
      '@odata.type': '#microsoft.graph.security.incident',
      id: incidentId,
      incidentWebUrl: `https://security.microsoft.com/incidents/${incidentId}?tid=${input.tenant.tenantId}`,
      redirectIncidentId: null,
      tenantId: input.tenant.tenantId,
      displayName: maybeHostile(input.hostile, k, incidentName(drafts)),
      createdDateTime: iso7(created),
      lastUpdateDateTime: iso7(updated),
      assignedTo,
      classification,
      determination,
      status,
      severity:
        alerts
          .map((a) => a.severity)
          .sort((a, b) => SEVERITY_ORDER.indexOf(b) - SEVERITY_ORDER.indexOf(a))[0] ?? 'medium',
      customTags: rng.sample(['Demo', 'Phishing campaign', 'VIP', 'Escalated'], rng.int(0, 2)),
      systemTags: rng.chance(0.15) ? ['Defender Experts'] : [],
      description: maybeHostile(
        input.hostile,
        k + 1,
        `Alerts correlated on ${scene.machine.computerDnsName} and ${scene.user.userPrincipalName}.`,
      ),
      comments,
    };
    out.incidents.push(incident);
    const first = comments[0];
    if (first && alerts[0]) alerts[0].comments.push({ ...first });
    for (const a of alerts) a.systemTags = [...incident.systemTags];
    out.alerts.push(...alerts);
    for (const d of drafts) {
      out.rows.push(...d.rows);
      out.files.push(...d.files);
      out.signIns.push(...d.signIns);
    }
    for (const a of alerts) out.rows.push(alertInfoRow(a), ...alertEvidenceRows(a));
    if (cast.chain.includes('riskySignIn')) out.compromisedUserIds.push(scene.user.id);
  });
  redirectOne(out);
  return out;
}

/** One merged incident, like the portal's: status `redirected`, alerts moved to the surviving incident. */
function redirectOne(out: Stories): void {
  const from = out.incidents[2];
  const to = out.incidents[3];
  if (!from || !to) return;
  from.status = 'redirected';
  from.redirectIncidentId = to.id;
  for (const a of out.alerts) {
    if (a.incidentId !== from.id) continue;
    a.incidentId = to.id;
    a.incidentWebUrl = to.incidentWebUrl;
  }
}
