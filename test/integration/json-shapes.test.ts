import { describe, expect, it } from 'vitest';
import { cli, uniqueName } from '../helpers/cli.js';
import { plainKafka } from '../helpers/query-kafka.js';

/** The shared rules of docs/output.md: arrays whatever the count, one result-row shape for changes. */
const resultRow = { name: expect.any(String), status: expect.any(String), error: null };

describe('JSON shapes shared by every command', () => {
  it('topic describe answers an array for one name and for two', async () => {
    const [a, b] = [uniqueName('shape-a'), uniqueName('shape-b')];
    expect((await cli(['topic', 'create', a, b])).code).toBe(0);
    const one = (await cli(['topic', 'describe', a, '-o', 'json'])).json<Array<{ name: string }>>();
    const two = (await cli(['topic', 'describe', a, b, '-o', 'json'])).json<Array<{ name: string }>>();
    expect(one.map((t) => t.name)).toEqual([a]);
    expect(two.map((t) => t.name)).toEqual([a, b]);
    expect(Object.keys(one[0]!).sort()).toEqual(Object.keys(two[0]!).sort());
  });

  it('topic create, topic delete, user delete and group delete report {name, status, error} rows', async () => {
    const topic = uniqueName('shape-rows');
    const created = await cli(['topic', 'create', topic, '-o', 'json']);
    expect(created.json()).toEqual([{ ...resultRow, name: topic, status: 'created', partitions: 1, replicationFactor: 1 }]);

    const user = uniqueName('shape-user');
    expect((await cli(['user', 'create', user, '--password-stdin'], { stdin: 'shape-pw-123\n' })).code).toBe(0);
    const userDeleted = await cli(['user', 'delete', user, '--yes', '-o', 'json']);
    expect(userDeleted.json()).toEqual([{ ...resultRow, name: user, status: 'deleted' }]);

    const group = uniqueName('shape-group');
    const admin = plainKafka('shape-tests').admin();
    await admin.connect();
    try {
      await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '0' }] });
    } finally {
      await admin.disconnect();
    }
    const groupDeleted = await cli(['group', 'delete', group, '--yes', '-o', 'json']);
    expect(groupDeleted.json()).toEqual([{ ...resultRow, name: group, status: 'deleted' }]);

    const topicDeleted = await cli(['topic', 'delete', topic, '--yes', '-o', 'json']);
    expect(topicDeleted.json()).toEqual([{ ...resultRow, name: topic, status: 'deleted' }]);
  });

  it('a failed item carries its error in the row and sets the exit code', async () => {
    const topic = uniqueName('shape-fail');
    const result = await cli(['topic', 'create', topic, '-r', '9', '-o', 'json']);
    expect(result.code).toBe(7);
    const [row] = result.json<Array<{ name: string; status: string; error: string | null }>>();
    expect(row).toMatchObject({ name: topic, status: 'failed' });
    expect(row!.error).toMatch(/replication/i);
  });

  it('perf commands answer one document with -o json, and with -o ndjson interval lines then one total line of the same fields', async () => {
    for (const command of ['produce', 'consume', 'e2e', 'table']) {
      const argv = ['perf', command, '--create-topic', '--count', '200', '--interval', '100ms'];
      const document = (await cli([...argv, '-o', 'json'])).json<Record<string, unknown>>();
      expect({ command, isArray: Array.isArray(document), intervals: Array.isArray(document.intervals) }).toEqual({ command, isArray: false, intervals: true });
      const lines = (await cli([...argv, '-o', 'ndjson'])).stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.slice(0, -1).every((line) => line.type === 'interval')).toBe(true);
      const { type, ...total } = lines.at(-1)!;
      expect(type).toBe('total');
      expect(Object.keys(total).sort()).toEqual(Object.keys(document).filter((key) => key !== 'intervals').sort());
    }
  });
});
