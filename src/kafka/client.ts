import kafkajs, { type Admin, type Consumer, type ConsumerConfig, type Kafka, type KafkaConfig, type Producer, type ProducerConfig, type SASLOptions } from 'kafkajs';
import type { Connection } from '../config/connection.js';
import { CliError } from '../errors.js';
import { bootstrapOrder } from './bootstrap-order.js';
import { translateKafkaError } from './errors.js';
import { readAttempt, readAttemptMs, throughFailover } from './failover.js';
import { BrokerSockets } from './sockets.js';
import { registerKafkajsCodecs } from './protocol/compression.js';
import { addressOf, anyBroker, brokerAddress, brokerById, controllerBroker, createClusterAndAdmin, type InternalBroker, type InternalCluster, refreshMetadata } from './protocol/internals.js';

export interface ClientOptions {
  timeoutMs: number;
  log: (message: string, detail?: unknown) => void;
  clientId?: string;
  /** How often a failed connection or request is tried again (default 2). */
  retries?: number;
}

/**
 * The one door to Kafka that commands use. kafkajs does the protocol; where it falls short,
 * src/kafka/protocol adds the missing requests on the same connections. Every failure leaves here
 * as a CliError (see errors.ts), so commands never see a kafkajs error. kafkajs's objects stay
 * private: the rest of src/kafka gets the admin through adminCall, producers and consumers from
 * their factories, and brokers as handles for src/kafka/protocol.
 */
export class KafkaClient {
  private connected = false;
  /** How long one attempt of a read request waits before the leader is looked up again (failover.ts). */
  readonly readAttemptMs: number;

