import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicySchema } from '../../../src/kernel/config/schema.js';
import type { ToolError } from '../../../src/kernel/errors.js';
import type { Logger } from '../../../src/kernel/logger.js';
import { compose } from '../../../src/kernel/pipeline.js';
import { buildPolicyChain } from '../../../src/kernel/policy-chain.js';
import { MemoryStateStore } from '../../../src/kernel/state/memory.js';
import type { ToolMiddleware } from '../../../src/kernel/types.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { fakeCall, rejection, textResult } from '../../helpers/fake-tool-call.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tempDir = useTempDir('mcp-xdr-chain-');

function recordingLogger() {
  const lines: string[] = [];
  const record = (level: string) => (_data: Record<string, unknown>, message: string) =>
    lines.push(`${level}: ${message}`);
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  return { logger, lines };
}

function chainFor(policyInput: Record<string, unknown>, validate: ToolMiddleware = (_call, next) => next()) {
  const file = join(tempDir(), 'audit.jsonl');
  const { logger, lines } = recordingLogger();
  const clock = new FakeClock();
  const middlewares = buildPolicyChain({
    policy: PolicySchema.parse(policyInput),
    audit: { stderr: false, file },
    store: new MemoryStateStore({ clock }),
    clock,
    validate,
    logger,
  });
  const records = () =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  return { middlewares, lines, records };
}

describe('buildPolicyChain', () => {
  it('audits a refusal that happened after validation, with the validated arguments', async () => {
    const order: string[] = [];
    const { middlewares, records } = chainFor({ maxTier: 'read' }, async (call, next) => {
      order.push('validate');
      call.args = { validated: true };
      return next();
    });
    expect(middlewares).toHaveLength(7);
    const run = compose(middlewares, async () => {
      order.push('tool');
      return textResult('ran');
    });
    const error = (await rejection(
      run(fakeCall({ tool: { tier: 'write' }, unvalidated: true })),
    )) as ToolError;
    expect(error.code).toBe('forbidden');
    expect(order).toEqual(['validate']);
    expect(records().map((r) => [r.kind, r.outcome, r.errorCode])).toEqual([
      ['intent', undefined, undefined],
      ['outcome', 'refused', 'forbidden'],
    ]);
    expect(records()[1].args).toEqual({ validated: true });
  });

  it('runs a read tool through every step', async () => {
    const { middlewares, records } = chainFor({});
    const result = await compose(middlewares, async (call) => textResult(`tenant ${call.ctx.tenant}`))(
      fakeCall({ tenant: 'contoso' }),
    );
    expect(result.content).toEqual([{ type: 'text', text: 'tenant contoso' }]);
    expect(records()).toMatchObject([{ kind: 'call', outcome: 'ok', tenant: 'contoso' }]);
  });

  it('logs the lab-only approval opt-out loudly at build time', () => {
    const { lines } = chainFor({ approval: { dangerouslySkipHumanApproval: true } });
    expect(
      lines.some((line) => line.startsWith('warn: DANGER') && line.includes('WITHOUT human approval')),
    ).toBe(true);
    expect(chainFor({}).lines.some((line) => line.includes('DANGER'))).toBe(false);
  });
});
