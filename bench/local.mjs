#!/usr/bin/env node
// `local up` to ready with cached jars, and broker memory, for 1 and 3 brokers.
import { setTimeout as sleep } from 'node:timers/promises';
import { report, rssMb, startCluster } from './lib.mjs';

const rows = [];
for (const brokers of [1, 3]) {
  await startCluster({ brokers }).then((warm) => warm.stop()); // make sure the jars are cached
  const cluster = await startCluster({ brokers });
  try {
    await sleep(5000); // let start-up garbage settle before reading memory
    const rss = cluster.state.nodes.map((node) => rssMb(node.pid));
    rows.push(
      { what: `local up, ${brokers} broker${brokers > 1 ? 's' : ''}: to ready`, value: `${(cluster.wallMs / 1000).toFixed(1)} s`, target: brokers === 1 ? '<= 10 s' : undefined, ok: cluster.wallMs <= 10_000 },
      { what: `local up, ${brokers} broker${brokers > 1 ? 's' : ''}: RSS per broker`, value: `${rss.join(', ')} MB`, target: '<= 600 MB', ok: rss.every((mb) => mb <= 600) },
    );
  } finally {
    cluster.stop();
  }
}
report('local', rows);
