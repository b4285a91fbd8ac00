import type { Row } from '../../kql/table.js';
import type { TableName } from '../hunting/schema.js';
import type { Evidence, KnownFile, Machine, SignIn, User } from '../model.js';
import type { TenantInfo } from '../tenant-info.js';

/** The cast of one incident: who was hit, on which machine, by which infrastructure. */
export interface Scene {
  seed: number;
  tenant: TenantInfo;
  machine: Machine;
  user: User;
  /** Users logged on to the machine (the victim first). */
  loggedOn: readonly User[];
  attackerIp: string;
  attackerDomain: string;
  attackerCountry: { city: string; state: string; countryOrRegion: string };
  hostile: boolean;
}

export type Provider = 'mde' | 'mdo' | 'mdi' | 'aadip';

export interface StoryRow {
  table: TableName;
  row: Row;
}

/** What a scenario contributes for one alert, before ids, status and incident are assigned. */
export interface AlertDraft {
  provider: Provider;
  title: string;
  description: string;
  category: string;
  mitreTechniques: string[];
  severity: 'low' | 'medium' | 'high' | 'informational';
  serviceSource: string;
  detectionSource: string;
  threatFamilyName: string | null;
  recommendedActions: string;
  firstActivity: number;
  lastActivity: number;
  evidence: Evidence[];
  rows: StoryRow[];
  files: KnownFile[];
  signIns: SignIn[];
}
