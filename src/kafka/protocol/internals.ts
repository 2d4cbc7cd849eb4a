/**
 * The only code that reaches into kafkajs internals. Relies on kafkajs 2.2.4 exactly (pinned in
 * package.json): the private cluster factory on the Kafka object, createAdmin, the Encoder that
 * requests must return, a broker's connectionPool.send, and createErrorFromCode; the cluster's
 * broker lookups; kafkajs-requests.ts uses its Broker's request methods.
 */
import type { Kafka } from 'kafkajs';
// Static imports (not createRequire) so a bundle holds one copy of kafkajs; types in kafkajs-internals.d.ts.
import createAdmin from 'kafkajs/src/admin/index.js';
import InstrumentationEventEmitter from 'kafkajs/src/instrumentation/emitter.js';
import Encoder from 'kafkajs/src/protocol/encoder.js';
import kafkaJsProtocolErrors from 'kafkajs/src/protocol/error.js';
import { tolerateOfflinePartitions } from './metadata.js';
import { isFailover } from '../failover.js';

/** The parts of kafkajs's internal Broker we use. */
export interface InternalBroker {
  nodeId: number;
  versions: Record<number, { minVersion: number; maxVersion: number }>;
  connectionPool: { host: string; port: number; send(request: unknown): Promise<unknown> };
  isConnected(): boolean;
}

/** The parts of kafkajs's internal Cluster we use. */
export interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  refreshMetadataIfNecessary(): Promise<void>;
  findBroker(options: { nodeId: number | string }): Promise<InternalBroker>;
  findControllerBroker(): Promise<InternalBroker>;
  getNodeIds(): number[];
  brokerPool: {
    seedBroker?: InternalBroker;
    brokers: Record<string, InternalBroker | undefined>;
    versions?: object | null;
    createBroker(options: unknown): unknown;
    withBroker<T>(fn: (args: { broker: InternalBroker }) => Promise<T>): Promise<T>;
    findConnectedBroker(): Promise<InternalBroker>;
  };
}

/** A request kafkajs doesn't implement, in the shape its connection expects. */
export interface RawApi<T> {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  body: Buffer;
  decode: (payload: Buffer) => T;
  /** The request has no response (produce with acks=0). */
  noResponse?: boolean;
}

/**
 * kafkajs sends admin changes (CreateTopics, DeleteTopics, ACLs, SCRAM users) to the broker the
 * metadata names as controller. On KRaft that is just one of the brokers, and every broker
 * forwards these requests to the active controller; a SIGKILLed broker stays named there until
 * the controller fences it, and kafkajs gives up on the first refused connection. So a named
 * controller that cannot be reached is replaced by any connected broker.
 */
function controllerOrAnyBroker(cluster: InternalCluster): void {
  const named = cluster.findControllerBroker.bind(cluster);
  cluster.findControllerBroker = async () => {
    try {
      return await named();
    } catch (error) {
      if (!isFailover(error)) throw error;
      return anyBroker(cluster);
    }
  };
}

/** Builds a cluster from a Kafka instance, and an admin on that same cluster, so raw requests share its connections. */
export function createClusterAndAdmin(kafka: Kafka, retry: object): { cluster: InternalCluster; admin: ReturnType<Kafka['admin']> } {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  if (!symbol) throw new Error('kafkajs internals changed: no private cluster factory (sofakafka needs kafkajs 2.2.4)');
  const instrumentationEmitter = new InstrumentationEventEmitter();
  const factory = (kafka as unknown as Record<symbol, (options: object) => InternalCluster>)[symbol]!;
  const cluster = factory({ allowAutoTopicCreation: false, instrumentationEmitter });
  tolerateOfflinePartitions(cluster.brokerPool);
  controllerOrAnyBroker(cluster);
  const admin = createAdmin({ retry, logger: kafka.logger(), instrumentationEmitter, cluster }) as ReturnType<Kafka['admin']>;
  return { cluster, admin };
}

/**
 * Any connected broker: the seed broker (the first bootstrap address that answered) while it is
 * connected; once it is gone, another one (kafkajs cycles through the known brokers, then the
 * bootstrap list): the broker we first reached is not the cluster.
 */
export async function anyBroker(cluster: InternalCluster): Promise<InternalBroker> {
  const seed = cluster.brokerPool.seedBroker;
  if (seed?.isConnected()) return seed;
  // The seed's broker died (or closed an idle connection) while others serve: kafkajs replaces
  // its seed only once no broker at all is connected, so a long-running worker kept asking the
  // dead one. The pool gives a connected broker, or connects to the known ones in turn.
  if (seed) return cluster.brokerPool.findConnectedBroker().catch(() => seed);
  await cluster.refreshMetadata();
  return cluster.brokerPool.withBroker(async ({ broker }) => broker);
}

/** host:port of a broker the client knows (connected or not), as its socket factory is given it. */
export function brokerAddress(cluster: InternalCluster, nodeId: number): string | undefined {
  const broker = cluster.brokerPool.brokers[nodeId];
  return broker && addressOf(broker);
}

/** host:port of a broker object (a seed broker has no node id), as its socket factory is given it. */
export function addressOf(broker: InternalBroker): string {
  const { host, port } = (broker as unknown as { connectionPool: { host: string; port: number } }).connectionPool;
  return `${host}:${port}`;
}

export async function brokerById(cluster: InternalCluster, nodeId: number): Promise<InternalBroker> {
  await cluster.refreshMetadataIfNecessary();
  return cluster.findBroker({ nodeId });
}

export async function refreshMetadata(cluster: InternalCluster): Promise<void> {
  await cluster.refreshMetadata();
}

export async function controllerBroker(cluster: InternalCluster): Promise<InternalBroker> {
  await cluster.refreshMetadataIfNecessary();
  return cluster.findControllerBroker();
}

export async function sendRaw<T>(broker: InternalBroker, api: RawApi<T>): Promise<T> {
  const request = {
    apiKey: api.apiKey,
    apiVersion: api.apiVersion,
    apiName: api.apiName,
    encode: async () => new Encoder().writeBuffer(api.body),
    ...(api.noResponse ? { expectResponse: () => false } : {}),
  };
  const response = { decode: async (payload: Buffer) => payload, parse: async (payload: Buffer) => payload };
  const payload = (await broker.connectionPool.send({ request, response })) as Buffer;
  return api.decode(payload);
}

/** The highest version of an API both we and the broker speak, or undefined. */
export function pickVersion(broker: InternalBroker, apiKey: number, ours: number[]): number | undefined {
  const range = broker.versions?.[apiKey];
  if (!range) return undefined;
  return ours.filter((v) => v >= range.minVersion && v <= range.maxVersion).sort((a, b) => b - a)[0];
}

/** A kafkajs protocol error for a Kafka error code, so translation treats raw and kafkajs calls alike. */
export function protocolError(code: number, message?: string | null): Error {
  const error = kafkaJsProtocolErrors.createErrorFromCode(code);
  if (message) error.message = `${error.message} (${message})`;
  return error;
}
