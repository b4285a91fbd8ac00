/// <reference types="@kusto/language-service-next" />
import { createRequire } from 'node:module';
import { type ColumnType, HUNTING_FUNCTIONS, HUNTING_TABLES } from '../schema/tables.js';

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

/** A typed null of each column type, so a declared function's body has the documented columns. */
const NULL_OF: Record<ColumnType, string> = {
  datetime: 'datetime(null)',
  timespan: 'timespan(null)',
  string: "''",
  guid: 'guid(null)',
  long: 'long(null)',
  int: 'int(null)',
  real: 'real(null)',
  bool: 'bool(null)',
  dynamic: 'dynamic(null)',
};

/**
 * The service's built-in functions as the analyzer sees them: an invoked one (`| invoke FileProfile()`)
 * takes the piped table and adds its documented columns; a called one returns its columns.
 */
function functionSymbols(K: typeof Kusto.Language): Kusto.Language.Symbols.FunctionSymbol[] {
  return HUNTING_FUNCTIONS.map((f) => {
    if (f.invoked) {
      const extend = f.columns.map((c) => `${c.name} = ${NULL_OF[c.type]}`).join(', ');
      const parameters = ['T:(*)', f.parameters].filter(Boolean).join(', ');
      return new K.Symbols.FunctionSymbol.$ctor16(
        f.name,
        `(${parameters})`,
        `{ T | extend ${extend} }`,
        null,
      );
    }
    const schema = f.columns.map((c) => `${c.name}:${c.type}`).join(', ');
    return new K.Symbols.FunctionSymbol.$ctor16(
      f.name,
      `(${f.parameters})`,
      `{ datatable(${schema})[] }`,
      null,
    );
  });
}

/** The Advanced Hunting tables and functions declared to the analyzer, as the portal's editor knows them. */
function huntingGlobals(K: typeof Kusto.Language): Kusto.Language.GlobalState {
  const S = K.Symbols.ScalarTypes;
  const types: Record<ColumnType, Kusto.Language.Symbols.ScalarSymbol | null> = {
    datetime: S.DateTime,
    timespan: S.TimeSpan,
    string: S.String,
    guid: S.Guid,
    long: S.Long,
    int: S.Int,
    real: S.Real,
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
  const members = [...tables, ...functionSymbols(K)];
  const database = new K.Symbols.DatabaseSymbol.$ctor3('hunting', null, members as never, false);
  const globals = K.GlobalState.Default?.WithDatabase(database);
  if (!globals) throw new Error('Kusto.Language: no default global state');
  return globals;
}
