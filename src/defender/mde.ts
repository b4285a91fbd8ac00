import { z } from 'zod';
import { isToolError, ToolError } from '../kernel/errors.js';
import { type ApiClient, type CallOptions, segment } from './api-client.js';
import { type CallSpec, Endpoint, type ListOptions } from './endpoint.js';
import { f } from './odata-filter.js';
import type { Paged } from './paging.js';
import { HuntingResultSchema } from './schemas/common.js';
import * as S from './schemas/mde.js';
import type { TenantDefinition } from './tenant-sources.js';

/** Facts §2.2: each action, its path, its Defender type name and its app permission. */
export const MACHINE_ACTIONS = {
  isolate: { path: 'isolate', type: 'Isolate', permission: 'Machine.Isolate' },
  unisolate: { path: 'unisolate', type: 'Unisolate', permission: 'Machine.Isolate' },
  runAntiVirusScan: { path: 'runAntiVirusScan', type: 'RunAntiVirusScan', permission: 'Machine.Scan' },
  stopAndQuarantineFile: {
    path: 'StopAndQuarantineFile',
    type: 'StopAndQuarantineFile',
    permission: 'Machine.StopAndQuarantine',
  },
  restrictCodeExecution: {
    path: 'restrictCodeExecution',
    type: 'RestrictCodeExecution',
    permission: 'Machine.RestrictExecution',
  },
  unrestrictCodeExecution: {
    path: 'unrestrictCodeExecution',
    type: 'UnrestrictCodeExecution',
    permission: 'Machine.RestrictExecution',
  },
  collectInvestigationPackage: {
    path: 'collectInvestigationPackage',
    type: 'CollectInvestigationPackage',
    permission: 'Machine.CollectForensics',
  },
} as const;
export type MachineActionKind = keyof typeof MACHINE_ACTIONS;

export const MDE_PERMISSIONS = {
  machinesRead: 'Machine.Read.All',
  filesRead: 'File.Read.All',
  ipRead: 'Ip.Read.All',
  hunting: 'AdvancedQuery.Read.All',
  alertsRead: 'Alert.Read.All',
  usersRead: 'User.Read.All',
  vulnerabilityRead: 'Vulnerability.Read.All',
} as const;

/** MDE body keys are case-sensitive PascalCase (facts §2). */
export interface MachineActionBody {
  Comment: string;
  IsolationType?: 'Full' | 'Selective' | 'UnManagedDevice';
  ScanType?: 'Quick' | 'Full';
  Sha1?: string;
}

/**
 * What happened to a state-changing request. `uncertain`: the request may or may not have reached
 * Defender (timeout, reset, 5xx); we never resend it blindly, we report the machine's recent actions.
 */
export type MachineActionOutcome =
  | { status: 'created'; action: S.MachineAction }
  | { status: 'alreadyPending'; pending: S.MachineAction[] }
  | {
      status: 'uncertain';
      reason: string;
      matching: S.MachineAction | undefined;
      recentActions: S.MachineAction[];
    };

export interface MdeOptions {
  /** Timeout for a machine action request, after which we read the state instead of waiting. */
  actionTimeoutMs?: number;
  /** Timeout for the follow-up read of recent actions. */
  statusReadTimeoutMs?: number;
}

const ValueString = z.looseObject({ value: z.string() });

const spec = (api: string, permission: string, resource?: string): CallSpec => ({
  permission,
  budget: { bucket: 'mde', api },
  ...(resource ? { resource } : {}),
});
const MACHINES = spec('machines', MDE_PERMISSIONS.machinesRead, 'machine');
const ACTIONS = spec('machineactions', MDE_PERMISSIONS.machinesRead, 'machine action');

export class DefenderForEndpoint {
  private readonly mde: Endpoint;

  constructor(
    api: ApiClient,
    private readonly options: MdeOptions = {},
  ) {
    this.mde = new Endpoint(api, 'mde');
  }

  /** `/api/machines` answers 404 when there are no recent machines (facts §2.1): that is an empty list. */
  async listMachines(
    tenant: TenantDefinition,
    options: ListOptions = {},
    call?: CallOptions,
  ): Promise<Paged<S.Machine>> {
    try {
      return await this.mde.list(tenant, '/api/machines', S.MachineSchema, MACHINES, options, call);
    } catch (error) {
      if (isToolError(error) && error.code === 'not_found') return { items: [], truncated: false };
      throw error;
    }
  }

