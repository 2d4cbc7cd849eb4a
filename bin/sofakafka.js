#!/usr/bin/env node
// The only place that exits. Everything below returns an exit code.
// CommonJS (bin/package.json), not an ES module: Node's ES module loader costs ~5 ms before the
// first line runs, a tenth of Node's own start, and `--version` and piped `--help` need nothing else.
'use strict';
const { readFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

// A reader that goes away (`sofakafka ... | head -1`) is not an error: end quietly, never with a stack.
// While a command runs, its own handler stops it gracefully (a consumer commits what it printed).
let running = false;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    if (!running) process.exit(process.exitCode ?? 0);
  });
}

// kafkajs 2.2.4's request queue arms its throttle check with a negative delay when it is not
// throttled; Node 24+ prints a TimeoutNegativeWarning for it on stderr. Harmless (Node clamps it
// to 1 ms): drop that one warning, print any other as Node would.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'TimeoutNegativeWarning') process.stderr.write(`(node:${process.pid}) ${warning.name}: ${warning.message}\n`);
});

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // Scripts call `--version` often; answer without loading the command tree.
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h') && !process.stdout.isTTY) {
  // The whole tool's help into a pipe is always the same text, rendered when the bundle was built
  // (at 80 columns, as commander wraps for a pipe); a terminal gets it wrapped to its width below.
  process.stdout.write(readFileSync(join(__dirname, '..', 'bundle', 'help.txt'), 'utf8'));
} else {
  main();
}

async function main() {
  enableModuleCompileCache();
  const { run, saveCompileCaches } = await import(pathToFileURL(join(__dirname, '..', 'bundle', 'main.js')).href);
  running = true;
  const code = await run(argv);
  running = false;
  saveCompileCaches(); // only the first run after an install or a Node upgrade writes anything
  // Exit now rather than when the event loop drains: after a timeout or Ctrl-C, sockets to a frozen
  // broker and kafkajs's retry timers would otherwise keep the process alive. But first let stdout
  // and stderr hand over what they hold: a pipe whose reader lags takes a large write in parts, and
  // exiting before the last part cut `msg query -o json` short (seen: 219,264 of 341,527 bytes).
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
  process.exit(code);
}

/**
 * Node 22.1+ caches the compiled bundle chunks itself (Node 20 cannot: there the big libraries use
 * src/runtime/compile-cache.ts). Same folder as that cache; SOFAKAFKA_COMPILE_CACHE=off turns both off.
 */
function enableModuleCompileCache() {
  const module = require('node:module');
  if (!module.enableCompileCache || process.env.SOFAKAFKA_COMPILE_CACHE === 'off') return;
  const cacheHome = process.env.SOFAKAFKA_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sofakafka');
  module.enableCompileCache(join(cacheHome, 'compile-cache', 'modules'));
}
