import { ExitCode, type ErrorKind } from '../errors.js';
import type { ItemResult } from '../kafka/admin/topics.js';
import type { Output } from './output.js';
import { table, type View } from './view.js';

/** One status row per item, as mutating commands report (rpk style); errors also go to stderr. */
export function itemResultsView<T extends ItemResult>(results: T[], noun: string, out: Output): View {
  for (const result of results) if (result.error) out.info(`error: ${result.error}`);
  for (const hint of new Set(results.flatMap((r) => (r.error && r.hint ? [r.hint] : [])))) out.info(`hint: ${hint}`);
  return {
    data: results.map(({ errorKind: _kind, hint: _hint, ...rest }) => ({ ...rest, error: rest.error ?? null })),
    blocks: [table([
      { header: noun, value: (r: T) => r.name },
      { header: 'status', value: (r) => r.status, tone: (r) => (r.status === 'failed' ? 'bad' : /^(exists|absent|skipped)/.test(r.status) ? 'warn' : 'good') },
      { header: 'error', value: (r) => r.error ?? '' },
    ], results)],
  };
}

/** 0 when every item was accepted; the failure's own code when all failed alike; 8 when mixed. */
export function itemResultsExitCode(results: ItemResult[], accepted: (status: string) => boolean): number {
  const failed = results.filter((r) => !accepted(r.status));
  if (!failed.length) return ExitCode.ok;
  const kinds = new Set(failed.map((r) => r.errorKind ?? 'rejected'));
  if (failed.length === results.length && kinds.size === 1) return ExitCode[[...kinds][0] as ErrorKind];
  return ExitCode.partial;
}
