import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Connection } from '../config/connection.js';
import { Writer } from './protocol/wire.js';

/** The longest a probe waits: a broker that has not answered ApiVersions in 3 s is not serving. */
const PROBE_MS = 3000;

/** How long a probe may wait under a --timeout of `timeoutMs` (0: no limit): a third of it, at most PROBE_MS. */
export function probeDeadlineMs(timeoutMs: number): number {
  return Math.min(PROBE_MS, Math.max((timeoutMs || Infinity) / 3, 100));
}

export interface ProbeOptions {
  /** The listener's TLS settings (as the client's): the probe does the handshake first. */
  tls: Connection['tls'];
  deadlineMs: number;
  /** Stop as soon as this many have answered (default: wait for all, or the deadline). */
  enough?: number;
}

/**
 * Which of the addresses answer: every one gets a TCP (or TLS) connection and an ApiVersions v0
 * request at once (brokers answer it before any login); resolves with those that answered within
 * the deadline, in the order they answered. A frozen broker (SIGSTOP: the kernel accepts the
 * connection, nothing answers, not even the TLS handshake) is simply absent from the answer.
 */
export function probeBrokers(addresses: string[], options: ProbeOptions): Promise<string[]> {
  const enough = Math.min(options.enough ?? addresses.length, addresses.length);
  const sockets: Socket[] = [];
  const answered: string[] = [];
  return new Promise<string[]>((resolve) => {
    let pending = addresses.length;
    const finish = () => {
      clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      resolve(answered);
    };
    const timer = setTimeout(finish, options.deadlineMs);
    if (!addresses.length) return finish();
    for (const address of addresses) {
      const socket = open(address, options.tls);
      sockets.push(socket);
      let settled = false;
      const settle = (answer: boolean) => {
        if (settled) return;
        settled = true;
        if (answer) answered.push(address);
        if (answered.length >= enough || --pending === 0) finish();
      };
      socket.once('data', () => settle(true));
      socket.once('error', () => settle(false));
    }
  });
}

function open(address: string, tls: Connection['tls']): Socket {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(colon + 1));
  if (!tls) {
    const socket = netConnect({ host, port });
    socket.once('connect', () => socket.write(apiVersionsRequest()));
    return socket;
  }
  // As the client's socket factory connects (sockets.ts): no server name for an IP address.
  const socket = tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...tls });
  socket.once('secureConnect', () => socket.write(apiVersionsRequest()));
  return socket;
}

/** ApiVersions v0, framed: api key 18, version 0, correlation id 1, client id. */
function apiVersionsRequest(): Buffer {
  return new Writer().bytes(new Writer().int16(18).int16(0).int32(1).string('sofakafka-probe').toBuffer()).toBuffer();
}