  private constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly cluster: InternalCluster,
    private readonly sockets: BrokerSockets,
    readonly connection: Connection,
    readonly log: ClientOptions['log'],
    timeoutMs: number,
  ) {
    this.readAttemptMs = readAttemptMs(timeoutMs);
  }

  static async connect(connection: Connection, options: ClientOptions): Promise<KafkaClient> {
    const retry = { retries: options.retries ?? 2, initialRetryTime: 100, maxRetryTime: 1000 };
    const sockets = new BrokerSockets();
    const config: KafkaConfig = {
      clientId: options.clientId ?? 'sofakafka',
      // Asked when kafkajs first connects: a frozen broker at the first address must not stand for the cluster.
      brokers: bootstrapOrder(connection.brokers, { tls: connection.tls, timeoutMs: options.timeoutMs }),
      connectionTimeout: Math.min(options.timeoutMs, 5000),
      authenticationTimeout: Math.min(options.timeoutMs, 10000),
      requestTimeout: options.timeoutMs,
      retry,
      socketFactory: sockets.factory,
      logLevel: kafkajs.logLevel.NOTHING,
      ...(connection.sasl ? { sasl: toSasl(connection.sasl) } : {}),
      ...(connection.tls ? { ssl: connection.tls } : {}),
    };
    registerKafkajsCodecs(); // kafkajs alone reads and writes only gzip
    const kafka = new kafkajs.Kafka(config);
    const { cluster, admin } = createClusterAndAdmin(kafka, retry);
    options.log('connecting', { brokers: connection.brokers, sasl: connection.sasl, tls: Boolean(connection.tls) });
    return new KafkaClient(kafka, admin, cluster, sockets, connection, options.log, options.timeoutMs);
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

  /** Runs one call of kafkajs's admin API, as call() does. */
  async adminCall<T>(action: string, work: (admin: Admin) => Promise<T>): Promise<T> {
    return this.call(action, () => work(this.admin));
  }

  /** A kafkajs producer on this client's connection settings; the caller connects and disconnects it. */
  producer(config: ProducerConfig): Producer {
    return this.kafka.producer(config);
  }

  /** A kafkajs consumer on this client's connection settings; the caller connects and disconnects it. */
  consumer(config: ConsumerConfig): Consumer {
    return this.kafka.consumer(config);
  }

  /** A kafkajs failure as a CliError; a refusal names who was refused (Kafka never does; we know who we logged in as). */
  translate(error: unknown, action: string): CliError {
    const translated = translateKafkaError(error, action);
    if (translated.kind === 'connection' && translated.message.includes('closed the connection') && this.refusedWithoutLogin()) {
      return new CliError('authentication', 'the cluster refused a connection without a login: it needs SASL authentication', {
        hint: 'log in with --username and --password-file (or SOFAKAFKA_USERNAME/SOFAKAFKA_PASSWORD), or use a context that has a user (`sofakafka context list`)',
        cause: error,
      });
    }
    if (translated.kind === 'authorization' && !translated.message.includes('User:')) {
      translated.message = `${translated.message} (as User:${this.connection.sasl?.username ?? 'ANONYMOUS'})`;
    }
    return translated;
  }

  /**
   * A broker that answered ApiVersions (so it speaks plain Kafka, not TLS) and then closed the
   * connection on a client without SASL: a SASL listener refusing an anonymous client.
   */
  private refusedWithoutLogin(): boolean {
    return !this.connection.sasl && !this.connection.tls && Boolean(this.cluster.brokerPool.versions);
  }

  /**
   * One attempt of a read request to broker `nodeId` (`known`: its broker object, if at hand):
   * without an answer within readAttemptMs (connecting included), our connections to it are
   * closed and the attempt fails as a lost broker, so the caller asks the metadata for the leader
   * again (failover.ts readAttempt).
   */
  async readFromBroker<T>(nodeId: number, request: (broker: InternalBroker) => Promise<T>, known?: InternalBroker): Promise<T> {
    return this.readAttempt(async () => request(known ?? await this.broker(nodeId)), () => brokerAddress(this.cluster, nodeId));
  }

  /**
   * One attempt of a request any broker can answer (FindCoordinator), as readFromBroker: a broker
   * that does not answer within readAttemptMs has our connections to it closed, so the next attempt
   * goes to another (kafkajs's own lookup picks a broker at random and waits on a frozen one until
   * --timeout).
   */
  async readFromAnyBroker<T>(request: (broker: InternalBroker) => Promise<T>): Promise<T> {
    let broker: InternalBroker | undefined;
    return this.readAttempt(async () => request(broker = await this.anyBroker()), () => broker && addressOf(broker));
  }

  private readAttempt<T>(work: () => Promise<T>, address: () => string | undefined): Promise<T> {
    return readAttempt(work, this.readAttemptMs, () => {
      const at = address();
      if (at) this.sockets.destroyTo(at, `${at} did not answer within ${this.readAttemptMs} ms`);
    });
  }

  /** Any connected broker, for requests any broker can answer. */
  async anyBroker(): Promise<InternalBroker> {
    return anyBroker(this.cluster);
  }

  async broker(nodeId: number): Promise<InternalBroker> {
    return brokerById(this.cluster, nodeId);
  }

  /** The broker kafkajs takes for the controller (on KRaft, a broker that forwards to it). */
  async controllerBroker(): Promise<InternalBroker> {
    return controllerBroker(this.cluster);
  }

  /** Reads the cluster's metadata again, e.g. after a partition's leader moved. */
  async refreshMetadata(): Promise<void> {
    await refreshMetadata(this.cluster);
  }

  /** `work` again, after a metadata refresh, for as long as it fails with a lost broker or a moved leader or coordinator; --timeout ends it. */
  rideThrough<T>(work: () => Promise<T>): Promise<T> {
    return throughFailover(work, () => this.refreshMetadata());
  }

  /**
   * Waits until everything written to the brokers has left the process: an acks=0 send is done
   * only then (nothing confirms it, and an exit before would drop what is still buffered).
   */
  async writesFlushed(): Promise<void> {
    await this.sockets.flushed();
  }

  async close(): Promise<void> {
    await this.admin.disconnect().catch(() => undefined);
    await this.sockets.flushed();
  }
}

function toSasl(sasl: NonNullable<Connection['sasl']>): SASLOptions {
  return { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } as SASLOptions;
}
