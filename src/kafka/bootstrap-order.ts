import type { Connection } from '../config/connection.js';
import { probeBrokers, probeDeadlineMs } from './broker-probe.js';

/** How long one probe's answer stands for a client: brokers die and come back, but not every second. */
const REUSE_MS = 30_000;

export interface BootstrapOptions {
  tls: Connection['tls'];
  timeoutMs: number;
}

/**
 * responsiveFirst for one client: kafkajs asks for the list each time one of its clusters (the
 * admin, each producer and consumer) connects; a worker that creates producers often (the router,
 * one per source partition) would probe every time. One answer serves REUSE_MS.
 */
export function bootstrapOrder(brokers: string[], options: BootstrapOptions, now = Date.now): () => Promise<string[]> {
  let cached: { order: Promise<string[]>; at: number } | undefined;
  return () => {
    if (!cached || now() - cached.at > REUSE_MS) cached = { order: responsiveFirst(brokers, options), at: now() };
    return cached.order;
  };
}

/**
 * The bootstrap list with a broker that answers first. kafkajs connects to the first address and
 * treats a frozen broker there (TCP accepted, no answer) as the cluster, while Kafka's own clients
 * move on to the next address. Every address is probed at once (broker-probe.ts: ApiVersions,
 * after the TLS handshake on a TLS listener); the first to answer leads, the others follow in
 * their order. One address keeps the list as it is.
 */
export async function responsiveFirst(brokers: string[], options: BootstrapOptions): Promise<string[]> {
  if (brokers.length < 2) return brokers;
  const [first] = await probeBrokers(brokers, { tls: options.tls, deadlineMs: probeDeadlineMs(options.timeoutMs), enough: 1 });
  return first === undefined ? brokers : [first, ...brokers.filter((b) => b !== first)];
}