  /**
   * Machines seen with an internal IP within 15 minutes of `at`, which must lie in the past 30 days
   * (`findbyip`). `ip` must already be a validated address: it is written into the path as is.
   */
  async findMachinesByIp(tenant: TenantDefinition, ip: string, at: Date, call?: CallOptions) {
    const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const path = `/api/machines/findbyip(ip='${segment(ip)}',timestamp=${stamp})`;
    const res = await this.mde.list(tenant, path, S.MachineSchema, MACHINES, { maxPages: 1 }, call);
    return res.items;
  }

  async getMachine(tenant: TenantDefinition, id: string, call?: CallOptions) {
    return this.mde.get(tenant, `/api/machines/${segment(id)}`, S.MachineSchema, MACHINES, call);
  }

  /** The machine's Defender for Endpoint alerts (MDE alert shape). */
  listMachineAlerts(
    tenant: TenantDefinition,
    machineId: string,
    options: ListOptions = {},
    call?: CallOptions,
  ) {
    const s = spec('machineAlerts', MDE_PERMISSIONS.alertsRead, 'machine');
    const path = `/api/machines/${segment(machineId)}/alerts`;
    return this.mde.list(tenant, path, S.MdeAlertSchema, s, options, call);
  }

  /** The machine's known vulnerabilities (Defender Vulnerability Management; 50 calls a minute). */
  listMachineVulnerabilities(
    tenant: TenantDefinition,
    machineId: string,
    options: ListOptions = {},
    call?: CallOptions,
  ) {
    const s = spec('machineVulnerabilities', MDE_PERMISSIONS.vulnerabilityRead, 'machine');
    const path = `/api/machines/${segment(machineId)}/vulnerabilities`;
    return this.mde.list(tenant, path, S.VulnerabilitySchema, s, options, call);
  }

  /** Users who logged on to the machine. */
  listLogonUsers(tenant: TenantDefinition, machineId: string, options: ListOptions = {}, call?: CallOptions) {
    const s = spec('logonusers', MDE_PERMISSIONS.usersRead, 'machine');
    const path = `/api/machines/${segment(machineId)}/logonusers`;
    return this.mde.list(tenant, path, S.LogonUserSchema, s, options, call);
  }

  listMachineActions(tenant: TenantDefinition, options: ListOptions = {}, call?: CallOptions) {
    return this.mde.list(tenant, '/api/machineactions', S.MachineActionSchema, ACTIONS, options, call);
  }

  async getMachineAction(tenant: TenantDefinition, id: string, call?: CallOptions) {
    return this.mde.get(tenant, `/api/machineactions/${segment(id)}`, S.MachineActionSchema, ACTIONS, call);
  }

  /** The investigation package link; 404 until collection completes. Its own tight quota (2/min). */
  async getPackageUri(tenant: TenantDefinition, actionId: string, call?: CallOptions): Promise<string> {
    const s: CallSpec = {
      permission: MACHINE_ACTIONS.collectInvestigationPackage.permission,
      budget: { bucket: 'mde-package' },
      resource: 'investigation package',
    };
    const res = await this.mde.get(
      tenant,
      `/api/machineactions/${segment(actionId)}/GetPackageUri`,
      ValueString,
      s,
      call,
    );
    return res.value.replace(/^"|"$/g, '');
  }

