import { z } from 'zod';
import { isToolError, ToolError } from '../kernel/errors.js';
import { type ApiClient, type CallOptions, type QueryValue, segment } from './api-client.js';
import type { ListOptions } from './graph.js';
import { f } from './odata-filter.js';
import { collectPages, type Page, type Paged } from './paging.js';
import { HuntingResultSchema, page } from './schemas/common.js';
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

export class DefenderForEndpoint {
  constructor(
    private readonly api: ApiClient,
    private readonly options: MdeOptions = {},
  ) {}

  /** `/api/machines` answers 404 when there are no recent machines (facts §2.1): that is an empty list. */
  async listMachines(
    tenant: TenantDefinition,
    options: ListOptions = {},
    call?: CallOptions,
  ): Promise<Paged<S.Machine>> {
    try {
      return await this.list(
        tenant,
        '/api/machines',
        S.MachineSchema,
        'machines',
        MDE_PERMISSIONS.machinesRead,
        options,
        call,
      );
    } catch (error) {
      if (isToolError(error) && error.code === 'not_found') return { items: [], truncated: false };
      throw error;
    }
  }

  async getMachine(tenant: TenantDefinition, id: string, call?: CallOptions) {
    return this.get(
      tenant,
      `/api/machines/${segment(id)}`,
      S.MachineSchema,
      'machines',
      MDE_PERMISSIONS.machinesRead,
      'machine',
      call,
    );
  }

  listMachineActions(tenant: TenantDefinition, options: ListOptions = {}, call?: CallOptions) {
    return this.list(
      tenant,
      '/api/machineactions',
      S.MachineActionSchema,
      'machineactions',
      MDE_PERMISSIONS.machinesRead,
      options,
      call,
    );
  }

  async getMachineAction(tenant: TenantDefinition, id: string, call?: CallOptions) {
    return this.get(
      tenant,
      `/api/machineactions/${segment(id)}`,
      S.MachineActionSchema,
      'machineactions',
      MDE_PERMISSIONS.machinesRead,
      'machine action',
      call,
    );
  }

  /** The investigation package link; 404 until collection completes. Its own tight quota (2/min). */
  async getPackageUri(tenant: TenantDefinition, actionId: string, call?: CallOptions): Promise<string> {
    const res = await this.api.call(
      tenant,
      {
        api: 'mde',
        method: 'GET',
        path: `/api/machineactions/${segment(actionId)}/GetPackageUri`,
        idempotent: true,
        budget: { bucket: 'mde-package' },
        permission: MACHINE_ACTIONS.collectInvestigationPackage.permission,
        resource: 'investigation package',
        schema: ValueString,
      },
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
    const spec = MACHINE_ACTIONS[kind];
    try {
      const action = await this.api.call(
        tenant,
        {
          api: 'mde',
          method: 'POST',
          path: `/api/machines/${segment(machineId)}/${spec.path}`,
          body,
          idempotent: false,
          budget: { bucket: 'mde', api: spec.path },
          permission: spec.permission,
          resource: 'machine',
          timeoutMs: this.options.actionTimeoutMs ?? 30_000,
          schema: S.MachineActionSchema,
        },
        call,
      );
      return { status: 'created', action };
    } catch (error) {
      if (!isToolError(error)) throw error;
      if (error.code === 'validation_error' && error.details?.upstreamCode === 'ActiveRequestAlreadyExists') {
        const recent = await this.recentActions(tenant, machineId, spec.type);
        return {
          status: 'alreadyPending',
          pending: recent.filter((a) => a.status === 'Pending' || a.status === 'InProgress'),
        };
      }
      if (!isAmbiguous(error)) throw error;
      const recent = await this.recentActions(tenant, machineId, spec.type).catch(() => undefined);
      if (!recent) {
        throw new ToolError(
          'timeout',
          `The ${spec.type} request may or may not have reached Defender, and its state could not be read.`,
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
    return this.api.call(
      tenant,
      {
        api: 'mde',
        method: 'POST',
        path: `/api/machineactions/${segment(actionId)}/cancel`,
        body: { Comment: comment },
        idempotent: false,
        budget: { bucket: 'mde', api: 'cancel' },
        permission: 'Machine.Isolate',
        resource: 'machine action',
        schema: S.MachineActionSchema,
      },
      call,
    );
  }

  async getFile(tenant: TenantDefinition, hash: string, call?: CallOptions) {
    return this.get(
      tenant,
      `/api/files/${segment(hash)}`,
      S.FileSchema,
      'files',
      MDE_PERMISSIONS.filesRead,
      'file',
      call,
    );
  }

  async getIpStats(tenant: TenantDefinition, ip: string, call?: CallOptions) {
    return this.get(
      tenant,
      `/api/ips/${segment(ip)}/stats`,
      S.IpStatsSchema,
      'ips',
      MDE_PERMISSIONS.ipRead,
      'IP address',
      call,
    );
  }

  /** Legacy MDE advanced hunting (`Schema`/`Results`, PascalCase). Read-only: retried like a GET. */
  runAdvancedQuery(tenant: TenantDefinition, query: string, call?: CallOptions) {
    return this.api.call(
      tenant,
      {
        api: 'mde',
        method: 'POST',
        path: '/api/advancedqueries/run',
        body: { Query: query },
        idempotent: true,
        budget: { bucket: 'hunting' },
        permission: MDE_PERMISSIONS.hunting,
        schema: HuntingResultSchema,
      },
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

  private get<T extends z.ZodType>(
    tenant: TenantDefinition,
    path: string,
    schema: T,
    api: string,
    permission: string,
    resource: string,
    call?: CallOptions,
  ) {
    return this.api.call(
      tenant,
      {
        api: 'mde',
        method: 'GET',
        path,
        idempotent: true,
        budget: { bucket: 'mde', api },
        permission,
        resource,
        schema,
      },
      call,
    );
  }

  private list<T extends z.ZodType>(
    tenant: TenantDefinition,
    path: string,
    item: T,
    api: string,
    permission: string,
    options: ListOptions,
    call?: CallOptions,
  ): Promise<Paged<z.output<T>>> {
    const schema = page(item);
    const budget = { bucket: 'mde', api };
    const query: Record<string, QueryValue> = {
      $filter: options.filter,
      $top: options.top,
      $orderby: options.orderBy,
    };
    const first = () =>
      this.api.call(
        tenant,
        { api: 'mde', method: 'GET', path, query, idempotent: true, budget, permission, schema },
        call,
      ) as Promise<Page<z.output<T>>>;
    const next = (link: string) =>
      this.api.call(
        tenant,
        {
          api: 'mde',
          method: 'GET',
          path: this.api.nextLink(tenant, 'mde', link),
          idempotent: true,
          budget,
          permission,
          schema,
        },
        call,
      ) as Promise<Page<z.output<T>>>;
    return collectPages(first, next, options);
  }
}

/** Failures after which Defender may or may not have acted. */
function isAmbiguous(error: ToolError): boolean {
  const status = error.details?.status;
  const transport = error.details?.transport;
  return (
    transport === 'timeout' ||
    transport === 'reset' ||
    transport === 'other' ||
    (typeof status === 'number' && status >= 500)
  );
}
