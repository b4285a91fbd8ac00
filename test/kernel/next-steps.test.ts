import { describe, expect, it } from 'vitest';
import type { ToolAvailability } from '../../src/kernel/next-steps.js';
import { nextSteps } from '../../src/kernel/next-steps.js';
import { TOOL_CATALOG } from '../../src/kernel/tokens.js';
import { fixtureKernel } from '../helpers/kernel-client.js';

describe('nextSteps', () => {
  it('drops suggestions of tools the deployment withholds, keeping order and arguments', async () => {
    // notes has read, write and destructive tools; a read-only deployment withholds the latter two.
    const kernel = await fixtureKernel({ plugins: { './plugins/notes': true }, policy: { maxTier: 'read' } });
    const catalog = kernel.container.resolve<ToolAvailability>(TOOL_CATALOG);
    const enabled = kernel.catalog.tools.filter((t) => t.status.enabled).map((t) => t.descriptor.name);
    const withheld = kernel.catalog.tools.filter((t) => !t.status.enabled).map((t) => t.descriptor.name);
    expect(enabled.length).toBeGreaterThan(0);
    expect(withheld.length).toBeGreaterThan(0);
    const steps = [
      { tool: withheld[0] as string, why: 'change it' },
      { tool: enabled[0] as string, why: 'read it', args: { id: '1' } },
      { tool: 'no_such_tool', why: 'never' },
    ];
    expect(nextSteps(catalog, steps)).toEqual([{ tool: enabled[0], why: 'read it', args: { id: '1' } }]);
    await kernel.close();
  });

  it('keeps every suggestion when all are enabled', async () => {
    const kernel = await fixtureKernel({
      plugins: { './plugins/notes': true },
      policy: { maxTier: 'destructive' },
    });
    const names = kernel.catalog.tools.map((t) => ({ tool: t.descriptor.name, why: 'x' }));
    expect(nextSteps(kernel.catalog, names)).toHaveLength(names.length);
    await kernel.close();
  });
});
