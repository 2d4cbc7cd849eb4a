/**
 * Riding through a lost broker, as Kafka's own clients do: a request to a broker that died (or to
 * a leader that moved) goes again, after a metadata refresh, until a live broker takes it. The
 * controller moves leadership off a SIGKILLed broker only after broker.session.timeout.ms (9 s by
 * default), so this keeps trying; --timeout (the command's watchdog) is what gives up.
 */

/** kafkajs retry settings for producers that ride through (Kafka's delivery.timeout.ms; --timeout bounds each wait). */
export const rideThroughRetry = { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 2000 };

/** Broker answers that mean "ask the new leader or coordinator", not "no". */
const MOVED = new Set([
  'NOT_LEADER_FOR_PARTITION', 'NOT_LEADER_OR_FOLLOWER', 'LEADER_NOT_AVAILABLE', 'FENCED_LEADER_EPOCH', 'UNKNOWN_LEADER_EPOCH',
  'NOT_COORDINATOR', 'NOT_COORDINATOR_FOR_GROUP', 'COORDINATOR_NOT_AVAILABLE', 'GROUP_COORDINATOR_NOT_AVAILABLE',
  'COORDINATOR_LOAD_IN_PROGRESS', 'GROUP_LOAD_IN_PROGRESS', 'NOT_CONTROLLER', 'REQUEST_TIMED_OUT', 'NOT_ENOUGH_REPLICAS',
]);
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
const CONNECTION_NAMES = new Set(['KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSRequestTimeoutError', 'KafkaJSBrokerNotFound', 'KafkaJSNoBrokerAvailableError', 'ReadAttemptTimeout']);

interface ErrorLike { name?: string; type?: string; code?: string; originalError?: unknown; cause?: unknown; errors?: unknown[] }

/** Whether a failure (kafkajs's, or a CliError wrapping one) is a lost broker or a moved leader or coordinator. */
export function isFailover(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 10; depth++) {
    const e = current as ErrorLike;
    if ((e.type && MOVED.has(e.type)) || (e.code && CONNECTION_CODES.has(e.code)) || (e.name && CONNECTION_NAMES.has(e.name))) return true;
    current = e.originalError ?? e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined);
  }
  return false;
}

/** 200 ms, 400 ms, … up to 2 s between attempts. */
export const failoverDelay = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(2000, 200 * 2 ** Math.min(attempt, 4))));

/**
 * Runs `work` until it succeeds or fails for another reason than a lost broker; before each retry
 * `recover` (a metadata refresh, a new leader lookup) runs. No count limit: the caller's --timeout ends it.
 */
export async function throughFailover<T>(work: () => Promise<T>, recover: () => Promise<unknown>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isFailover(error)) throw error;
      await failoverDelay(attempt);
      await recover().catch(() => undefined);
    }
  }
}

/** Java's request.timeout.ms default: the longest one read attempt waits when --timeout sets no limit. */
const JAVA_REQUEST_TIMEOUT_MS = 30_000;
/** A read attempt gets at least this long: a busy broker is not a frozen one. */
const MIN_READ_ATTEMPT_MS = 5000;

/**
 * How long one attempt of a read request waits for its broker under a --timeout of `timeoutMs`: a
 * third of it (so a frozen leader, fenced by the controller after broker.session.timeout.ms, 9 s
 * by default, is asked again of its successor within a 30 s limit), at least 5 s, at most 30 s.
 */
export function readAttemptMs(timeoutMs: number): number {
  return Math.min(JAVA_REQUEST_TIMEOUT_MS, Math.max(MIN_READ_ATTEMPT_MS, timeoutMs / 3));
}

/**
 * One attempt of a read request (ListOffsets, Fetch): no answer within `ms` counts as a lost broker
 * (isFailover), as Java's clients treat request.timeout.ms, so the caller asks the metadata again
 * and goes to the leader it names. A frozen broker (SIGSTOP) accepts the request and never
 * answers; kafkajs would wait the whole --timeout on it. Only for reads: asking again is harmless.
 * `expired` runs first (closing the connection, so nothing waits on the abandoned request).
 */
export function readAttempt<T>(work: () => Promise<T>, ms: number, expired: () => void): Promise<T> {
  const request = work();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired();
      reject(Object.assign(new Error(`no answer within ${ms} ms`), { name: 'ReadAttemptTimeout' }));
    }, ms);
  });
  request.catch(() => undefined);
  return Promise.race([request, deadline]).finally(() => clearTimeout(timer));
}

/** Whether a failure is a read attempt that got no answer in time (readAttempt), not a broker's "no". */
export function isSilentBroker(error: unknown): boolean {
  let current = error as ErrorLike | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 10; depth++) {
    if (current.name === 'ReadAttemptTimeout') return true;
    current = (current.originalError ?? current.cause) as ErrorLike | undefined;
  }
  return false;
}

/**
 * Runs a read (one read attempt each time) again while the broker it went to stays silent: the
 * attempt closed our connections to it, so the next goes elsewhere or, for the same broker, over a
 * new connection. Other failures (a dead cluster: connection refused) are the caller's at once;
 * --timeout ends the loop.
 */
export async function againWhileSilent<T>(read: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (!isSilentBroker(error)) throw error;
    }
  }
}
