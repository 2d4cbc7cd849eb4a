import { type InternalBroker, protocolError, type RawApi, sendRaw } from './internals.js';
import { Reader, Writer } from './wire.js';

/**
 * IncrementalAlterConfigs v0 (API key 44, KIP-339), which kafkajs lacks. kafkajs's alterConfigs
 * uses the old AlterConfigs, which on KRaft deletes every dynamic config not resent; this changes
 * only the configs named. v0 is non-flexible and still accepted by Kafka 4.x.
 */
export const INCREMENTAL_ALTER_CONFIGS = 44;

export const ConfigResourceType = { topic: 2, broker: 4 } as const;
export const ConfigOperation = { set: 0, delete: 1, append: 2, subtract: 3 } as const;

export interface ConfigChange {
  name: string;
  operation: (typeof ConfigOperation)[keyof typeof ConfigOperation];
  value: string | null;
}

export interface ConfigResourceChange {
  resourceType: (typeof ConfigResourceType)[keyof typeof ConfigResourceType];
  resourceName: string;
  changes: ConfigChange[];
}

export interface ConfigResourceResult {
  resourceType: number;
  resourceName: string;
  errorCode: number;
  errorMessage: string | null;
}

export function incrementalAlterConfigsRequest(resources: ConfigResourceChange[], validateOnly: boolean): RawApi<ConfigResourceResult[]> {
  const body = new Writer()
    .array(resources, (w, resource) => {
      w.int8(resource.resourceType).string(resource.resourceName);
      w.array(resource.changes, (cw, change) => cw.string(change.name).int8(change.operation).nullableString(change.value));
    })
    .boolean(validateOnly)
    .toBuffer();
  return { apiKey: INCREMENTAL_ALTER_CONFIGS, apiVersion: 0, apiName: 'IncrementalAlterConfigs', body, decode: decodeIncrementalAlterConfigs };
}

export function decodeIncrementalAlterConfigs(payload: Buffer): ConfigResourceResult[] {
  const r = new Reader(payload);
  r.int32(); // throttle_time_ms
  return r.array((x) => {
    const errorCode = x.int16();
    const errorMessage = x.nullableString();
    return { errorCode, errorMessage, resourceType: x.int8(), resourceName: x.string() };
  });
}

/** Applies the changes and throws the first resource's error, as a kafkajs protocol error. */
export async function incrementalAlterConfigs(broker: InternalBroker, resources: ConfigResourceChange[], validateOnly = false): Promise<void> {
  const results = await sendRaw(broker, incrementalAlterConfigsRequest(resources, validateOnly));
  const failed = results.find((result) => result.errorCode !== 0);
  if (failed) throw protocolError(failed.errorCode, failed.errorMessage);
}
