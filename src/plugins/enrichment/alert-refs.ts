import { z } from 'zod';
import type { Alert } from '../../defender/schemas/graph.js';
import type { MdeAlert } from '../../defender/schemas/mde.js';

/** A short record of an alert, the same whichever API it came from; `id` is what get_alert takes. */
export const AlertRefSchema = z.object({
  id: z.string(),
  incidentId: z.string().nullable(),
  title: z.string().nullable(),
  severity: z.string().nullable(),
  status: z.string().nullable(),
  source: z
    .string()
    .nullable()
    .describe('Service that raised it (Graph serviceSource or MDE detectionSource).'),
  createdDateTime: z.string().nullable(),
});
export type AlertRef = z.output<typeof AlertRefSchema>;

/** MDE sends PascalCase enums; Graph camelCase. Shown in Graph's spelling so both read alike. */
const camel = (value: string | null | undefined) =>
  value ? value.charAt(0).toLowerCase() + value.slice(1) : null;

export function graphAlertRef(alert: Alert): AlertRef {
  return {
    id: alert.id,
    incidentId: alert.incidentId ?? null,
    title: alert.title ?? null,
    severity: alert.severity ?? null,
    status: alert.status ?? null,
    source: alert.serviceSource ?? null,
    createdDateTime: alert.createdDateTime ?? null,
  };
}

export function mdeAlertRef(alert: MdeAlert): AlertRef {
  return {
    id: alert.id,
    incidentId: alert.incidentId === null || alert.incidentId === undefined ? null : String(alert.incidentId),
    title: alert.title ?? null,
    severity: camel(alert.severity),
    status: camel(alert.status),
    source: alert.detectionSource ?? null,
    createdDateTime: alert.alertCreationTime ?? null,
  };
}
