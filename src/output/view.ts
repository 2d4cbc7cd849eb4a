/**
 * What a command hands to the output layer: the data (printed as-is for json/yaml) and, for
 * people, how to lay it out as tables. Commands never format text themselves.
 */
export interface Column<Row> {
  header: string;
  value: (row: Row) => unknown;
  /** Colour a cell by its content, e.g. red for a problem. Ignored without colour. */
  tone?: (row: Row) => Tone | undefined;
  align?: 'left' | 'right';
  /**
   * Free text that may give up width when the table is wider than the terminal: cut with "…" or
   * wrapped onto more lines. Columns without it (names, numbers) always show in full, and off a
   * terminal nothing is cut.
   */
  shrink?: 'truncate' | 'wrap';
}

export type Tone = 'good' | 'bad' | 'warn' | 'dim' | 'accent';

export interface TableBlock<Row = Record<string, unknown>> {
  kind: 'table';
  title?: string;
  columns: Column<Row>[];
  rows: Row[];
  empty?: string;
}

export interface FieldsBlock {
  kind: 'fields';
  title?: string;
  fields: Array<[label: string, value: unknown]>;
}

export type Block = TableBlock<never> | FieldsBlock;

export interface View {
  /** The machine-readable shape: stable camelCase names, ISO-8601 times, numbers as numbers. */
  data: unknown;
  /** How a person sees it. */
  blocks: Block[];
}

export function table<Row>(columns: Column<Row>[], rows: Row[], options: { title?: string; empty?: string } = {}): Block {
  return { kind: 'table', columns, rows, ...options } as unknown as Block;
}

export function fields(fieldList: Array<[string, unknown]>, title?: string): Block {
  return { kind: 'fields', fields: fieldList, ...(title === undefined ? {} : { title }) };
}
