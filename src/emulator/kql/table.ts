/**
 * What the KQL engine reads: tables of rows generated lazily from the seed, so a million rows do
 * not have to sit in memory. Value representation per column type:
 * datetime = epoch milliseconds (number), timespan = milliseconds (number), long/int/real = number,
 * bool = boolean, string/guid = string, dynamic = any JSON value; null for an empty cell.
 */
export type KqlType =
  | 'datetime'
  | 'timespan'
  | 'string'
  | 'guid'
  | 'long'
  | 'int'
  | 'real'
  | 'bool'
  | 'dynamic';

export interface TableColumn {
  name: string;
  type: KqlType;
  description?: string;
}

export type Row = Record<string, unknown>;

export interface HuntingTable {
  name: string;
  columns: readonly TableColumn[];
  /** A fresh iteration over all rows each call. */
  rows(): Iterable<Row>;
  /** Approximate row count, for planning and benchmarks. */
  size?: number;
}

/**
 * A function the service itself defines (FileProfile, DeviceFromIP, SeenBy, AssignedIPAddresses).
 * An `invoked` one extends the piped table with `columns`; the others return a table of them.
 * `parameters` is the KQL parameter list after the piped table.
 */
export interface ServiceFunction {
  name: string;
  invoked: boolean;
  parameters: string;
  columns: readonly TableColumn[];
}

export interface HuntingDatabase {
  /** Case-sensitive, like Kusto table names. */
  table(name: string): HuntingTable | undefined;
  tables(): readonly HuntingTable[];
  /** The service's own functions, if this database offers them. */
  functions?(): readonly ServiceFunction[];
}

/** Column types as the hunting APIs name them in `schema`/`Schema`. */
export type ApiColumnType =
  | 'DateTime'
  | 'String'
  | 'Int32'
  | 'Int64'
  | 'Double'
  | 'Boolean'
  | 'Object'
  | 'TimeSpan';

export interface HuntingResult {
  schema: { name: string; type: ApiColumnType }[];
  /** Rows keyed by column name; datetimes already ISO 8601 with seven fraction digits. */
  results: Row[];
}

export interface HuntingRunOptions {
  /** The request's `Timespan` (ISO 8601 duration or interval); default 30 days back from now. */
  timespan?: string;
  now: number;
  signal?: AbortSignal;
  limits?: { maxRows?: number; maxMs?: number; maxBytes?: number };
}

/** A query the engine refuses: mapped by the endpoint to 400 with the real error envelope. */
export class KqlError extends Error {
  override readonly name = 'KqlError';
  constructor(
    readonly kind: 'syntax' | 'semantic' | 'unsupported' | 'limit' | 'command',
    message: string,
    readonly position?: { line: number; column: number },
  ) {
    super(message);
  }
}

export interface HuntingEngine {
  run(db: HuntingDatabase, query: string, options: HuntingRunOptions): Promise<HuntingResult>;
}
