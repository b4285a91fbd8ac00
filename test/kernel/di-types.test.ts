import { container, injectable } from 'tsyringe';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CLOCK,
  type Clock,
  inject,
  LOGGER,
  type Logger,
  pluginOptions,
  STATE_STORE,
  type StateStore,
  token,
} from '../../src/kernel/index.js';
import { createLogger } from '../../src/kernel/logger.js';
import { MemoryStateStore } from '../../src/kernel/state/memory.js';

/**
 * Typed DI tokens. The type checks are enforced by `npm run typecheck` (tsc over test/): each
 * `@ts-expect-error` fails the check if the mismatched injection under it compiles. The tests below
 * show the same classes still wire at run time.
 */
class Watchlist {
  readonly entries: string[] = [];
}
const WATCHLIST = token<Watchlist>('watchlist');
const OPTIONS = pluginOptions<{ capacity: number }>();

@injectable()
class Wired {
  constructor(
    @inject(LOGGER) readonly logger: Logger,
    // A parameter may ask for less than the token gives.
    @inject(CLOCK) readonly clock: Pick<Clock, 'now'>,
    @inject(WATCHLIST) readonly watchlist: Watchlist,
    @inject(Watchlist) readonly byClass: Watchlist,
    @inject(STATE_STORE) readonly store: StateStore,
  ) {}
}

@injectable()
class Mismatched {
  constructor(
    // @ts-expect-error LOGGER resolves to a Logger, not a number
    @inject(LOGGER) readonly logger: number,
    // @ts-expect-error a Clock is not a StateStore
    @inject(CLOCK) readonly store: StateStore,
    // @ts-expect-error a plugin's own token is checked the same way
    @inject(WATCHLIST) readonly watchlist: Map<string, string>,
    // @ts-expect-error so is a class token
    @inject(Watchlist) readonly byClass: Clock,
    // @ts-expect-error and the plugin's options, once typed with pluginOptions<T>()
    @inject(OPTIONS) readonly options: { capacity: string },
  ) {}
}

class NotConstructorInjection {
  // @ts-expect-error tokens inject constructor parameters only (tsyringe ignores the others)
  method(@inject(LOGGER) _logger: Logger) {}
}

describe('typed DI tokens', () => {
  it('resolve to the type they name', () => {
    expectTypeOf(() => container.resolve(LOGGER)).returns.toEqualTypeOf<Logger>();
    expectTypeOf(() => container.resolve(WATCHLIST)).returns.toEqualTypeOf<Watchlist>();
    expectTypeOf(OPTIONS).not.toEqualTypeOf(WATCHLIST);
  });

  it('are plain symbols at run time, and typed injection wires as tsyringe does', () => {
    expect(typeof LOGGER).toBe('symbol');
    expect(typeof WATCHLIST).toBe('symbol');
    expect(LOGGER).toBe(Symbol.for('mcp-xdr.logger'));
    const scope = container.createChildContainer();
    const logger = createLogger('silent');
    const clock: Clock = { now: () => 42 };
    const list = new Watchlist();
    scope.register(LOGGER, { useValue: logger });
    scope.register(CLOCK, { useValue: clock });
    scope.register(WATCHLIST, { useValue: list });
    scope.register(STATE_STORE, { useValue: new MemoryStateStore({ clock }) });
    const wired = scope.resolve(Wired);
    expect(wired.logger).toBe(logger);
    expect(wired.clock.now()).toBe(42);
    expect(wired.watchlist).toBe(list);
    expect(wired.byClass).toBeInstanceOf(Watchlist);
    expect(wired.byClass).not.toBe(list);
    expect(scope.resolve(LOGGER)).toBe(logger);
  });

  it('a token is the registered symbol of its key, so copies of a module agree', () => {
    expect(token<Watchlist>('watchlist')).toBe(WATCHLIST);
    // Mismatched and NotConstructorInjection only exist for the compile-time checks above.
    expect([Mismatched, NotConstructorInjection].map((c) => c.name)).toHaveLength(2);
  });
});
