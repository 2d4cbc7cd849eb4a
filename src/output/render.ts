import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import { loadYaml } from '../config/yaml.js';
import { blockWidth, displayWidth, fitColumnWidths, truncate, wrap } from './fit.js';
import type { OutputFormat } from './format.js';
import type { Block, Column, FieldsBlock, TableBlock, Tone, View } from './view.js';

export interface RenderOptions {
  /** The terminal's width: tables fit it by cutting or wrapping free-text columns. Undefined (not a terminal): nothing is cut. */
  width?: number | undefined;
}

/** Turns a view into the text for one format. Pure: no streams, no TTY checks. */
export function render(view: View, format: OutputFormat, chalk: ChalkInstance, options: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(view.data, jsonReplacer, 2)}\n`;
    case 'ndjson':
      return toNdjson(view.data);
    case 'yaml':
      throw new Error('yaml is rendered asynchronously: use renderAsync');
    case 'table':
      return view.blocks.map((block) => renderBlock(block, chalk, options)).join('\n');
  }
}

export async function renderAsync(view: View, format: OutputFormat, chalk: ChalkInstance, options: RenderOptions = {}): Promise<string> {
  if (format !== 'yaml') return render(view, format, chalk, options);
  // yaml is loaded only when somebody asks for it.
  const { stringify } = await loadYaml();
  return stringify(JSON.parse(JSON.stringify(view.data, jsonReplacer)));
}

/** One JSON document per line: arrays become one line per element. */
export function toNdjson(data: unknown): string {
  const items = Array.isArray(data) ? data : [data];
  return items.map((item) => JSON.stringify(item, jsonReplacer)).join('\n') + (items.length ? '\n' : '');
}

export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}

function renderBlock(block: Block, chalk: ChalkInstance, options: RenderOptions): string {
  const title = block.title ? `${chalk.bold(block.title)}\n` : '';
  return title + (block.kind === 'table' ? renderTable(block as TableBlock<never>, chalk, options.width) : renderFields(block, chalk));
}

const columnGap = 2;
const borderless = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: ' '.repeat(columnGap),
};

function renderTable<Row>(block: TableBlock<Row>, chalk: ChalkInstance, width: number | undefined): string {
  if (block.rows.length === 0) return `${chalk.dim(block.empty ?? '(none)')}\n`;
  const columns = block.columns as Column<Row>[];
  const headers = columns.map((c) => c.header.toUpperCase());
  const cells = fitCells(columns, headers, block.rows.map((row) => columns.map((c) => cellText(c.value(row)))), width);
  const t = new Table({
    head: headers.map((header) => chalk.bold(header)),
    chars: borderless,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colAligns: columns.map((c) => c.align ?? 'left'),
  });
  block.rows.forEach((row, r) => t.push(columns.map((c, i) => paint(chalk, c.tone?.(row), cells[r]![i]!))));
  return `${t.toString().split('\n').map((line) => line.trimEnd()).join('\n')}\n`;
}

/** On a terminal narrower than the table, cut or wrap the columns that allow it; elsewhere the cells as they are. */
function fitCells<Row>(columns: Column<Row>[], headers: string[], cells: string[][], width: number | undefined): string[][] {
  if (width === undefined || !columns.some((c) => c.shrink)) return cells;
  const natural = columns.map((_, i) => Math.max(displayWidth(headers[i]!), ...cells.map((row) => blockWidth(row[i]!))));
  const widths = fitColumnWidths(columns.map((c, i) => ({ headerWidth: displayWidth(headers[i]!), naturalWidth: natural[i]!, shrink: c.shrink })), width, columnGap);
  return cells.map((row) => row.map((text, i) => {
    const shrink = columns[i]!.shrink;
    if (!shrink || widths[i]! >= natural[i]!) return text;
    return shrink === 'truncate' ? truncate(text, widths[i]!) : wrap(text, widths[i]!).join('\n');
  }));
}

function renderFields(block: FieldsBlock, chalk: ChalkInstance): string {
  const width = Math.max(...block.fields.map(([label]) => label.length));
  return block.fields.map(([label, value]) => `${chalk.bold(label.padEnd(width))}  ${cellText(value)}`).join('\n') + '\n';
}

export function cellText(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  if (Array.isArray(value)) return value.length ? value.map(cellText).join(',') : '-';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function paint(chalk: ChalkInstance, tone: Tone | undefined, text: string): string {
  switch (tone) {
    case 'good': return chalk.green(text);
    case 'bad': return chalk.red(text);
    case 'warn': return chalk.yellow(text);
    case 'dim': return chalk.dim(text);
    case 'accent': return chalk.cyan(text);
    default: return text;
  }
}
