import { createServer } from 'node:net';

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * A base port with `count` free consecutive ports after it, picked at random to avoid collisions
 * between runs. Below Linux's ephemeral range (32768-60999): a port in it can be taken, between
 * this check and the broker's bind, by the local end of any outgoing connection on the machine.
 */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 12000 + Math.floor(Math.random() * (32000 - 12000 - count));
    const checks = await Promise.all(Array.from({ length: count }, (_, i) => isFree(base + i)));
    if (checks.every(Boolean)) return base;
  }
  throw new Error('no free port range found');
}
