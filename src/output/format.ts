import { usageError } from '../errors.js';

export const outputFormats = ['table', 'json', 'yaml', 'ndjson'] as const;
export type OutputFormat = (typeof outputFormats)[number];

export function parseOutputFormat(value: string, allowed: readonly OutputFormat[] = ['table', 'json', 'yaml']): OutputFormat {
  const format = value.toLowerCase() as OutputFormat;
  if (!allowed.includes(format)) {
    throw usageError(`unknown output format "${value}"`, `use one of: ${allowed.join(', ')}`);
  }
  return format;
}
