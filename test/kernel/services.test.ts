import { describe, expect, it } from 'vitest';
import { GREETING } from '../fixtures/plugins/greeter/index.js';
import { connect, fixtureKernel } from '../helpers/kernel-client.js';

describe('createKernel services hook', () => {
  it('registers shared services before plugins resolve, and closes them with the kernel', async () => {
    let closed = 0;
    const kernel = await fixtureKernel(
      { plugins: { './plugins/greeter': true } },
      {
        services: (root) => {
          root.register(GREETING, { useValue: 'Hello' });
          return async () => {
            closed += 1;
          };
        },
      },
    );
    const { client, close } = await connect(kernel);
    const result = await client.callTool({ name: 'greet', arguments: { name: 'Ada' } });
    expect(result.structuredContent).toEqual({ text: 'Hello, Ada' });
    await close();
    await kernel.close();
    expect(closed).toBe(1);
  });

  it('fails at start, naming the tool, when a service a tool needs is missing', async () => {
    await expect(fixtureKernel({ plugins: { './plugins/greeter': true } })).rejects.toThrow(/greet/);
  });
});

describe('state store', () => {
  it("refuses state.store 'redis' without a URL instead of silently keeping state per replica", async () => {
    await expect(
      fixtureKernel({ plugins: {}, state: { store: 'redis', redis: { urlEnv: 'MCP_XDR_TEST_UNSET_URL' } } }),
    ).rejects.toThrow(/state\.redisUrl.*MCP_XDR_TEST_UNSET_URL/s);
  });

  it('refuses a Redis URL of another scheme without echoing it', async () => {
    const url = 'http://user:secret-password@127.0.0.1:1';
    const error = await fixtureKernel({ plugins: {}, state: { store: 'redis', redisUrl: url } }).catch(
      (e: unknown) => e,
    );
    expect(String(error)).toMatch(/redis:\/\//);
    expect(String(error)).not.toContain('secret-password');
  });
});
