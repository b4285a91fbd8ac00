// No import of tsyringe here: modules that only name tokens load without the reflect polyfill.

declare const carries: unique symbol;

/**
 * A DI token that names the type it resolves to. At run time it is a plain symbol (tsyringe takes it
 * as is); the type it carries lets `container.resolve(LOGGER)` be a `Logger` and lets `inject` check
 * the parameter it decorates.
 */
export type Token<T> = symbol & { readonly [carries]: T };

/**
 * A token for a service: `export const WATCHLIST = token<Watchlist>('watchlist')`. The symbol is
 * registered (`Symbol.for`), so two copies of a module (a plugin imported from src/ and from dist/)
 * agree on it; a plugin's services live in its own container, so keys of other plugins do not clash.
 */
export function token<T>(key: string): Token<T> {
  return Symbol.for(key) as Token<T>;
}
