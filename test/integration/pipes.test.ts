import { beforeAll, describe, expect, it } from 'vitest';
import { binPath, cli, clusterEnv, uniqueName } from '../helpers/cli.js';
import { plainKafka, produce } from '../helpers/query-kafka.js';
import { runProcess } from '../helpers/run-process.js';

/** `sofakafka ... | head -1`: the reader leaves early; the tool ends quietly (exit 0), no stack, no hang. */
async function throughHead(args: string[]): Promise<{ code: number; firstLine: string; stderr: string }> {
  const quoted = args.map((a) => `'${a}'`).join(' ');
  // The tool's own exit code through the pipe, and its stderr apart from head's output.
  const script = `"${process.execPath}" "${binPath}" ${quoted} 2>"$ERRFILE" | head -1; echo "exit=\${PIPESTATUS[0]}"; cat "$ERRFILE" >&2`;
  const result = await runProcess('bash', ['-c', `ERRFILE=$(mktemp); ${script}`], { env: clusterEnv(), timeoutMs: 60_000 });
  const lines = result.stdout.split('\n');
  const exitLine = lines.find((l) => l.startsWith('exit='));
  return { code: Number(exitLine?.slice(5)), firstLine: lines[0] ?? '', stderr: result.stderr };
}

describe('closing the pipe early', () => {
  const topic = uniqueName('pipes');

  beforeAll(async () => {
    expect((await cli(['topic', 'create', topic, '-p', '3'])).code).toBe(0);
    // Enough that no output fits in the pipe's buffer.
    await produce(plainKafka('pipes'), topic, Array.from({ length: 30_000 }, (_, i) => ({ key: `k${i % 100}`, value: `value-${i}-${'x'.repeat(40)}` })));
  });

  const quiet = (result: { code: number; stderr: string }) => {
    expect([0, 141]).toContain(result.code);
    expect(result.stderr).not.toMatch(/EPIPE|Error:|at .*\.js|unexpected/);
  };

  it('--help', async () => {
    const result = await throughHead(['--help']);
    quiet(result);
    expect(result.firstLine).toContain('Usage: sofakafka');
  });

  it('a table and -o json', async () => {
    await cli(['topic', 'create', uniqueName('pipes-extra'), uniqueName('pipes-extra')]);
    const table = await throughHead(['topic', 'list']);
    quiet(table);
    expect(table.firstLine).toMatch(/^NAME\s+PARTITIONS/);
    const json = await throughHead(['msg', 'query', '-t', topic, '-o', 'json', '--count', '5000']);
    quiet(json);
    expect(json.firstLine).toBe('{');
  });

  it('streaming -o ndjson from msg query and msg consume', async () => {
    const query = await throughHead(['msg', 'query', '-t', topic, '-o', 'ndjson']);
    quiet(query);
    expect(JSON.parse(query.firstLine)).toMatchObject({ topic });
    const consume = await throughHead(['msg', 'consume', '-t', topic, '--broadcast', '--from', 'beginning', '-o', 'ndjson']);
    quiet(consume);
    expect(JSON.parse(consume.firstLine)).toMatchObject({ topic });
  });
});
