import { usageError } from '../../errors.js';

/**
 * Topic-level config names (Kafka 3.9–4.x, TopicConfig). The broker rejects unknown names too, but
 * kafkajs drops its message; knowing them here lets us name the culprit and suggest the right one.
 */
export const topicConfigNames = new Set([
  'cleanup.policy', 'compression.type', 'compression.gzip.level', 'compression.lz4.level', 'compression.zstd.level',
  'delete.retention.ms', 'file.delete.delay.ms', 'flush.messages', 'flush.ms', 'follower.replication.throttled.replicas',
  'index.interval.bytes', 'leader.replication.throttled.replicas', 'local.retention.bytes', 'local.retention.ms',
  'max.compaction.lag.ms', 'max.message.bytes', 'message.downconversion.enable', 'message.format.version',
  'message.timestamp.after.max.ms', 'message.timestamp.before.max.ms', 'message.timestamp.difference.max.ms',
  'message.timestamp.type', 'min.cleanable.dirty.ratio', 'min.compaction.lag.ms', 'min.insync.replicas', 'preallocate',
  'remote.storage.enable', 'remote.log.copy.disable', 'remote.log.delete.on.disable', 'retention.bytes', 'retention.ms',
  'segment.bytes', 'segment.index.bytes', 'segment.jitter.ms', 'segment.ms', 'unclean.leader.election.enable',
  'errors.deadletterqueue.group.enable',
]);

/** Throws a usage error naming the first unknown config key, with the nearest known name. */
export function assertKnownTopicConfigs(names: string[]): void {
  for (const name of names) {
    if (topicConfigNames.has(name)) continue;
    const suggestion = nearest(name);
    throw usageError(`unknown topic config "${name}"`, suggestion ? `did you mean ${suggestion}?` : '`sofakafka topic describe TOPIC --all-configs` lists them');
  }
}

function nearest(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const known of topicConfigNames) {
    const d = editDistance(name, known);
    if (d < bestDistance) [best, bestDistance] = [known, d];
  }
  return bestDistance <= 3 ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
