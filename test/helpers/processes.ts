import { readdirSync, readFileSync } from 'node:fs';

/** Pids of live processes whose command line mentions `marker` (a test's own data folder). */
export function processesMentioning(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(marker) && cmdline.includes('java')) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}
