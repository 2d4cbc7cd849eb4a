import { readInputFile } from '../../cli/files.js';
import { Option } from 'commander';
import { defineCommand, examples } from '../../cli/types.js';
import { collect, MAX_PARTITION, parseCount, parseKeyValues, validateTopicName } from '../../cli/parse.js';
import { ExitCode, usageError } from '../../errors.js';
import { checkSendable, compressions, type Compression, sendMessages, type SendMode, sendModes, type SendResult, type SendSummary } from '../../kafka/messages/producer.js';
import type { OutgoingMessage } from '../../kafka/messages/message.js';
import { type InputFormat, messageWindows, parseTimestamp } from '../../cli/message-input.js';
import { ensureTopics } from '../../kafka/admin/topic-writes.js';
import { translateKafkaError } from '../../kafka/errors.js';
import { sendResultsView } from './send-view.js';
import { parseTargets, resolveUnit, targetOptions, type UnitFlags, unitOptions } from '../../cli/unit-flags.js';
import { stampUnit } from '../../kafka/ldc/stamp.js';

interface Options extends UnitFlags {
  targetR?: string;
  targetG?: string;
  targetC?: string;
  topic?: string;
  file?: string;
  format: InputFormat;
  key?: string;
  header?: string[];
  partition?: string;
  timestamp?: string;
  compression: Compression;
  mode: SendMode;
  transactionalId?: string;
  msgId: boolean;
  preferRack?: string;
  create: boolean;
  batchSize: string;
}

export default defineCommand<Options>({
  timeout: 'each-wait',
  changes: true,
  configure(command) {
    command
      .argument('[value]', 'the message value (otherwise --file or stdin, one message per line)')
      .option('-t, --topic <topic>', 'topic to send to (NDJSON lines may name their own)')
      .option('--file <path>', 'read messages from a file')
      .addOption(new Option('--format <format>', 'input: one message per line, or NDJSON records {topic, key, value, headers, partition, timestamp}').choices(['text', 'ndjson']).default('text'))
      .option('-k, --key <key>', 'message key (the same key always lands in the same partition)')
      .option('-H, --header <key=value>', 'header on every message, repeatable', collect)
      .option('-p, --partition <n>', 'send to this partition')
      .option('--timestamp <time>', 'message timestamp: epoch milliseconds or ISO-8601')
      .addOption(new Option('--compression <codec>', 'compress batches').choices([...compressions]).default('none'))
      .addOption(new Option('--mode <mode>', 'sync: acks=all, one at a time; async: acks=all, pipelined; oneway: acks=0, unconfirmed').choices([...sendModes]).default('async'))
      .option('--transactional-id <id>', 'send the whole input in one transaction: all or nothing')
      .option('--no-msg-id', `do not add the ${'sofakafka.msg.id'} header`)
      .option('--prefer-rack <rack>', 'send keyless messages to partitions led by brokers in this rack (default: the context\'s rack or SOFAKAFKA_RACK)')
      .option('--create', 'create missing topics (1 partition, 3-day retention) instead of failing', false)
      .option('--batch-size <n>', 'messages per produce request', '500');
    targetOptions(unitOptions(command)).addHelpText('after', examples(
        ['sofakafka msg send -t orders --key user-42 \'{"order":1}\'', 'one message; prints its partition and offset'],
        ['seq 1000 | sofakafka msg send -t orders --mode oneway', 'one message per line, unconfirmed'],
        ['sofakafka msg send --format ndjson --file batch.ndjson --transactional-id tx-1', 'several topics, all or nothing'],
        ['sofakafka msg consume -t orders --from beginning --count 10 -o ndjson | sofakafka msg send --format ndjson -t copy', 'copy messages (the record\'s topic wins; drop it with jq to redirect)'],
        ['sofakafka msg send -t T1 --ns ANT --cell CELL1 --target-r CELL2 \'bill 42\'', 'to ANT.CELL1.T1, stamped __UNIT.ORIUNIT=CELL1 and __UNIT.TARGET_R=CELL2'],
      ));
  },
  async run(ctx, args, options) {
    if (options.topic !== undefined) validateTopicName(options.topic);
    if (options.transactionalId !== undefined && options.mode === 'oneway') throw usageError('a transaction needs acknowledgements: --mode oneway cannot be used with --transactional-id');
    if (options.transactionalId === '') throw usageError('--transactional-id cannot be empty');
    const partition = options.partition === undefined ? undefined : parseCount(options.partition, '--partition', { min: 0, max: MAX_PARTITION });
    const timestamp = options.timestamp === undefined ? undefined : parseTimestamp(options.timestamp, '--timestamp');
    const batchSize = parseCount(options.batchSize, '--batch-size', { max: 100_000 });
    const unit = await resolveUnit(ctx, options);
    const targets = parseTargets(options, unit);
    const headers = parseKeyValues(options.header, '--header', 'trace-id=4bf92f35');
    // A producer script may take its time writing stdin: that is not the cluster being slow.
    const input = await ctx.offTheClock(() => readInput(ctx.io.stdin, args[0], options.file));
    const format = args[0] !== undefined ? 'text' : options.format;
    const windows = function* () {
      for (const messages of messageWindows(input, format, {
        headers,
        ...(options.topic !== undefined ? { topic: options.topic } : {}),
        ...(options.key !== undefined ? { key: options.key } : {}),
        ...(partition !== undefined ? { partition } : {}),
        ...(timestamp !== undefined ? { timestamp } : {}),
      }, WINDOW_LINES)) {
        if (unit) stampUnit(messages, unit, targets);
        yield messages;
      }
    };
    // The whole input is checked first (bad input changes nothing), one window at a time: only a
    // window's messages are ever held, so a million lines do not cost a million messages of memory.
    const checked = checkInput(windows());
    if (!checked.total) throw usageError('no messages to send: the input is empty');
    checked.partitions.forEach((_, topic) => validateTopicName(topic));

    const client = await ctx.kafka();
    if (options.create) await ensureTopics(client, [...checked.partitions.keys()]);
    await checkSendable(client, checked.partitions);
    const preferRack = options.preferRack ?? (await ctx.connection()).rack;
    if (options.preferRack !== undefined && checked.keyedWithoutPartition) {
      ctx.out.info('note: messages with a key keep their key\'s partition; --prefer-rack applies to messages without a key');
    }
    const collected: SendResult[] = [];
    const streaming = ctx.out.format === 'ndjson';
    const sendOptions = {
      mode: options.mode,
      compression: options.compression,
      batchSize,
      inFlight: 5,
      msgIds: options.msgId,
      ...(options.transactionalId !== undefined ? { transactionalId: options.transactionalId } : {}),
      ...(preferRack !== undefined ? { preferRack } : {}),
      onNote: (note: string) => ctx.out.warn(note),
      onProgress: () => ctx.progress(),
      onResults: (results: SendResult[]) => (streaming ? ctx.out.writeRecords(results) : collected.push(...results)),
    };
    const summary = await ctx.out.spin(`sending ${checked.total} message${checked.total === 1 ? '' : 's'}`, async () => {
      // A transaction is all or nothing: one call with every message.
      if (options.transactionalId !== undefined) return sendMessages(client, [...windows()].flat(), sendOptions);
      const total: SendSummary = { sent: 0, failed: 0, notSent: 0 };
      for (const messages of windows()) {
        if (total.error) {
          total.notSent += messages.length;
          continue;
        }
        // A later window that cannot start (its producer connects while a broker is being lost)
        // leaves what earlier windows sent counted: a partial send, not "cannot reach the cluster".
        const part = await sendMessages(client, messages, sendOptions).catch((error: unknown): SendSummary => {
          if (total.sent + total.failed === 0) throw error;
          return { sent: 0, failed: 0, notSent: messages.length, error: translateKafkaError(error, 'send messages') };
        });
        total.sent += part.sent;
        total.failed += part.failed;
        total.notSent += part.notSent;
        if (part.error) total.error = part.error;
      }
      return total;
    });

    if (options.mode === 'oneway') {
      if (!summary.error) ctx.out.success(`sent ${summary.sent} message${summary.sent === 1 ? '' : 's'} one-way (acks=0: not confirmed; a broker lost meanwhile may have dropped some)`);
    } else if (!streaming) {
      await ctx.out.print(sendResultsView(collected.sort((a, b) => a.line - b.line)));
    }
    if (summary.error) {
      if (summary.sent === 0) throw summary.error;
      const unknown = summary.error.kind === 'connection' ? `${summary.failed} unknown (may be stored: check with msg query --msg-id)` : `${summary.failed} failed`;
      ctx.out.warn(`${summary.sent} sent, ${unknown}, ${summary.notSent} not sent: ${summary.error.message}`);
      return ExitCode.partial;
    }
    if (options.mode !== 'oneway') {
      const txn = summary.transaction ? ` in transaction "${options.transactionalId}" (committed)` : '';
      ctx.out.success(`sent ${summary.sent} message${summary.sent === 1 ? '' : 's'}${txn}`);
    }
    return ExitCode.ok;
  },
});

