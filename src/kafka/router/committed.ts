import type { KafkaClient } from '../client.js';

/**
 * The router's committed position per source partition, read back from the group: the offset the
 * last transaction committed, and in its commit metadata how many copies each rule made so far.
 * Both were written by that one transaction, so they always agree with what the targets hold.
 */
export interface RouterPosition {
  topic: string;
  partition: number;
  /** Next offset to read; null when nothing was committed yet. */
  offset: number | null;
  copied: Record<string, number>;
}

export function encodeCopied(copied: Record<string, number>): string {
  return JSON.stringify({ copied });
}

export function decodeCopied(metadata: string | null | undefined): Record<string, number> {
  if (!metadata) return {};
  try {
    const parsed = JSON.parse(metadata) as { copied?: Record<string, number> };
    return parsed.copied && typeof parsed.copied === 'object' ? parsed.copied : {};
  } catch {
    return {};
  }
}

const ATTEMPTS = 10;

/** OffsetFetch for the topics (the coordinator may still be loading on a fresh cluster: retried). */
export async function readRouterPositions(client: KafkaClient, groupId: string, topics: string[]): Promise<RouterPosition[]> {
  if (!topics.length) return [];
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await client.adminCall(`read the router's offsets in group "${groupId}"`, (admin) => admin.fetchOffsets({ groupId, topics }));
      return answer.flatMap(({ topic, partitions }) => partitions.map((p) => ({
        topic,
        partition: p.partition,
        offset: Number(p.offset) >= 0 ? Number(p.offset) : null,
        copied: decodeCopied(p.metadata),
      })));
    } catch (error) {
      if (attempt >= ATTEMPTS || error instanceof Error && (error as { kind?: string }).kind !== 'connection' && !/coordinator|load/i.test(error.message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}
