/// <reference types="@kusto/language-service-next" />
import { createRequire } from 'node:module';
import { type ColumnType, HUNTING_TABLES } from '../schema/tables.js';

/**
 * Microsoft's KQL parser (Kusto.Language, compiled to JS by Bridge.NET), loaded the way the package
 * allows: two classic scripts, not a module. `bridge.min.js` installs the global `Bridge` runtime,
 * then `Kusto.Language.Bridge.min.js` defines the global namespace `Kusto`. The emulator has its own
 * loader, but the plugin may not import the emulator: it plays Microsoft (an independent oracle),
 * so the two share nothing but the package. Loading and building the built-in symbols costs about
 * a second, so it happens lazily, and warm() lets the plugin pay it right after start-up.
 */

interface BridgeRuntime {
  toArray<T>(list: unknown): T[];
}

interface Loaded {
  K: typeof Kusto.Language;
  bridge: BridgeRuntime;
  globals: Kusto.Language.GlobalState;
}

let loaded: Loaded | undefined;

export function kql(): Loaded {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    require('@kusto/language-service-next/bridge.min.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
    const g = globalThis as unknown as { Kusto: typeof Kusto; Bridge: BridgeRuntime };
    loaded = { K: g.Kusto.Language, bridge: g.Bridge, globals: huntingGlobals(g.Kusto.Language) };
  }
  return loaded;
}

/** Loads the parser and builds its symbols (one throwaway analysis), e.g. just after start-up. */
export function warm(): void {
  const { K, globals } = kql();
  K.KustoCode.ParseAndAnalyze('DeviceInfo | take 1', globals);
}

/** A .NET list as a JS array. */
export function toArray<T>(list: unknown): T[] {
  return list == null ? [] : kql().bridge.toArray<T>(list);
}

/** The Advanced Hunting tables declared to the analyzer, as the portal's editor knows them. */
function huntingGlobals(K: typeof Kusto.Language): Kusto.Language.GlobalState {
  const S = K.Symbols.ScalarTypes;
  const types: Record<ColumnType, Kusto.Language.Symbols.ScalarSymbol | null> = {
    datetime: S.DateTime,
    string: S.String,
    long: S.Long,
    int: S.Int,
    bool: S.Bool,
    dynamic: S.Dynamic,
  };
  const tables = HUNTING_TABLES.map(
    (t) =>
      new K.Symbols.TableSymbol.$ctor4(
        t.name,
        t.columns.map(
          (c) => new K.Symbols.ColumnSymbol(c.name, types[c.type], c.description, null, null, null),
        ),
      ),
  );
  const database = new K.Symbols.DatabaseSymbol.$ctor3('hunting', null, tables as never, false);
  const globals = K.GlobalState.Default?.WithDatabase(database);
  if (!globals) throw new Error('Kusto.Language: no default global state');
  return globals;
}
