#!/usr/bin/env node
// Bundles src/ into bundle/: one file per lazily loaded command plus shared chunks, so a command
// loads a handful of files instead of hundreds (kafkajs alone is ~200 modules). bin/ runs the bundle.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const outdir = fileURLToPath(new URL('../bundle/', import.meta.url));
const srcdir = fileURLToPath(new URL('../src/', import.meta.url));
const requireHere = createRequire(import.meta.url);
rmSync(outdir, { recursive: true, force: true });
const vendorFiles = await buildVendors();
await build({
  entryPoints: [fileURLToPath(new URL('../src/main.ts', import.meta.url))],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS dependencies (kafkajs, commander) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as sofakafkaCreateRequire } from 'node:module'; const require = sofakafkaCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  plugins: [zstdWasmInline(), vendorShims(vendorFiles)],
});
writeStaticHelp();

/**
 * zstd's WebAssembly inside the bundle: the installed package has no node_modules, and bundle/
 * holds JavaScript only. @bokuweb/zstd-wasm's Node build reads zstd.wasm from beside itself; its
 * ESM build takes the bytes in init(), so the bundle uses that one, and src/kafka/protocol/
 * zstd-wasm.ts (which reads the file from node_modules) becomes the bytes in base64. Both land
 * in a chunk that only a zstd batch loads.
 */
function zstdWasmInline() {
  const nodeBuild = dirname(createRequire(import.meta.url).resolve('@bokuweb/zstd-wasm')); // …/dist/common
  return {
    name: 'zstd-wasm-inline',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^@bokuweb\/zstd-wasm$/ }, () => ({ path: join(nodeBuild, '..', 'web', 'index.web.js') }));
      pluginBuild.onLoad({ filter: /[\\/]kafka[\\/]protocol[\\/]zstd-wasm\.ts$/ }, () => ({
        loader: 'js',
        contents: `export const zstdWasm = async () => Buffer.from(${JSON.stringify(readFileSync(join(nodeBuild, 'zstd.wasm')).toString('base64'))}, 'base64');`,
      }));
    },
  };
}

// The console's front end (sofakafka console): Preact pages for the browser, in bundle/console/.
// Nothing is fetched at run time: the script and its stylesheet are served by the console itself.
await build({
  entryPoints: [fileURLToPath(new URL('../src/console/web/main.tsx', import.meta.url))],
  outdir: join(outdir, 'console'),
  entryNames: 'app',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  logLevel: 'warning',
});

/**
 * The big CommonJS libraries, one file each in bundle/vendor/, named by a hash of their content:
 * src/runtime/compile-cache.ts loads them with V8's code cache, which Node 20 keeps for no module
 * it loads itself. Returns the file of each import specifier (kafkajs's internals that
 * src/kafka/protocol reaches go in kafkajs's file, so they share its module instances).
 */
async function buildVendors() {
  const groups = { kafkajs: ['kafkajs', ...specifiersInSources(/^kafkajs\//)], commander: ['commander'], yaml: ['yaml'], 'cli-table3': ['cli-table3'] };
  const fileOf = new Map();
  mkdirSync(join(outdir, 'vendor'), { recursive: true });
  for (const [name, specifiers] of Object.entries(groups)) {
    const contents = `module.exports = {\n${specifiers.map((s) => `  ${JSON.stringify(s)}: require(${JSON.stringify(s)}),`).join('\n')}\n};\n`;
    const result = await build({
      stdin: { contents, resolveDir: srcdir, sourcefile: `vendor-${name}.cjs` },
      bundle: true, format: 'cjs', platform: 'node', target: 'node20', write: false, logLevel: 'warning',
    });
    const code = result.outputFiles[0].contents;
    const file = `${name}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.cjs`;
    writeFileSync(join(outdir, 'vendor', file), code);
    for (const specifier of specifiers) fileOf.set(specifier, file);
  }
  return fileOf;
}

/** Every package specifier matching `pattern` that src/ imports. */
function specifiersInSources(pattern) {
  const found = new Set();
  for (const file of readdirSync(srcdir, { recursive: true }).filter((f) => f.endsWith('.ts'))) {
    for (const match of readFileSync(join(srcdir, file), 'utf8').matchAll(/from '([^']+)'|import\('([^']+)'\)/g)) {
      const specifier = match[1] ?? match[2];
      if (pattern.test(specifier)) found.add(specifier);
    }
  }
  return [...found].sort();
}

/**
 * Each import of a vendor library becomes a small module that takes its exports from the vendor
 * file (its named exports are the library's keys, read here once).
 */
function vendorShims(fileOf) {
  const loader = join(srcdir, 'runtime', 'compile-cache.ts');
  return {
    name: 'vendor-shims',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^(kafkajs|commander|yaml|cli-table3)(\/|$)/ }, (args) => {
        if (!fileOf.has(args.path)) return { errors: [{ text: `${args.path} is not in a vendor file: scripts/bundle.mjs finds specifiers in src/ only` }] };
        return { path: args.path, namespace: 'vendor' };
      });
      pluginBuild.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => {
        const names = Object.keys(requireHere(args.path)).filter((key) => /^[A-Za-z_$][\w$]*$/.test(key) && key !== 'default');
        return {
          resolveDir: srcdir,
          contents: `import { loadVendor } from ${JSON.stringify(loader)};
const lib = loadVendor(${JSON.stringify(fileOf.get(args.path))})[${JSON.stringify(args.path)}];
export default lib;
${names.length ? `export const { ${names.join(', ')} } = lib;` : ''}`,
        };
      });
    },
  };
}

/**
 * `sofakafka --help` into a piped stdout, as text in bundle/help.txt: bin/ prints it without loading
 * the command tree. Written by the bundle itself (stdout piped, so 80 columns as commander wraps
 * for a pipe); a test checks it against what the full program prints.
 */
function writeStaticHelp() {
  const script = `const { run } = await import(${JSON.stringify(join(outdir, 'main.js'))}); process.exitCode = await run(['--help']);`;
  const help = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, SOFAKAFKA_COMPILE_CACHE: 'off' } });
  if (help.status !== 0 || !help.stdout.startsWith('Usage: sofakafka')) throw new Error(`could not render --help: ${help.stderr}`);
  writeFileSync(join(outdir, 'help.txt'), help.stdout);
}
