import { beforeAll, describe, expect, it } from 'vitest';
import { cli, sharedCluster, uniqueName } from '../helpers/cli.js';
import { adminProperties, kafkaTool } from '../helpers/kafka-tools.js';
import { createTopic, expectNoGroupCreated, plainKafka, produce } from '../helpers/query-kafka.js';
import { readBack } from '../helpers/read-back.js';

interface Resent { from: { topic: string; partition: number; offset: number }; to: { topic: string; partition: number; offset: number }; msgId: string }

const kafka = plainKafka('resend-tests');
const source = uniqueName('resend-src');
const target = uniqueName('resend-dst');
const msgId = `${source}-id`;

const logEnd = async (topic: string) => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).map((p) => Number(p.high)).reduce((a, b) => a + b, 0);
  } finally {
    await admin.disconnect();
  }
};

beforeAll(async () => {
  await createTopic(source, 3);
  await createTopic(target, 2);
  // One message with a msg id and an extra header among others without any header.
  await produce(kafka, source, [
    { key: 'other', value: 'noise' },
    { key: 'user-42', value: 'order placed', headers: { 'sofakafka.msg.id': msgId, region: 'eu' } },
    { key: 'user-42', value: 'no id here' },
  ]);
}, 60_000);

describe('msg resend', () => {
  it('refuses without --yes off a terminal and produces nothing', async () => {
    const before = await logEnd(source);
    const refused = await cli(['msg', 'resend', '-t', source, '--msg-id', msgId]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    expect(await logEnd(source)).toBe(before);
  });

  it('produces the message again with the same key, value and headers plus sofakafka.resent.from, as Kafka\'s ConsoleConsumer sees it', async () => {
    let resent!: Resent;
    await expectNoGroupCreated(kafka, source, async () => {
      const result = await cli(['msg', 'resend', '-t', source, '--msg-id', msgId, '--yes', '-o', 'json']);
      expect(result.code).toBe(0);
      resent = result.json<Resent>();
    });
    expect(resent.msgId).toBe(msgId);
    expect(resent.to.topic).toBe(source);
    expect(resent.to.partition).toBe(resent.from.partition);
    expect(resent.to.offset).toBeGreaterThan(resent.from.offset);

    const theirs = await kafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
      '--bootstrap-server', sharedCluster().bootstrap, '--consumer.config', adminProperties(), '--topic', source,
      '--partition', String(resent.to.partition), '--offset', String(resent.to.offset), '--max-messages', '1', '--timeout-ms', '15000',
      '--property', 'print.key=true', '--property', 'print.headers=true',
    ]);
    const line = theirs.stdout.split('\n').find((l) => l.includes('order placed'))!;
    expect(line).toContain(`sofakafka.msg.id:${msgId}`);
    expect(line).toContain('region:eu');
    expect(line).toContain(`sofakafka.resent.from:${source}/${resent.from.partition}/${resent.from.offset}`);
    expect(line).toMatch(/\tuser-42\torder placed$/);

    // A trace by msg id still finds the original, and lists the copy.
    const trace = (await cli(['msg', 'trace', '-t', source, '--msg-id', msgId, '-o', 'json'])).json<{ stored: { offset: number }; resentCopies: Array<{ offset: number }> }>();
    expect(trace.stored.offset).toBe(resent.from.offset);
    expect(trace.resentCopies.map((c) => c.offset)).toEqual([resent.to.offset]);
  }, 60_000);

  it('--to sends the copy to another topic, which then holds it', async () => {
    const result = await cli(['msg', 'resend', '-t', source, '--msg-id', msgId, '--to', target, '--yes', '-o', 'json']);
    expect(result.code).toBe(0);
    const resent = result.json<Resent>();
    expect(resent.to.topic).toBe(target);
    // Read back by the tests' own kafkajs consumer, not msg query.
    const copies = await readBack(kafka, target, 1);
    expect(copies).toEqual([{
      partition: resent.to.partition, offset: resent.to.offset, key: 'user-42', value: 'order placed', timestamp: expect.any(Number),
      headers: { 'sofakafka.msg.id': msgId, region: 'eu', 'sofakafka.resent.from': `${source}/${resent.from.partition}/${resent.from.offset}` },
    }]);
  });

  it.each([
    [['--msg-id', 'no-such-id', '--yes'], 3, /has msg id no-such-id/],
    [['--msg-id', msgId, '--to', 'no-such-topic-xyz', '--yes'], 3, /does not exist/],
    [['-p', '0', '--offset', '999', '--yes'], 3, /beyond the log end/],
  ])('bad input %j: exit %i, nothing produced', async (args, code, message) => {
    const before = await logEnd(source);
    const result = await cli(['msg', 'resend', '-t', source, ...args]);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(await logEnd(source)).toBe(before);
  });
});