/** Lines parsed and sent at a time: ~50,000 small messages are a few tens of MB. */
const WINDOW_LINES = 50_000;

interface CheckedInput {
  total: number;
  /** Every topic named, with the highest explicit partition asked of it (null: none). */
  partitions: Map<string, { partition: number; line: number } | null>;
  keyedWithoutPartition: boolean;
}

function checkInput(windows: Iterable<OutgoingMessage[]>): CheckedInput {
  const checked: CheckedInput = { total: 0, partitions: new Map(), keyedWithoutPartition: false };
  for (const messages of windows) {
    checked.total += messages.length;
    for (const m of messages) {
      const highest = checked.partitions.get(m.topic) ?? null;
      if (m.partition !== undefined && (!highest || m.partition > highest.partition)) checked.partitions.set(m.topic, { partition: m.partition, line: m.line });
      else if (!checked.partitions.has(m.topic)) checked.partitions.set(m.topic, null);
      if (m.key !== null && m.partition === undefined) checked.keyedWithoutPartition = true;
    }
  }
  return checked;
}

/** The input as bytes: text lines become message values without being decoded and encoded again. */
async function readInput(stdin: NodeJS.ReadableStream & { isTTY?: boolean }, value: string | undefined, file: string | undefined): Promise<string | Buffer> {
  if (value !== undefined && file !== undefined) throw usageError('give the value as an argument or --file, not both');
  if (value !== undefined) return `${value}\n`;
  if (file !== undefined) {
    return readInputFile(file, '--file');
  }
  if (stdin.isTTY) throw usageError('no message to send', 'give the value as an argument, pass --file, or pipe messages to stdin');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
