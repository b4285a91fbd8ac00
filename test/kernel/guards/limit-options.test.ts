import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { responseLimitOptions } from '../../../src/kernel/guards/index.js';
import { DevicesOptions } from '../../../src/plugins/devices/options.js';
import { IdentityOptions } from '../../../src/plugins/identity/options.js';
import { IndicatorsOptions } from '../../../src/plugins/indicators/options.js';

describe('responseLimitOptions(): one cooldown and cap block for every acting plugin', () => {
  const Options = z.object(
    responseLimitOptions({ cooldownSeconds: 42, hourlyCap: 7 }, { cooldown: 'c', cap: 'h' }),
  );

  it('fills the plugin defaults and keeps the operator values', () => {
    expect(Options.parse({})).toEqual({ cooldownSeconds: 42, hourlyCap: 7 });
    expect(Options.parse({ cooldownSeconds: 0, hourlyCap: 10_000 })).toEqual({
      cooldownSeconds: 0,
      hourlyCap: 10_000,
    });
  });

  it.each([
    [{ cooldownSeconds: -1 }],
    [{ cooldownSeconds: 86_401 }],
    [{ cooldownSeconds: 1.5 }],
    [{ hourlyCap: 0 }],
    [{ hourlyCap: 10_001 }],
  ])('refuses %j', (value) => {
    expect(Options.safeParse(value).success).toBe(false);
  });

  it('gives devices, identity and indicators their own defaults, described', () => {
    expect(DevicesOptions.parse({})).toMatchObject({ cooldownSeconds: 60, hourlyCap: 10 });
    expect(IdentityOptions.parse({})).toMatchObject({ cooldownSeconds: 300, hourlyCap: 10 });
    expect(IndicatorsOptions.parse({})).toMatchObject({ cooldownSeconds: 300, hourlyCap: 20 });
    for (const schema of [DevicesOptions, IdentityOptions, IndicatorsOptions]) {
      expect(schema.shape.cooldownSeconds.description).toBeTruthy();
      expect(schema.shape.hourlyCap.description).toBeTruthy();
    }
  });
});
