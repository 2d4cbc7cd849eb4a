import kafkajs, { type Admin, type Kafka, type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { Connection } from '../config/connection.js';
import type { CliError } from '../errors.js';
import { translateKafkaError } from './errors.js';
import { createClusterAndAdmin, type InternalBroker, type InternalCluster } from './protocol/internals.js';

export interface ClientOptions {
  timeoutMs: number;
  log: (message: string, detail?: unknown) => void;
  clientId?: string;
}

/**
 * The one door to Kafka that commands use. kafkajs does the protocol; where it falls short,
 * src/kafka/protocol adds the missing requests on the same connections. Every failure leaves here
 * as a CliError (see errors.ts), so commands never see a kafkajs error.
 */
export class KafkaClient {
  private connected = false;

  private constructor(
    readonly kafka: Kafka,
    readonly admin: Admin,
    readonly cluster: InternalCluster,
    readonly connection: Connection,
    readonly log: ClientOptions['log'],
  ) {}

  static async connect(connection: Connection, options: ClientOptions): Promise<KafkaClient> {
    const retry = { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 };
    const config: KafkaConfig = {
      clientId: options.clientId ?? 'sofakafka',
      brokers: connection.brokers,
      connectionTimeout: Math.min(options.timeoutMs, 5000),
      authenticationTimeout: Math.min(options.timeoutMs, 10000),
      requestTimeout: options.timeoutMs,
      retry,
      logLevel: kafkajs.logLevel.NOTHING,
      ...(connection.sasl ? { sasl: toSasl(connection.sasl) } : {}),
      ...(connection.tls ? { ssl: connection.tls } : {}),
    };
    const kafka = new kafkajs.Kafka(config);
    const { cluster, admin } = createClusterAndAdmin(kafka, retry);
    options.log('connecting', { brokers: connection.brokers, sasl: connection.sasl, tls: Boolean(connection.tls) });
    return new KafkaClient(kafka, admin, cluster, connection, options.log);
  }

  /** Runs one piece of Kafka work, turning any failure into a CliError naming `action`. */
  async call<T>(action: string, work: () => Promise<T>): Promise<T> {
    try {
      if (!this.connected) {
        await this.admin.connect();
        this.connected = true;
      }
      return await work();
    } catch (error) {
      this.log(`${action} failed`, { name: (error as Error).name, message: (error as Error).message, type: (error as { type?: string }).type });
      throw this.translate(error, action);
    }
  }

  /** A kafkajs failure as a CliError; a refusal names who was refused (Kafka never does; we know who we logged in as). */
  translate(error: unknown, action: string): CliError {
    const translated = translateKafkaError(error, action);
    if (translated.kind === 'authorization' && !translated.message.includes('User:')) {
      translated.message = `${translated.message} (as User:${this.connection.sasl?.username ?? 'ANONYMOUS'})`;
    }
    return translated;
  }

  /** Any connected broker, for requests any broker can answer. */
  async anyBroker(): Promise<InternalBroker> {
    // The seed broker is connected (with API versions known) as soon as the admin is.
    const seed = this.cluster.brokerPool.seedBroker;
    if (seed) return seed;
    await this.cluster.refreshMetadata();
    return this.cluster.brokerPool.withBroker(async ({ broker }) => broker);
  }

  async broker(nodeId: number): Promise<InternalBroker> {
    await this.cluster.refreshMetadataIfNecessary();
    return this.cluster.findBroker({ nodeId });
  }

  async close(): Promise<void> {
    await this.admin.disconnect().catch(() => undefined);
  }
}

function toSasl(sasl: NonNullable<Connection['sasl']>): SASLOptions {
  return { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } as SASLOptions;
}
