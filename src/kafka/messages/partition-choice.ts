import { usageError } from '../../errors.js';
import type { OutgoingMessage } from './message.js';
import { partitionForKey } from './partitioner.js';

export interface PartitionLeader {
  partition: number;
  leader: number | null;
}

export interface PartitionPlanInput {
  /** Partitions of every topic the messages name. */
  topics: Map<string, PartitionLeader[]>;
  /** Each live broker's rack (null when it has none). */
  brokerRacks: Map<number, string | null>;
  preferRack?: string;
}

export interface PartitionPlan {
  /** Things worth telling the user on stderr (rack fallbacks). */
  notes: string[];
  /** Per topic: the partitions keyless messages were spread over. */
  keylessPartitions: Map<string, number[]>;
}

/**
 * Gives every message its partition before sending, so each confirmation can name its offset:
 *  - an explicit partition is kept (and must exist);
 *  - a key decides by murmur2 over all partitions (partitioner.ts), exactly as the Java client's
 *    default partitioner and kafkajs's DefaultPartitioner do, so the same key lands in the same partition
 *    whichever client wrote it — a preferred rack never overrides a key, or ordering would break;
 *  - a keyless message goes round-robin over the partitions whose leader sits in the preferred
 *    rack (the whitepaper's local-first producing), or over all partitions with a leader when
 *    there is no preferred rack or no such partition.
 */
export function assignPartitions(messages: OutgoingMessage[], input: PartitionPlanInput): PartitionPlan {
  const notes: string[] = [];
  const keyless = new Map<string, { partitions: number[]; next: number }>();

  const keylessTargets = (topic: string, partitions: PartitionLeader[]) => {
    let entry = keyless.get(topic);
    if (entry) return entry;
    const led = partitions.filter((p) => p.leader !== null);
    let chosen = led;
    if (input.preferRack !== undefined) {
      chosen = led.filter((p) => input.brokerRacks.get(p.leader!) === input.preferRack);
      if (!chosen.length) {
        chosen = led;
        notes.push(`no partition of "${topic}" has its leader in rack "${input.preferRack}": sending to all ${led.length} partitions with a leader`);
      }
    }
    if (!chosen.length) chosen = partitions;
    entry = { partitions: chosen.map((p) => p.partition), next: Math.floor(Math.random() * chosen.length) };
    keyless.set(topic, entry);
    return entry;
  };

  for (const message of messages) {
    const partitions = input.topics.get(message.topic);
    if (!partitions) throw new Error(`no metadata for topic "${message.topic}"`);
    if (message.partition !== undefined) {
      if (message.partition >= partitions.length) {
        throw usageError(
          `partition ${message.partition} (line ${message.line}) is out of range: topic "${message.topic}" has ${partitions.length} partition${partitions.length === 1 ? '' : 's'} (0-${partitions.length - 1})`,
          'nothing was sent',
        );
      }
    } else if (message.key !== null) {
      message.partition = partitionForKey(message.key, partitions.length);
    } else {
      const entry = keylessTargets(message.topic, partitions);
      message.partition = entry.partitions[entry.next++ % entry.partitions.length]!;
    }
  }
  return { notes, keylessPartitions: new Map([...keyless].map(([topic, entry]) => [topic, entry.partitions])) };
}
