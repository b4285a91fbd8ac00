/** KQL types of Advanced Hunting columns (the docs' loose spellings are normalised by the generator). */
export type ColumnType =
  | 'datetime'
  | 'timespan'
  | 'string'
  | 'guid'
  | 'long'
  | 'int'
  | 'real'
  | 'bool'
  | 'dynamic';

/** One documented table: columns as [name, type, description], in the documented order. */
export interface DocumentedTable {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly (readonly [string, ColumnType, string])[];
}

/**
 * A built-in function of Advanced Hunting. `invoked` ones take the piped table (`| invoke FileProfile()`)
 * and add their columns to it; the others are called as a table (`AssignedIPAddresses(x, y)`).
 * `parameters` is the KQL parameter list after the piped table.
 */
export interface DocumentedFunction {
  readonly name: string;
  readonly invoked: boolean;
  readonly parameters: string;
  readonly columns: readonly { readonly name: string; readonly type: ColumnType }[];
}
