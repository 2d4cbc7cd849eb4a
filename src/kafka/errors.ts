import { CliError, type ErrorKind } from '../errors.js';

interface KafkaJsLikeError extends Error {
  type?: string;
  retriable?: boolean;
  originalError?: unknown;
  errors?: unknown[];
  broker?: string;
  topic?: string;
  code?: string;
}

const protocolKinds: Record<string, ErrorKind> = {
  TOPIC_AUTHORIZATION_FAILED: 'authorization',
  GROUP_AUTHORIZATION_FAILED: 'authorization',
  CLUSTER_AUTHORIZATION_FAILED: 'authorization',
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 'authorization',
  DELEGATION_TOKEN_AUTHORIZATION_FAILED: 'authorization',
  SASL_AUTHENTICATION_FAILED: 'authentication',
  UNSUPPORTED_SASL_MECHANISM: 'authentication',
  ILLEGAL_SASL_STATE: 'authentication',
  UNKNOWN_TOPIC_OR_PARTITION: 'notFound',
  UNKNOWN_TOPIC_ID: 'notFound',
  GROUP_ID_NOT_FOUND: 'notFound',
  RESOURCE_NOT_FOUND: 'notFound',
  REQUEST_TIMED_OUT: 'connection',
};

const hints: Record<string, string> = {
  authorization: 'ask an admin for an ACL (`sofakafka acl add`), or use a user that has one',
  authentication: 'check the user name and password (--username, --password-file, SOFAKAFKA_PASSWORD, or the context)',
  notFound: '`sofakafka topic list` shows what exists',
  connection: 'check the bootstrap address and that the cluster is up (`sofakafka local status` for the local one)',
};

/** Not-found hints name the list command of what was not found. */
const protocolHints: Record<string, string> = {
  GROUP_ID_NOT_FOUND: '`sofakafka group list` shows the groups',
  UNSUPPORTED_SASL_MECHANISM: 'this listener does not take that SASL mechanism: try --sasl-mechanism scram-sha-512 (or scram-sha-256, plain), as the brokers\' sasl.enabled.mechanisms allow',
  RESOURCE_NOT_FOUND: '`sofakafka user list` shows the users',
  UNKNOWN_TOPIC_OR_PARTITION: '`sofakafka topic list` shows what exists, and `topic describe` its partitions',
};

/**
 * Turns a kafkajs failure into one line a person can act on. kafkajs nests causes
 * (retries exceeded → connection error → ECONNREFUSED); the innermost one says most.
 */
export function translateKafkaError(error: unknown, action: string): CliError {
  if (error instanceof CliError) return error;
  const chain = causeChain(error);
  // Ours, thrown inside kafkajs (a codec's decompress in the consumer, say): it already says what happened.
  const ours = chain.find((e) => e instanceof CliError);
  if (ours) return ours as CliError;
  const sasl = chain.find((e) => e.name === 'KafkaJSSASLAuthenticationError' || e.type === 'SASL_AUTHENTICATION_FAILED');
  if (sasl) return new CliError('authentication', `authentication failed: ${cleanMessage(sasl.message)}`, { hint: hints.authentication, cause: error });

  const protocol = chain.find((e) => e.type && protocolKinds[e.type]) ?? chain.find((e) => e.type);
  if (protocol?.type) {
    const kind = protocolKinds[protocol.type] ?? 'rejected';
    return new CliError(kind, `${action}: ${cleanMessage(protocol.message)}`, { hint: protocolHints[protocol.type] ?? hints[kind], cause: error });
  }
  const tls = chain.find((e) => e.code !== undefined && (untrustedCertificate.has(e.code) || e.code.startsWith('ERR_SSL_') || e.code === 'ERR_TLS_CERT_ALTNAME_INVALID'));
  if (tls) return tlsError(tls, error);
  const connection = chain.find((e) => e.name?.startsWith('KafkaJSConnection') || e.name === 'KafkaJSNoBrokerAvailableError' || e.name === 'KafkaJSBrokerNotFound' || ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET'].includes(e.code ?? ''));
  if (connection) {
    const innermost = chain[chain.length - 1]!;
    const where = connection.broker ? ` ${connection.broker}` : '';
    return new CliError('connection', `cannot reach the cluster${where}: ${describeNetworkError(innermost)}`, { hint: hints.connection, cause: error });
  }
  const timeout = chain.find((e) => /Timeout/.test(e.name ?? ''));
  if (timeout) return new CliError('connection', `${action}: the cluster did not answer in time`, { hint: hints.connection, cause: error });
  const last = chain[chain.length - 1];
  return new CliError('internal', `${action}: ${cleanMessage(last?.message ?? String(error))}`, { cause: error });
}

function causeChain(error: unknown): KafkaJsLikeError[] {
  const chain: KafkaJsLikeError[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && chain.length < 10) {
    const e = current as KafkaJsLikeError;
    chain.push(e);
    current = e.originalError ?? (e as { cause?: unknown }).cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined);
  }
  return chain;
}

/** Node's codes for a server certificate that the trusted CAs don't vouch for. */
const untrustedCertificate = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
]);

function tlsError(tls: KafkaJsLikeError, cause: unknown): CliError {
  const where = tls.broker ? ` ${tls.broker}` : '';
  const reason = cleanMessage(tls.message);
  if (tls.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new CliError('connection', `TLS handshake with${where} failed: the certificate is not for this address (${reason})`, {
      hint: 'connect with a host name the certificate names, or --tls-insecure to skip verification (tests only)', cause,
    });
  }
  // The broker's TLS alert, e.g. "certificate unknown" when it refuses our client certificate.
  const alert = /alert ([a-z ]+?):/.exec(reason)?.[1];
  if (alert) {
    return new CliError('connection', `TLS handshake with${where} failed: the broker refused it (${alert})`, {
      hint: alert.includes('certificate') ? 'the broker does not accept this client certificate: use one its CA signed (--tls-cert/--tls-key), or none' : undefined, cause,
    });
  }
  if (tls.code?.startsWith('ERR_SSL_')) {
    return new CliError('connection', `TLS handshake with${where} failed: ${reason.split(':').find((part) => /[a-z] [a-z]/.test(part)) ?? reason}`, {
      hint: 'is this a plaintext listener? then drop --tls (and security.protocol *_SSL)', cause,
    });
  }
  return new CliError('connection', `TLS handshake with${where} failed: the broker's certificate is not trusted (${reason})`, {
    hint: 'pass --tls-ca FILE with the CA that signed it (`sofakafka local status` shows the local one), or --tls-insecure to skip verification (tests only)', cause,
  });
}

function describeNetworkError(error: KafkaJsLikeError): string {
  switch (error.code) {
    case 'ECONNREFUSED': return 'connection refused';
    case 'ENOTFOUND': return 'unknown host';
    case 'EHOSTUNREACH': return 'host unreachable';
    case 'ETIMEDOUT': return 'connection timed out';
    case 'ECONNRESET': return 'connection reset (is it a TLS or SASL listener?)';
    default:
      // What a plaintext client sees from a TLS listener: it drops the bytes that are no handshake.
      if (/^Closed connection$|Connection closed by the server/.test(cleanMessage(error.message))) return 'the broker closed the connection (is it a TLS listener? then add --tls)';
      return cleanMessage(error.message);
  }
}

function cleanMessage(message: string): string {
  return message.replace(/^Connection error: /, '').replace(/\s+/g, ' ').trim();
}
