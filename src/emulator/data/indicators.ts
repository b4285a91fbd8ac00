import type { EmuClock } from '../routing.js';
import type { KnownFile } from './model.js';
import { DAY, iso7 } from './time.js';

/** One Defender for Endpoint indicator as the API returns it (api/ti-indicator.md). */
export interface IndicatorRecord {
  id: string;
  indicatorValue: string;
  indicatorType: string;
  action: string;
  application: string | null;
  source: string;
  sourceType: 'User' | 'AadApp';
  createdBy: string;
  createdBySource: string;
  createdByDisplayName: string;
  title: string;
  description: string;
  recommendedActions: string | null;
  severity: string;
  generateAlert: boolean;
  creationTimeDateTimeUtc: string;
  expirationTime: string | null;
  lastUpdateTime: string;
  lastUpdatedBy: string | null;
  rbacGroupNames: string[];
  rbacGroupIds: string[];
}

/** What a caller submitted (already validated by the route). */
export type IndicatorSubmission = Pick<
  IndicatorRecord,
  'indicatorValue' | 'indicatorType' | 'action' | 'title' | 'description' | 'severity' | 'generateAlert'
> &
  Partial<Pick<IndicatorRecord, 'application' | 'recommendedActions' | 'expirationTime' | 'rbacGroupNames'>>;

/** One request the tenant received, oldest first: the record tests read as their oracle. */
export interface IndicatorRequest {
  method: 'POST' | 'DELETE';
  appId: string;
  at: string;
  /** POST: the value and action sent; DELETE: the id. */
  indicatorValue?: string;
  indicatorType?: string;
  action?: string;
  id?: string;
  outcome: 'created' | 'updated' | 'deleted';
}

/** The documented limit of active indicators per tenant (post-ti-indicator.md, "Limitations"). */
export const ACTIVE_INDICATOR_LIMIT = 15_000;

const same = (a: IndicatorRecord, type: string, value: string) =>
  a.indicatorType.toLowerCase() === type.toLowerCase() &&
  a.indicatorValue.toLowerCase() === value.toLowerCase();

/**
 * A tenant's indicators: update-on-resubmit (one indicator per type and value), expired ones no
 * longer listed, visibility by role (Ti.ReadWrite sees what its app created), the active limit.
 */
export class IndicatorStore {
  private readonly items: IndicatorRecord[] = [];
  private nextId = 5001;
  /** Every accepted POST and DELETE, oldest first. */
  readonly requests: IndicatorRequest[] = [];
  /** The active limit (tests lower it instead of submitting 15,000 indicators). */
  limit = ACTIVE_INDICATOR_LIMIT;

  constructor(private readonly clock: EmuClock) {}

  private active(): IndicatorRecord[] {
    const now = this.clock.now();
    return this.items.filter((i) => i.expirationTime === null || Date.parse(i.expirationTime) > now);
  }

  /** The active indicators `appId` may see (`all`: Ti.ReadWrite.All). */
  visible(appId: string, all: boolean): IndicatorRecord[] {
    return this.active().filter((i) => all || i.createdBy === appId);
  }

  find(type: string, value: string): IndicatorRecord | undefined {
    return this.active().find((i) => same(i, type, value));
  }

  /** Whether a new indicator (not an update) would pass the active limit. */
  full(type: string, value: string): boolean {
    return this.find(type, value) === undefined && this.active().length >= this.limit;
  }

  submit(s: IndicatorSubmission, appId: string): IndicatorRecord {
    const now = iso7(this.clock.now());
    const existing = this.find(s.indicatorType, s.indicatorValue);
    const at = iso7(this.clock.now());
    if (existing) {
      // `application` only applies to new indicators (post-ti-indicator.md).
      const { application: _ignored, ...rest } = s;
      Object.assign(existing, rest, { lastUpdateTime: now, lastUpdatedBy: appId });
      this.requests.push({ method: 'POST', appId, at, ...pick(s), outcome: 'updated' });
      return existing;
    }
    // An expired record of the same value is replaced, not revived.
    const stale = this.items.findIndex((i) => same(i, s.indicatorType, s.indicatorValue));
    if (stale >= 0) this.items.splice(stale, 1);
    const record: IndicatorRecord = {
      id: String(this.nextId++),
      application: null,
      recommendedActions: null,
      expirationTime: null,
      rbacGroupNames: [],
      ...s,
      source: appId,
      sourceType: 'AadApp',
      createdBy: appId,
      createdBySource: 'PublicApi',
      createdByDisplayName: appId,
      creationTimeDateTimeUtc: now,
      lastUpdateTime: now,
      lastUpdatedBy: null,
      rbacGroupIds: [],
    };
    this.items.push(record);
    this.requests.push({ method: 'POST', appId, at, ...pick(s), outcome: 'created' });
    return record;
  }

  delete(id: string, appId: string, all: boolean): boolean {
    const index = this.items.findIndex((i) => i.id === id && (all || i.createdBy === appId));
    if (index < 0) return false;
    this.items.splice(index, 1);
    this.requests.push({ method: 'DELETE', appId, at: iso7(this.clock.now()), id, outcome: 'deleted' });
    return true;
  }

  /** A seeded indicator (portal-made, so an app with Ti.ReadWrite alone does not see it). */
  seed(record: Omit<IndicatorRecord, 'id'>): void {
    this.items.push({ id: String(this.nextId++), ...record });
  }
}

const pick = (s: IndicatorSubmission) => ({
  indicatorValue: s.indicatorValue,
  indicatorType: s.indicatorType,
  action: s.action,
});

/**
 * The indicators a tenant starts with, made in the portal by an analyst: an audit on a story file
 * (so blocking it previews an update), an allowed in-house tool, a blocked phishing domain, an
 * alert on a public address, and one that expired (never listed).
 */
export function seedIndicators(
  store: IndicatorStore,
  d: { analyst: string; anchor: number; storyFile: KnownFile | undefined; benign: KnownFile | undefined },
): void {
  const made = (daysAgo: number) => iso7(d.anchor - daysAgo * DAY);
  const base = {
    application: null,
    source: d.analyst,
    sourceType: 'User' as const,
    createdBy: d.analyst,
    createdBySource: 'Portal',
    createdByDisplayName: d.analyst,
    recommendedActions: null,
    lastUpdatedBy: null,
    rbacGroupNames: [],
    rbacGroupIds: [],
  };
  const add = (
    type: string,
    value: string,
    action: string,
    title: string,
    daysAgo: number,
    expiresInDays: number | null,
  ) =>
    store.seed({
      ...base,
      indicatorType: type,
      indicatorValue: value,
      action,
      title,
      description: `${title} (seeded)`,
      severity: action === 'Allowed' ? 'Informational' : 'Medium',
      generateAlert: action === 'Audit' || action === 'Alert',
      creationTimeDateTimeUtc: made(daysAgo),
      lastUpdateTime: made(daysAgo),
      expirationTime: expiresInDays === null ? null : iso7(d.anchor + expiresInDays * DAY),
    });
  if (d.storyFile) add('FileSha1', d.storyFile.sha1, 'Audit', 'Watch the dropper', 3, 30);
  if (d.benign) add('FileSha256', d.benign.sha256, 'Allowed', 'In-house build tool', 40, null);
  add('DomainName', 'login-micros0ft.example', 'Block', 'Phishing domain', 10, 20);
  add('IpAddress', '203.0.113.66', 'Alert', 'Scanner seen at the edge', 5, 25);
  add('Url', 'http://old-campaign.example/payload', 'Block', 'Old campaign', 60, -30);
}
