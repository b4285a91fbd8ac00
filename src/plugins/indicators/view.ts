import { z } from 'zod';
import type { Indicator } from '../../defender/indicators/index.js';
import { escapeDeep, type Fields } from '../../defender/present.js';

const s = z.string().nullable();

/** An indicator as our tools show it (every string from Defender escaped). */
export const IndicatorViewSchema = z.object({
  id: z.string().describe('Defender indicator id (delete_indicator takes it).'),
  indicatorType: z.string(),
  indicatorValue: z.string(),
  action: z.string(),
  severity: s,
  title: s,
  description: s,
  expirationTime: s.describe('null: never expires.'),
  creationTimeDateTimeUtc: s,
  lastUpdateTime: s,
  createdBy: s,
  createdBySource: s,
  rbacGroupNames: z.array(z.string()).describe('Device groups it applies to; empty: all devices.'),
  generateAlert: z.boolean().nullable(),
});
export type IndicatorView = z.output<typeof IndicatorViewSchema>;

const orNull = (v: string | null | undefined) => v ?? null;

export function indicatorView(i: Indicator): IndicatorView {
  return escapeDeep({
    id: i.id,
    indicatorType: i.indicatorType,
    indicatorValue: i.indicatorValue,
    action: i.action,
    severity: orNull(i.severity),
    title: orNull(i.title),
    description: orNull(i.description),
    expirationTime: orNull(i.expirationTime),
    creationTimeDateTimeUtc: orNull(i.creationTimeDateTimeUtc),
    lastUpdateTime: orNull(i.lastUpdateTime),
    createdBy: orNull(i.createdBy),
    createdBySource: orNull(i.createdBySource),
    rbacGroupNames: i.rbacGroupNames ?? [],
    generateAlert:
      typeof i.generateAlert === 'boolean'
        ? i.generateAlert
        : i.generateAlert == null
          ? null
          : i.generateAlert === 'true',
  });
}

/** The fields of an indicator for a fenced record (upstream text). */
export function indicatorFields(i: IndicatorView): Fields {
  return {
    id: i.id,
    type: i.indicatorType,
    value: i.indicatorValue,
    action: i.action,
    severity: i.severity,
    title: i.title,
    description: i.description,
    expires: i.expirationTime ?? 'never',
    created: i.creationTimeDateTimeUtc,
    createdBy: i.createdBy,
    deviceGroups: i.rbacGroupNames.length > 0 ? i.rbacGroupNames : 'all devices',
  };
}
