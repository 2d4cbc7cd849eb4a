import type { Command } from 'commander';
import { MAX_PARTITION, parseCount, validateTopicName } from '../../cli/parse.js';
import { usageError } from '../../errors.js';
import type { MessageLocator } from '../../kafka/messages/locate.js';
import type { Unit } from '../../kafka/ldc/naming.js';
import { topicIn, type UnitFlags, unitOptions } from '../../cli/unit-flags.js';

export interface LocatorOptions extends UnitFlags {
  topic?: string;
  partition?: string;
  offset?: string;
  msgId?: string;
}

/** The options trace and resend share to name one message. */
export function addLocatorOptions(command: Command): Command {
  return unitOptions(command)
    .option('-t, --topic <topic>', 'the message\'s topic (logical with --ns/--cell)')
    .option('--msg-id <id>', 'find the message by its sofakafka.msg.id header (searches the whole topic)')
    .option('-p, --partition <n>', 'with --offset: the message\'s partition')
    .option('--offset <n>', 'with --partition: the message\'s offset');
}

/** The message named by the flags; with a unit, --topic is the logical topic in that unit. */
export function parseLocator(options: LocatorOptions, unit: Unit | undefined): MessageLocator {
  if (options.topic === undefined) throw usageError('--topic is required', 'name the message with --topic T --msg-id ID, or --topic T --partition P --offset O');
  validateTopicName(options.topic);
  const topic = topicIn(unit, options.topic);
  const byOffset = options.partition !== undefined || options.offset !== undefined;
  if (options.msgId !== undefined && byOffset) throw usageError('give either --msg-id or --partition with --offset, not both');
  if (options.msgId !== undefined) {
    if (!options.msgId.trim()) throw usageError('--msg-id cannot be empty');
    return { topic, msgId: options.msgId };
  }
  if (options.partition === undefined || options.offset === undefined) {
    throw usageError('name one message: --msg-id ID, or both --partition P and --offset O');
  }
  return { topic, partition: parseCount(options.partition, '--partition', { min: 0, max: MAX_PARTITION }), offset: parseCount(options.offset, '--offset', { min: 0 }) };
}
