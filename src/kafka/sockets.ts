import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

/** As kafkajs's own socket factory sets it. */
const KEEP_ALIVE_MS = 60_000;
const POLL_MS = 5;

/**
 * The sockets a client opens to the brokers, so that it can wait until every byte written has
 * left the process. kafkajs counts an acks=0 request as sent once it is written to the socket, and
 * its disconnect ends the sockets without waiting; a process that exits right after loses what
 * was still buffered (`msg send --mode oneway` stored 83,000 of 100,000 1 KB messages and said
 * "sent 100000").
 */
export class BrokerSockets {
  private readonly open = new Set<Socket>();
  private readonly addresses = new WeakMap<Socket, string>();

  /** kafkajs's `socketFactory`: its default, plus a note of each socket until it closes. */
  readonly factory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
    const socket = ssl
      ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
      : netConnect({ host, port }, onConnect);
    socket.setKeepAlive(true, KEEP_ALIVE_MS);
    this.open.add(socket);
    this.addresses.set(socket, `${host}:${port}`);
    socket.once('close', () => this.open.delete(socket));
    return socket;
  };

  /**
   * Closes every socket to one broker with an error, as Java's clients drop a connection whose
   * request timed out: kafkajs fails what is in flight on it (a frozen broker would hold those
   * requests, and kafkajs's disconnect waits for them, until --timeout) and connects anew next time.
   */
  destroyTo(address: string, reason: string): void {
    for (const socket of this.open) {
      if (this.addresses.get(socket) === address) socket.destroy(Object.assign(new Error(reason), { code: 'ETIMEDOUT' }));
    }
  }

  /**
   * Resolves once every open socket has handed its buffered writes to the operating system (which
   * delivers them even if the process exits), or has closed. Polled: 'drain' fires only after a
   * write that overflowed, not for every buffer that empties.
   */
  async flushed(): Promise<void> {
    const pending = () => [...this.open].some((socket) => !socket.destroyed && socket.writableLength > 0);
    while (pending()) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
