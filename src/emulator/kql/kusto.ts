/// <reference types="@kusto/language-service-next" />
import { createRequire } from 'node:module';
import type { HuntingDatabase, KqlType, ServiceFunction } from './table.js';

/**
 * Microsoft's KQL parser and analyzer (Kusto.Language, compiled to JS by Bridge.NET).
 *
 * Loading it in Node ESM: the package is two classic scripts, not a module. `bridge.js` is the
 * Bridge.NET runtime; when it sees CommonJS `module.exports` it installs itself on `global` as
 * `Bridge` (and `System`). `Kusto.Language.Bridge.js` then calls `Bridge.assembly(...)`, which
 * defines the global namespace `Kusto`. So: `createRequire` both files, in that order, and read
 * `globalThis.Kusto.Language`. Types come from the package's global `.d.ts` (namespace `Kusto`).
 * The `.min.js` builds are the same code and load in half the time (~0.3 s). The first analysis
 * builds the built-in symbols (~1-2 s more), so all of it happens lazily, once per process.
 */
export type KustoLanguage = typeof Kusto.Language;
export type SyntaxNode = Kusto.Language.Syntax.SyntaxNode;
export type KustoCode = Kusto.Language.KustoCode;

interface BridgeRuntime {
  toArray<T>(list: unknown): T[];
  getTypeName(value: unknown): string;
}

let loaded: { kusto: KustoLanguage; bridge: BridgeRuntime } | undefined;

function load(): { kusto: KustoLanguage; bridge: BridgeRuntime } {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    require('@kusto/language-service-next/bridge.min.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
    const g = globalThis as unknown as { Kusto: typeof Kusto; Bridge: BridgeRuntime };
    loaded = { kusto: g.Kusto.Language, bridge: g.Bridge };
  }
  return loaded;
}

export function kusto(): KustoLanguage {
  return load().kusto;
}

/** Loads the parser and builds its built-in symbols now (~1-2 s), e.g. while a server starts. */
export function preloadKusto(): void {
  const K = kusto();
  K.KustoCode.ParseAndAnalyze('print 1', K.GlobalState.Default);
}

/** A .NET list (IReadOnlyList, SyntaxList, SafeList) as a JS array. */
export function toArray<T>(list: unknown): T[] {
  return list == null ? [] : load().bridge.toArray<T>(list);
}

/** The syntax node's class name without namespace or generic arguments, e.g. `FilterOperator`. */
export function nodeClass(node: unknown): string {
  const full = load().bridge.getTypeName(node);
  const generic = full.indexOf('`');
  const name = generic >= 0 ? full.slice(0, generic) : full;
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Our column types as the analyzer's scalar symbols. */
function scalarSymbol(type: KqlType): Kusto.Language.Symbols.ScalarSymbol | null {
  const S = kusto().Symbols.ScalarTypes;
  const map: Record<KqlType, Kusto.Language.Symbols.ScalarSymbol | null> = {
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
  return map[type];
}

const globalsByDatabase = new WeakMap<HuntingDatabase, Kusto.Language.GlobalState>();

/** The analyzer's view of the database: one table symbol per hunting table, cached per database. */
export function globalsFor(db: HuntingDatabase): Kusto.Language.GlobalState {
  let globals = globalsByDatabase.get(db);
  if (!globals) {
    const K = kusto();
    const tables = db.tables().map(
      (table) =>
        new K.Symbols.TableSymbol.$ctor4(
          table.name,
          table.columns.map(
            (c) => new K.Symbols.ColumnSymbol(c.name, scalarSymbol(c.type), null, null, null, null),
          ),
        ),
    );
    const members = [...tables, ...(db.functions?.() ?? []).map(functionSymbol)];
    const database = new K.Symbols.DatabaseSymbol.$ctor3('hunting', null, members as never, false);
    globals = K.GlobalState.Default?.WithDatabase(database) ?? undefined;
    if (!globals) throw new Error('Kusto.Language: no default global state');
    globalsByDatabase.set(db, globals);
  }
  return globals;
}

/** A typed null per column type: a declared function's body yields exactly its documented columns. */
const NULL_OF: Record<KqlType, string> = {
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

function functionSymbol(f: ServiceFunction): Kusto.Language.Symbols.FunctionSymbol {
  const K = kusto();
  if (f.invoked) {
    const extend = f.columns.map((c) => `${c.name} = ${NULL_OF[c.type]}`).join(', ');
    const parameters = ['T:(*)', f.parameters].filter(Boolean).join(', ');
    return new K.Symbols.FunctionSymbol.$ctor16(f.name, `(${parameters})`, `{ T | extend ${extend} }`, null);
  }
  const schema = f.columns.map((c) => `${c.name}:${c.type}`).join(', ');
  return new K.Symbols.FunctionSymbol.$ctor16(
    f.name,
    `(${f.parameters})`,
    `{ datatable(${schema})[] }`,
    null,
  );
}

/** The analyzer's type name (`long`, `string`, `dynamic`, ...) as our column type. */
export function kqlTypeOf(type: Kusto.Language.Symbols.TypeSymbol | null | undefined): KqlType {
  switch (type?.Name) {
    case 'datetime':
    case 'date':
      return 'datetime';
    case 'timespan':
    case 'time':
      return 'timespan';
    case 'string':
      return 'string';
    case 'guid':
    case 'uniqueid':
      return 'guid';
    case 'long':
    case 'int64':
      return 'long';
    case 'int':
    case 'int32':
      return 'int';
    case 'real':
    case 'double':
    case 'decimal':
      return 'real';
    case 'bool':
    case 'boolean':
      return 'bool';
    default:
      return 'dynamic';
  }
}
