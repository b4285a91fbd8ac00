import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Preview } from '../../src/kernel/preview.js';
import type { RiskTier } from '../../src/kernel/risk.js';
import type {
  ElicitRequest,
  ElicitResponse,
  Principal,
  ToolCall,
  ToolContext,
  ToolDescriptor,
} from '../../src/kernel/types.js';

/**
 * Builders for one ToolCall as the middleware chain sees it, without a server: each middleware can
 * be tested alone. Everything is a plain value the test can inspect afterwards.
 */
export interface FakeContextOptions {
  principal?: Principal;
  tenant?: string;
  /** Resolved tenant keys; by default the `tenant` given, as the kernel's identity resolver does. */
  tenants?: readonly string[];
  deadline?: number;
  sessionId?: string;
  canElicit?: boolean;
  elicit?: (request: ElicitRequest) => Promise<ElicitResponse>;
  signal?: AbortSignal;
}

export interface FakeContext extends ToolContext {
  /** Every elicitation the middleware sent. */
  readonly elicitations: ElicitRequest[];
}

export function fakeContext(options: FakeContextOptions = {}): FakeContext {
  const elicitations: ElicitRequest[] = [];
  return {
    signal: options.signal ?? new AbortController().signal,
    principal: options.principal ?? { id: 'alice', kind: 'local' },
    sessionId: options.sessionId ?? 'session-1',
    requestId: 'request-1',
    tenant: options.tenant,
    tenants: options.tenants ?? (options.tenant === undefined ? [] : [options.tenant]),
    deadline: options.deadline,
    canElicit: options.canElicit ?? options.elicit !== undefined,
    elicitations,
    async progress() {},
    async log() {},
    async elicit(request) {
      elicitations.push(request);
      if (options.elicit === undefined) throw new Error('this fake client cannot elicit');
      return options.elicit(request);
    },
  };
}

export function fakeTool(overrides: Partial<ToolDescriptor> = {}): ToolDescriptor {
  const tier: RiskTier = overrides.tier ?? 'read';
  return {
    name: 'list_things',
    plugin: 'fixture',
    title: 'List things',
    tier,
    declaredTier: tier,
    idempotent: tier === 'read',
    openWorld: false,
    timeoutMs: undefined,
    inputSchema: z.object({}),
    outputSchema: z.object({}),
    ...overrides,
  };
}

export interface FakeCallOptions extends FakeContextOptions {
  tool?: Partial<ToolDescriptor>;
  args?: Record<string, unknown>;
  /** Leave `args` unset, as before the validation step. */
  unvalidated?: boolean;
  confirmationToken?: string;
  preview?: Preview;
  ctx?: ToolContext;
}

export const samplePreview: Preview = {
  summary: 'Set incident 42 status to resolved.',
  changes: [{ target: 'incident 42', field: 'status', from: 'active', to: 'resolved' }],
};

export function fakeCall(options: FakeCallOptions = {}): ToolCall & { previews: number } {
  const args = options.args ?? {};
  const call = {
    tool: fakeTool(options.tool),
    rawArgs: args,
    args: options.unvalidated ? undefined : args,
    confirmationToken: options.confirmationToken,
    ctx: options.ctx ?? fakeContext(options),
    callId: 'call-1',
    startedAt: Date.now(),
    notes: {},
    previews: 0,
    async preview() {
      call.previews += 1;
      return options.preview ?? samplePreview;
    },
  };
  return call;
}

export function textResult(text: string, structuredContent?: Record<string, unknown>): CallToolResult {
  return structuredContent === undefined
    ? { content: [{ type: 'text', text }] }
    : { content: [{ type: 'text', text }], structuredContent };
}

/** A `next` for a middleware under test: counts how often the inner chain (the tool) ran. */
export function spyNext(
  produce: () => Promise<CallToolResult> = async () => textResult('done'),
): (() => Promise<CallToolResult>) & { calls: number } {
  const next = Object.assign(
    async () => {
      next.calls += 1;
      return produce();
    },
    { calls: 0 },
  );
  return next;
}

/** The ToolError a promise rejected with (fails the test if it resolved). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string } & Error> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string } & Error;
  }
  throw new Error('expected the call to be refused, but it succeeded');
}
