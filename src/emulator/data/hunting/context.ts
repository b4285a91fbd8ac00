import type { BinaryInfo } from '../files.js';
import type { Machine, User } from '../model.js';
import { deriveSeed, mix, Rng } from '../prng.js';
import type { TenantInfo } from '../tenant-info.js';
import { DAY } from '../time.js';

/** Days of data before the world's anchor: inside hunting's default 30-day window with room to spare. */
export const DATA_DAYS = 28;

/** What background row generators draw from. */
export interface BackgroundContext {
  seed: number;
  tenant: TenantInfo;
  machines: readonly Machine[];
  users: readonly User[];
  /** The users who sign in on a machine (the first is its primary user). */
  usersOf(machine: Machine): readonly User[];
  binaries: readonly BinaryInfo[];
  anchor: number;
  hostile: boolean;
}

/** Row `index` of a table gets a fresh PRNG from (seed, tenant, table, index): rows are independent. */
export function rowRngs(context: BackgroundContext, table: string): (index: number) => Rng {
  const tableSeed = deriveSeed(context.seed, context.tenant.key, table);
  return (index) => new Rng(mix(tableSeed, index));
}

/** Row `index` of `count` gets a time that grows with the index across the data window. */
export function rowTime(context: BackgroundContext, rng: Rng, index: number, count: number): number {
  const start = context.anchor - DATA_DAYS * DAY;
  const slot = (DATA_DAYS * DAY) / Math.max(1, count);
  return Math.floor(start + (index + rng.next()) * slot);
}
