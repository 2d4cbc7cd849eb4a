import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import { loadYaml } from '../config/yaml.js';
import type { OutputFormat } from './format.js';
import type { Block, Column, FieldsBlock, TableBlock, Tone, View } from './view.js';

/** Turns a view into the text for one format. Pure: no streams, no TTY checks. */
export function render(view: View, format: OutputFormat, chalk: ChalkInstance): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(view.data, jsonReplacer, 2)}\n`;
    case 'ndjson':
      return toNdjson(view.data);
    case 'yaml':
      throw new Error('yaml is rendered asynchronously: use renderAsync');
    case 'table':
      return view.blocks.map((block) => renderBlock(block, chalk)).join('\n');
  }
}

export async function renderAsync(view: View, format: OutputFormat, chalk: ChalkInstance): Promise<string> {
  if (format !== 'yaml') return render(view, format, chalk);
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

function renderBlock(block: Block, chalk: ChalkInstance): string {
  const title = block.title ? `${chalk.bold(block.title)}\n` : '';
  return title + (block.kind === 'table' ? renderTable(block as TableBlock<never>, chalk) : renderFields(block, chalk));
}

const borderless = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: '  ',
};

function renderTable<Row>(block: TableBlock<Row>, chalk: ChalkInstance): string {
  if (block.rows.length === 0) return `${chalk.dim(block.empty ?? '(none)')}\n`;
  const columns = block.columns as Column<Row>[];
  const t = new Table({
    head: columns.map((c) => chalk.bold(c.header.toUpperCase())),
    chars: borderless,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colAligns: columns.map((c) => c.align ?? 'left'),
  });
  for (const row of block.rows) {
    t.push(columns.map((c) => paint(chalk, c.tone?.(row), cellText(c.value(row)))));
  }
  return `${t.toString().split('\n').map((line) => line.trimEnd()).join('\n')}\n`;
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
