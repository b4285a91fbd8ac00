import type { z } from 'zod';
import { FileHash, IpAddress, MachineId, UserPrincipalName } from '../../defender/ids.js';
import type { TenantResult } from '../../defender/present.js';
import type { NextStep } from '../../kernel/next-steps.js';

interface Rows {
  rows: Record<string, unknown>[];
  totalRows: number;
}

/**
 * Entity columns a hunt often returns, and the enrichment call each leads to. A value becomes a
 * suggestion only if it parses as that kind of id, so row text never reaches a hint as free text.
 */
const ENTITIES: readonly {
  columns: string[];
  id: z.ZodType<string>;
  tool: string;
  arg: string;
  why: string;
}[] = [
  {
    columns: ['DeviceId'],
    id: MachineId,
    tool: 'enrich_device',
    arg: 'machineId',
    why: 'Look at the device in the first row.',
  },
  {
    columns: ['AccountUpn', 'InitiatingProcessAccountUpn', 'RecipientEmailAddress'],
    id: UserPrincipalName,
    tool: 'enrich_user',
    arg: 'upn',
    why: 'Look at the account in the first row.',
  },
  {
    columns: ['SHA256', 'SHA1', 'InitiatingProcessSHA256'],
    id: FileHash,
    tool: 'enrich_file',
    arg: 'hash',
    why: 'Look at the file in the first row.',
  },
  {
    columns: ['RemoteIP', 'IPAddress', 'SenderIPv4'],
    id: IpAddress,
    tool: 'enrich_ip',
    arg: 'ip',
    why: 'Look at the IP address in the first row.',
  },
];

/** Follow-ups for a hunt: enrich the first entities found, or look at the schema when nothing matched. */
export function huntNextSteps(results: readonly TenantResult<Rows>[], fannedOut: boolean): NextStep[] {
  const found = results.find(
    (r): r is Extract<TenantResult<Rows>, { ok: true }> => r.ok && r.rows.length > 0,
  );
  if (!found) {
    return results.some((r) => r.ok)
      ? [
          {
            tool: 'get_hunting_schema',
            why: 'No rows: check the table, the column values and the time range.',
          },
        ]
      : [];
  }
  const tenant = fannedOut ? { tenant: found.tenant } : {};
  const steps: NextStep[] = [];
  for (const entity of ENTITIES) {
    const value = firstValid(found.rows, entity.columns, entity.id);
    if (value !== undefined)
      steps.push({ tool: entity.tool, why: entity.why, args: { [entity.arg]: value, ...tenant } });
  }
  return steps;
}

function firstValid(rows: Rows['rows'], columns: string[], id: z.ZodType<string>): string | undefined {
  for (const row of rows.slice(0, 50)) {
    for (const column of columns) {
      const parsed = id.safeParse(row[column]);
      if (parsed.success) return parsed.data;
    }
  }
  return undefined;
}
