import { type InternalBroker, protocolError, type RawApi, sendRaw } from './internals.js';
import { Reader, Writer } from './wire.js';

/**
 * DescribeCluster v0 (API key 60, KIP-700), which kafkajs lacks: the only way to learn the real
 * active controller on KRaft (kafkajs's describeCluster reports an arbitrary broker there).
 * Flexible version: the body opens with the request header's empty tag buffer.
 */
export interface ClusterDescription {
  clusterId: string;
  controllerId: number;
  brokers: Array<{ nodeId: number; host: string; port: number; rack: string | null }>;
  /** A bit per AclOperation the caller may perform on the cluster, when asked for; undefined otherwise. */
  authorizedOperations: number | undefined;
}

/** AclOperation DESCRIBE (8) as a bit of authorizedOperations; Kafka sets it for ALTER and ALL too. */
export const DESCRIBE_OPERATION_BIT = 1 << 8;
const OPERATIONS_NOT_ASKED = -2147483648;

export const DESCRIBE_CLUSTER = 60;

export function describeClusterRequest(options: { authorizedOperations?: boolean } = {}): RawApi<ClusterDescription> {
  return {
    apiKey: DESCRIBE_CLUSTER,
    apiVersion: 0,
    apiName: 'DescribeCluster',
    body: new Writer().emptyTags().boolean(Boolean(options.authorizedOperations)).emptyTags().toBuffer(),
    decode: decodeDescribeCluster,
  };
}

export function decodeDescribeCluster(payload: Buffer): ClusterDescription {
  const r = new Reader(payload);
  r.skipTags(); // response header v1
  r.int32(); // throttle_time_ms
  const errorCode = r.int16();
  const errorMessage = r.compactNullableString();
  if (errorCode !== 0) throw protocolError(errorCode, errorMessage);
  const clusterId = r.compactString();
  const controllerId = r.int32();
  const brokers = r.compactArray((b) => {
    const broker = { nodeId: b.int32(), host: b.compactString(), port: b.int32(), rack: b.compactNullableString() };
    b.skipTags();
    return broker;
  });
  const operations = r.int32();
  return { clusterId, controllerId, brokers, authorizedOperations: operations === OPERATIONS_NOT_ASKED ? undefined : operations };
}

export const describeCluster = (broker: InternalBroker, options: { authorizedOperations?: boolean } = {}) => sendRaw(broker, describeClusterRequest(options));
