import type { Row } from '../../kql/table.js';
import type { Machine, User } from '../model.js';
import type { Rng } from '../prng.js';
import type { BackgroundContext } from './context.js';
import { TABLE_COLUMNS } from './schema.js';
import type { RowSource } from './table.js';

/**
 * Cloud and identity activity hunts look for (admin actions in the Defender portal, OAuth consent
 * and credential changes, impersonated mailbox access, AD changes, LDAP reconnaissance...), written
 * as a list of activities each of which fills one row from an actor. Each activity occurs at a
 * fixed set of ages before the world's anchor, so a hunt over the last hour, day, week or month
 * finds it whatever the time of day, and the same seed always gives the same rows.
 */
export interface Actor {
  context: BackgroundContext;
  rng: Rng;
  /** The row's index in its table's activity rows. */
  index: number;
  /** Which occurrence of the activity this is (0 is the most recent). */
  occurrence: number;
  time: number;
  /** The occurrence's time before jitter: activities that happen together (a consent, then its grant) align on it. */
  base: number;
  /** A user of the tenant, and one of the machines they sign in on. */
  user: User;
  machine: Machine;
  /** The tenant's IT administrator: who acts in the admin portals. */
  admin: User;
}

export type Activity = (a: Actor, into: Row) => void;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Ages of an activity's occurrences: inside ago(1h), ago(1d), ago(7d) and the 30-day window. */
const AGES = [25 * MINUTE, 7 * HOUR, 2 * DAY, 5 * DAY, 12 * DAY, 24 * DAY];
/** How far an occurrence may move from its age: less than the gap to the next window's edge. */
const JITTER = 20 * MINUTE;

/** The tenant's administrator: the first user whose job title says so (there is always one user). */
export function tenantAdmin(context: BackgroundContext): User {
  return context.users.find((u) => /admin/i.test(u.jobTitle)) ?? (context.users[0] as User);
}

/** `occurrences` rows of every activity, newest first within each activity. */
export function activityRows(
  context: BackgroundContext,
  table: string,
  activities: readonly Activity[],
  rngOf: (index: number) => Rng,
  occurrences = AGES.length,
): RowSource {
  const names = new Set((TABLE_COLUMNS[table] ?? []).map((c) => c.name));
  const admin = tenantAdmin(context);
  return {
    count: activities.length * occurrences,
    row(i, into) {
      const rng = rngOf(i);
      const activity = activities[i % activities.length] as Activity;
      const occurrence = Math.floor(i / activities.length);
      const base = context.anchor - (AGES[occurrence % AGES.length] as number);
      const machine = rng.pick(context.machines);
      const users = context.usersOf(machine);
      const user = users.length ? rng.pick(users) : rng.pick(context.users);
      const time = Math.floor(base - rng.next() * JITTER);
      into.Timestamp = time;
      activity({ context, rng, index: i, occurrence, time, base, user, machine, admin }, into);
      for (const key of Object.keys(into)) if (!names.has(key)) delete into[key];
    },
  };
}