  /**
   * Starts a machine action: sent once. On an ambiguous failure we read the machine's recent
   * actions and report what is there; on "already in progress" we report the pending action.
   */
  async machineAction(
    tenant: TenantDefinition,
    machineId: string,
    kind: MachineActionKind,
    body: MachineActionBody,
    call?: CallOptions,
  ): Promise<MachineActionOutcome> {
    const action = MACHINE_ACTIONS[kind];
    const path = `/api/machines/${segment(machineId)}/${action.path}`;
    const s = {
      ...spec(action.path, action.permission, 'machine'),
      timeoutMs: this.options.actionTimeoutMs ?? 30_000,
    };
    try {
      return {
        status: 'created',
        action: await this.mde.send(tenant, 'POST', path, body, S.MachineActionSchema, s, call),
      };
    } catch (error) {
      if (!isToolError(error)) throw error;
      if (error.code === 'validation_error' && error.details?.upstreamCode === 'ActiveRequestAlreadyExists') {
        const recent = await this.recentActions(tenant, machineId, action.type);
        return {
          status: 'alreadyPending',
          pending: recent.filter((a) => a.status === 'Pending' || a.status === 'InProgress'),
        };
      }
      if (!isAmbiguous(error)) throw error;
      const recent = await this.recentActions(tenant, machineId, action.type).catch(() => undefined);
      if (!recent) {
        throw new ToolError(
          'timeout',
          `The ${action.type} request may or may not have reached Defender, and its state could not be read.`,
          {
            hint: 'Do not repeat it blindly: list the machine actions of this device first.',
          },
        );
      }
      // Defender's clock is not ours: match on what we sent (the comment), newest first.
      const matching = recent.find((a) => a.requestorComment === body.Comment);
      return { status: 'uncertain', reason: error.code, matching, recentActions: recent };
    }
  }

  async cancelMachineAction(tenant: TenantDefinition, actionId: string, comment: string, call?: CallOptions) {
    const path = `/api/machineactions/${segment(actionId)}/cancel`;
    const s = spec('cancel', 'Machine.Isolate', 'machine action');
    return this.mde.send(tenant, 'POST', path, { Comment: comment }, S.MachineActionSchema, s, call);
  }

  async getFile(tenant: TenantDefinition, hash: string, call?: CallOptions) {
    return this.mde.get(
      tenant,
      `/api/files/${segment(hash)}`,
      S.FileSchema,
      spec('files', MDE_PERMISSIONS.filesRead, 'file'),
      call,
    );
  }

  /** Organisation prevalence of a file (first/last seen in this tenant, top names). */
  async getFileStats(tenant: TenantDefinition, hash: string, call?: CallOptions) {
    const s = spec('fileStats', MDE_PERMISSIONS.filesRead, 'file');
    return this.mde.get(tenant, `/api/files/${segment(hash)}/stats`, S.FileStatsSchema, s, call);
  }

  async getIpStats(tenant: TenantDefinition, ip: string, call?: CallOptions) {
    const s = spec('ips', MDE_PERMISSIONS.ipRead, 'IP address');
    return this.mde.get(tenant, `/api/ips/${segment(ip)}/stats`, S.IpStatsSchema, s, call);
  }

  /** Legacy MDE advanced hunting (`Schema`/`Results`, PascalCase). Read-only: retried like a GET. */
  runAdvancedQuery(tenant: TenantDefinition, query: string, call?: CallOptions) {
    const s = { permission: MDE_PERMISSIONS.hunting, budget: { bucket: 'hunting' }, idempotent: true };
    return this.mde.send(
      tenant,
      'POST',
      '/api/advancedqueries/run',
      { Query: query },
      HuntingResultSchema,
      s,
      call,
    );
  }

  /** Newest actions of one type on one machine, read with a fresh deadline (the caller's may be spent). */
  private async recentActions(
    tenant: TenantDefinition,
    machineId: string,
    type: string,
  ): Promise<S.MachineAction[]> {
    const res = await this.listMachineActions(
      tenant,
      { filter: f.and(f.eq('machineId', machineId), f.eq('type', type)), top: 10, maxItems: 10, maxPages: 1 },
      { signal: AbortSignal.timeout(this.options.statusReadTimeoutMs ?? 15_000) },
    );
    return res.items.sort(
      (a, b) => Date.parse(b.creationDateTimeUtc ?? '') - Date.parse(a.creationDateTimeUtc ?? ''),
    );
  }
}

/** Failures after which Defender may or may not have acted (a state-changing request is then read back). */
export function isAmbiguous(error: ToolError): boolean {
  const status = error.details?.status;
  const transport = error.details?.transport;
  return (
    transport === 'timeout' ||
    transport === 'reset' ||
    transport === 'other' ||
    (typeof status === 'number' && status >= 500)
  );
}
