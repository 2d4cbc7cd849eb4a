import { connect, type Socket } from 'node:net';

/**
 * A connect to a port nobody holds can, inside the ephemeral range, pick that very port as its own
 * end and connect to itself (TCP simultaneous open): that is not a server answering.
 */
export function connectedToItself(socket: Socket): boolean {
  return socket.localPort === socket.remotePort && socket.localAddress === socket.remoteAddress;
}

/** Whether something accepts a TCP connection on host:port, within timeoutMs. */
export function portAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(!connectedToItself(socket)));
    socket.once('error', () => done(false));
  });
}
