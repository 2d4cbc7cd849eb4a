/**
 * The SOFAKafka whitepaper's performance table (chapter 4, "性能指标"): throughput of 1 KB messages
 * on a group of three brokers, per pod size. The one place these figures live.
 */
export interface WhitepaperRow {
  /** The pod size as the whitepaper writes it: cores C, memory G. */
  pod: string;
  brokers: number;
  coresPerBroker: number;
  memoryGbPerBroker: number;
  disk: string;
  /** Messages per second, 1 KB each. */
  tps: number;
}

export const whitepaperRows: readonly WhitepaperRow[] = [
  { pod: '4C8G', brokers: 3, coresPerBroker: 4, memoryGbPerBroker: 8, disk: '500GB SSD', tps: 5000 },
  { pod: '16C60G', brokers: 3, coresPerBroker: 16, memoryGbPerBroker: 60, disk: '2TB SSD', tps: 20000 },
];

/** The whitepaper's case: 1 KB messages, and reliable sending (acks=all). */
export const whitepaperCase = { size: 1024, acks: -1 } as const;
