import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapOrder } from '../../src/kafka/bootstrap-order.js';

// Two local TCP servers stand in for brokers: one answers any request at once, one never answers
// (a frozen broker). Each counts the probes it sees.
const servers: Server[] = [];
async function fakeBroker(answers: boolean): Promise<{ address: string; probes: () => number }> {
  let probes = 0;
  const server = createServer((socket) => {
    probes++;
    socket.on('data', () => answers && socket.write(Buffer.alloc(8)));
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { address: `127.0.0.1:${port}`, probes: () => probes };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('bootstrapOrder: one probe serves a client for a while', () => {
  it('puts the broker that answers first, probes once for many connects, and again after 30 s', async () => {
    const [frozen, live] = [await fakeBroker(false), await fakeBroker(true)];
    let clock = 1_000_000;
    const order = bootstrapOrder([frozen.address, live.address], { tls: undefined, timeoutMs: 5000 }, () => clock);
    expect(await order()).toEqual([live.address, frozen.address]);
    for (let i = 0; i < 5; i++) expect(await order()).toEqual([live.address, frozen.address]);
    expect([frozen.probes(), live.probes()]).toEqual([1, 1]);
    clock += 31_000;
    await order();
    expect([frozen.probes(), live.probes()]).toEqual([2, 2]);
  });
});
