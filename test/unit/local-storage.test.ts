import { describe, expect, it } from 'vitest';
import { metaPropertiesFor } from '../../src/local/storage.js';

// What Kafka 4.3's storage tool wrote for node 1 (3.9.1 writes the same keys).
const node1 = `#
#Mon Nov 30 10:01:51 UTC 2026
node.id=1
directory.id=O0q9K8jvBZ2H_m3j7Hpt-g
version=1
cluster.id=EumVQY0BZUE5y2j-sN5jPA
`;

describe("another node's meta.properties from node 1's", () => {
  it('changes the node id and the log folder id, and keeps the cluster id and version', () => {
    const node3 = metaPropertiesFor(node1, 3);
    expect(node3).toMatch(/^node\.id=3$/m);
    expect(node3).toMatch(/^cluster\.id=EumVQY0BZUE5y2j-sN5jPA$/m);
    expect(node3).toMatch(/^version=1$/m);
    const id = /^directory\.id=(.*)$/m.exec(node3)![1]!;
    expect(id).not.toBe('O0q9K8jvBZ2H_m3j7Hpt-g');
    expect(node3.replace(/^(node|directory)\.id=.*$/gm, '')).toBe(node1.replace(/^(node|directory)\.id=.*$/gm, ''));
  });

  it('gives each node a directory id that Kafka accepts: 16 bytes, URL-safe base64, not reserved, no leading "-"', () => {
    const ids = new Set(Array.from({ length: 200 }, (_, i) => /^directory\.id=(.*)$/m.exec(metaPropertiesFor(node1, i + 2))![1]!));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(id.startsWith('-')).toBe(false);
      expect(Buffer.from(id, 'base64url').readBigUInt64BE(0)).toBeGreaterThan(0n); // Kafka reserves ids with zero high bits
    }
  });
});
