import { connect, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectedToItself, portAnswers } from '../../src/local/ports.js';

const listening = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
const closed = (server: Server) => new Promise((resolve) => server.close(resolve));

describe('portAnswers', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(closed));
  });

  it('is true for a listener and false once it is gone', async () => {
    const server = createServer((socket) => socket.destroy());
    servers.push(server);
    const port = await listening(server);
    expect(await portAnswers('127.0.0.1', port)).toBe(true);
    await closed(servers.pop()!);
    expect(await portAnswers('127.0.0.1', port)).toBe(false);
  });

  // The kernel picks the local port of portAnswers's own socket, so the self-connect is made here on
  // purpose: a socket bound to the port it dials, with nobody listening, connects to itself.
  it('a socket connected to itself is not a server answering', async () => {
    const server = createServer();
    const port = await listening(server);
    await closed(server);
    const socket = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.1', localPort: port });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      });
      expect(connectedToItself(socket)).toBe(true);
    } finally {
      socket.destroy();
    }
  });

  it('a connection to a real listener is not connected to itself', async () => {
    const server = createServer((s) => s.on('error', () => {}));
    servers.push(server);
    const port = await listening(server);
    const socket = connect({ host: '127.0.0.1', port });
    try {
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      expect(connectedToItself(socket)).toBe(false);
    } finally {
      socket.destroy();
    }
  });
});
