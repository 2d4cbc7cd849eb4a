#!/usr/bin/env node
// The only place that exits. Everything below returns an exit code.
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // Scripts call `--version` often; answer without loading the command tree.
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  const { run } = await import('../bundle/main.js');
  process.exitCode = await run(argv);
}
