import { randomBytes } from 'node:crypto';
import { CliError, type ErrorKind, usageError } from '../../errors.js';
import type { KafkaClient } from '../client.js';
import { logSpans } from '../admin/partition-offsets.js';
import { fetchTopicMetadata, type PartitionMetadata } from '../admin/topics.js';
import { createTopics, deleteTopic } from '../admin/topic-writes.js';

/**
 * The topic a perf run writes to or reads from. A perf run never touches data it did not write
 * unless told to (`yes`), and deletes only a topic it created itself.
 */
export interface PerfTopic {
  name: string;
  /** Created by this run (and so deleted by it afterwards). */
  created: boolean;
  partitions: PartitionMetadata[];
  /** Records on the topic before the run (latest − earliest, summed over partitions). */
  recordsBefore: number;
}

export interface PerfTopicSpec {
  /** An existing topic; without it a throwaway topic is created. */
  topic?: string;
  partitions: number;
  replicationFactor?: number;
  /** Run against records this run did not write. */
  yes: boolean;
}

/** A throwaway topic's name: recognisable, and never one that exists. */
export const throwawayTopicName = () => `sofakafka-perf-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

export async function preparePerfTopic(client: KafkaClient, spec: PerfTopicSpec): Promise<PerfTopic> {
  if (spec.topic === undefined) return createThrowaway(client, spec);
  const [metadata] = await fetchTopicMetadata(client, [spec.topic]);
  const recordsBefore = await recordCount(client, spec.topic, metadata!.partitions);
  if (recordsBefore > 0 && !spec.yes) {
    throw usageError(
      `topic "${spec.topic}" already holds ${recordsBefore} record${recordsBefore === 1 ? '' : 's'} this run did not write: refusing to run against it; nothing was written`,
      'pass --yes to run against it anyway, or --create-topic for a throwaway topic',
    );
  }
  return { name: spec.topic, created: false, partitions: metadata!.partitions, recordsBefore };
}

/** Deletes the topic if this run created it; never a topic it found. */
export async function removePerfTopic(client: KafkaClient, topic: PerfTopic): Promise<boolean> {
  if (!topic.created) return false;
  await deleteTopic(client, topic.name);
  return true;
}

/** Records on the topic now: latest − earliest over its partitions. */
export async function recordCount(client: KafkaClient, topic: string, partitions: PartitionMetadata[]): Promise<number> {
  const refs = partitions.map((p) => ({ topic, partition: p.partition, leader: p.leader }));
  return (await logSpans(client, refs)).reduce((total, span) => total + span.end - span.start, 0);
}

async function createThrowaway(client: KafkaClient, spec: PerfTopicSpec): Promise<PerfTopic> {
  const name = throwawayTopicName();
  const [result] = await createTopics(client, [{ name, partitions: spec.partitions, ...(spec.replicationFactor !== undefined ? { replicationFactor: spec.replicationFactor } : {}), configs: {} }], { validateOnly: false });
  if (result!.status !== 'created') {
    // "exists" cannot be ours: never treat (or later delete) it as the run's own topic.
    throw new CliError((result!.errorKind as ErrorKind | undefined) ?? 'rejected', `could not create the throwaway topic "${name}": ${result!.error ?? result!.status}`, result!.hint ? { hint: result!.hint } : {});
  }
  const [metadata] = await fetchTopicMetadata(client, [name]);
  return { name, created: true, partitions: metadata!.partitions, recordsBefore: 0 };
}

/** Prepares the topic, runs the work on it, and deletes the topic afterwards if this run created it (also when the work failed). */
export async function withPerfTopic<T>(client: KafkaClient, spec: PerfTopicSpec, work: (topic: PerfTopic) => Promise<T>): Promise<{ topic: PerfTopic; deleted: boolean; result: T }> {
  const topic = await preparePerfTopic(client, spec);
  let result: T;
  try {
    result = await work(topic);
  } catch (error) {
    await removePerfTopic(client, topic).catch(() => undefined);
    throw error;
  }
  return { topic, deleted: await removePerfTopic(client, topic), result };
}
