import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from '../../src/kafka/messages/partitioner.js';

const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (key: Buffer | string) => number;

describe('murmur2 partitioner', () => {
  it('matches the Java client (Kafka UtilsTest vectors)', () => {
    const cases: Array<[string, number]> = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of cases) expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  it('agrees with kafkajs\'s DefaultPartitioner hash on every tail length and on non-ASCII keys', () => {
    for (const key of ['', 'a', 'ab', 'abc', 'abcd', 'user-42', 'ключ-7', '订单-2026', 'x'.repeat(1001)]) {
      expect(murmur2(Buffer.from(key))).toBe(kafkajsMurmur2(Buffer.from(key)));
    }
    for (let i = 0; i < 2000; i++) expect(murmur2(Buffer.from(`user-${i}`))).toBe(kafkajsMurmur2(`user-${i}`));
  });

  it('maps a key to toPositive(hash) % partitions', () => {
    expect(partitionForKey('21', 12)).toBe((-973932308 & 0x7fffffff) % 12);
    expect(partitionForKey('anything', 1)).toBe(0);
    expect(partitionForKey(Buffer.from('foobar'), 7)).toBe(partitionForKey('foobar', 7));
  });
});
