import type { Comment } from './data/model.js';
import { nextUpdateTime } from './data/time.js';
import type { World } from './data/world.js';
import type { FaultTarget, OtherWrite } from './faults.js';

const RECORD_PATH = /^\/(?:v1\.0|beta)\/security\/(incidents|alerts_v2)\/([^/]+)/i;

/**
 * The `otherWriter` fault: someone else (an analyst in the portal) changes the incident or alert a
 * request addresses, just before the request is served. Other paths are left alone.
 */
export function applyOtherWrite(world: World, target: FaultTarget, write: OtherWrite): void {
  const match = RECORD_PATH.exec(target.path);
  const data = target.tenant ? world.tenant(target.tenant.key) : undefined;
  if (!match?.[1] || !match[2] || !data) return;
  const id = decodeURIComponent(match[2]);
  const records: {
    id: string;
    assignedTo: string | null;
    comments: Comment[];
    lastUpdateDateTime: string;
  }[] = match[1].toLowerCase() === 'incidents' ? data.incidents : data.alerts;
  const record = records.find((r) => r.id === id);
  if (!record) return;
  const now = nextUpdateTime(record.lastUpdateDateTime, world.clock.now());
  const who = write.assignedTo ?? `other.analyst@${data.domain}`;
  record.assignedTo = who;
  if (write.comment)
    record.comments.push({ comment: write.comment, createdByDisplayName: who, createdDateTime: now });
  record.lastUpdateDateTime = now;
}
