import type { RoutedCopy } from '../../kafka/router/copies.js';
import { defineCommand, examples } from '../../cli/types.js';
import { traceMessage, type GroupConsumption, type MessageTrace } from '../../kafka/messages/trace.js';
import { type Block, fields, table } from '../../output/view.js';
import { addLocatorOptions, type LocatorOptions, parseLocator } from './locator.js';
import { resolveUnit } from '../../cli/unit-flags.js';

export default defineCommand<LocatorOptions>({
  timeout: 'each-wait',
  configure(command) {
    addLocatorOptions(command).addHelpText('after', examples(
      ['sofakafka msg trace -t orders --msg-id 6f1c…', 'where the message is and which groups consumed it'],
      ['sofakafka msg trace -t orders -p 3 --offset 1200 -o json | jq \'.consumed[] | select(.consumed | not) | .group\'', 'groups that have not consumed it yet'],
    ));
  },
  async run(ctx, _args, options) {
    const locator = parseLocator(options, await resolveUnit(ctx, options));
    const client = await ctx.kafka();
    const trace = await ctx.out.spin('tracing the message', () => traceMessage(client, locator, () => ctx.progress()));
    if (trace.resentCopies.length) ctx.out.info(`${trace.resentCopies.length} resent cop${trace.resentCopies.length === 1 ? 'y' : 'ies'} of this message exist (resentCopies)`);
    await ctx.out.print({ data: trace, blocks: traceBlocks(trace) });
  },
});

function traceBlocks(trace: MessageTrace): Block[] {
  const { produced, stored } = trace;
  return [
    fields([
      ['Timestamp', `${produced.timestamp} (${produced.timestampType})`],
      ['Key', produced.key],
      ['Msg id', produced.msgId],
      ['Producer', produced.producer],
      ['Resent from', produced.resentFrom],
      ['Headers', Object.entries(produced.headers).map(([k, v]) => `${k}=${String(v)}`)],
      ['Size', `${produced.sizeBytes} bytes`],
    ], 'Produced'),
    fields([
      ['Where', `${stored.topic}/${stored.partition} offset ${stored.offset}`],
      ['Leader', stored.leader === null ? 'none (offline)' : `broker ${stored.leader}${stored.leaderRack ? ` (rack ${stored.leaderRack})` : ''}`],
      ['Replicas', stored.replicas],
      ['In sync', stored.isr],
      ['Out of sync', stored.outOfSyncReplicas.length ? stored.outOfSyncReplicas : 'none'],
      ['Log', `offsets ${stored.logStartOffset}..${stored.highWatermark - 1}`],
    ], 'Stored'),
    fields([['Copies', trace.routed.status]], 'Routed'),
    ...(trace.routed.copies.length ? [table([
      { header: 'copy', value: (c: RoutedCopy) => `${c.topic}/${c.partition} offset ${c.offset}` },
      { header: 'rule', value: (c) => c.rule ?? '-' },
      { header: 'hops', value: (c) => c.hops ?? '-' },
      { header: 'aborted attempts', value: (c) => c.abortedAttempts, align: 'right' },
    ], trace.routed.copies)] : []),
    table([
      { header: 'group', value: (g: GroupConsumption) => g.group },
      { header: 'consumed', value: (g) => (g.consumed ? 'yes' : 'no'), tone: (g) => (g.consumed ? 'good' : 'warn') },
      { header: 'committed', value: (g) => g.committedOffset, align: 'right' },
      { header: 'lag', value: (g) => g.lag, align: 'right' },
      { header: 'state', value: (g) => g.state },
      { header: 'owner', value: (g) => (g.owner ? `${g.owner.clientId} ${g.owner.host}` : ''), shrink: 'truncate' },
    ], trace.consumed, { title: 'Consumed', empty: '(no group has committed offsets on this partition)' }),
  ];
}
