import { join } from 'node:path';

export interface NodeLayout {
  id: number;
  clientPort: number;
  controllerPort: number;
  /** The SASL_SSL listener, only on clusters started with --tls. */
  tlsPort?: number;
  rack: string;
  dir: string;
}

/**
 * Where each node listens and keeps its files. Client ports come first and are consecutive
 * (basePort, basePort+1, ...) so the bootstrap list is easy to type; controller ports follow,
 * then (with --tls) the TLS listeners, so a plain cluster's ports are the same with or without it.
 */
export function layoutNodes(brokers: number, basePort: number, dataDir: string, options: { tls?: boolean } = {}): NodeLayout[] {
  return Array.from({ length: brokers }, (_, index) => ({
    id: index + 1,
    clientPort: basePort + index,
    controllerPort: basePort + brokers + index,
    ...(options.tls ? { tlsPort: basePort + 2 * brokers + index } : {}),
    rack: `rack-${String.fromCharCode(97 + index)}`,
    dir: join(dataDir, `node-${index + 1}`),
  }));
}

export const bootstrapServers = (nodes: NodeLayout[]) => nodes.map((node) => `127.0.0.1:${node.clientPort}`);
export const tlsBootstrapServers = (nodes: NodeLayout[]) => nodes.flatMap((node) => (node.tlsPort ? [`127.0.0.1:${node.tlsPort}`] : []));
export const allPorts = (nodes: NodeLayout[]) =>
  nodes.flatMap((node) => [node.clientPort, node.controllerPort, ...(node.tlsPort ? [node.tlsPort] : [])]);
