import { connect, type Socket } from 'node:net';

/** How long the bootstrap probe waits for a first answer before keeping the order as given. */
const PROBE_MS = 3000;
/** How long one probe's answer stands for a client: brokers die and come back, but not every second. */
const REUSE_MS = 30_000;

/**
 * responsiveFirst for one client: kafkajs asks for the list each time one of its clusters (the
 * admin, each producer and consumer) connects; a worker that creates producers often (the router,
 * one per source partition) would probe every time. One answer serves REUSE_MS.
 */
export function bootstrapOrder(brokers: string[], options: { tls: boolean; timeoutMs: number }, now = Date.now): () => Promise<string[]> {
  let cached: { order: Promise<string[]>; at: number } | undefined;
  return () => {
    if (!cached || now() - cached.at > REUSE_MS) cached = { order: responsiveFirst(brokers, options), at: now() };
    return cached.order;
  };
}

/**
 * The bootstrap list with a broker that answers first. kafkajs connects to the first address and
 * treats a frozen broker there (TCP accepted, no answer) as the cluster, while Kafka's own clients
 * move on to the next address. Every address gets a plain ApiVersions request (brokers answer it
 * before authentication) at once; the first to answer leads, the others follow in their order.
 * One address, or TLS (the probe speaks plain TCP), keeps the list as it is.
 */
export async function responsiveFirst(brokers: string[], options: { tls: boolean; timeoutMs: number }): Promise<string[]> {
  if (brokers.length < 2 || options.tls) return brokers;
  const sockets: Socket[] = [];
  const first = await new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), Math.min(PROBE_MS, Math.max(options.timeoutMs / 3, 100)));
    let pending = brokers.length;
    for (const address of brokers) {
      const colon = address.lastIndexOf(':');
      const socket = connect({ host: address.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(address.slice(colon + 1)) });
      sockets.push(socket);
      const miss = () => {
        if (--pending === 0) {
          clearTimeout(timer);
          resolve(undefined);
        }
      };
      socket.once('connect', () => socket.write(apiVersionsRequest()));
      socket.once('data', () => {
        clearTimeout(timer);
        resolve(address);
      });
      socket.once('error', miss);
      socket.once('close', () => undefined);
    }
  });
  for (const socket of sockets) socket.destroy();
  return first === undefined ? brokers : [first, ...brokers.filter((b) => b !== first)];
}

/** ApiVersions v0: size, api key 18, version 0, correlation id, client id. */
function apiVersionsRequest(): Buffer {
  const clientId = Buffer.from('sofakafka-probe');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
  body.writeInt16BE(18, 0);
  body.writeInt16BE(0, 2);
  body.writeInt32BE(1, 4);
  body.writeInt16BE(clientId.length, 8);
  clientId.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}
