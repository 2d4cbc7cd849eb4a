import { describe, expect, it } from 'vitest';
import { decodeDescribeCluster, describeClusterRequest } from '../../src/kafka/protocol/describe-cluster.js';
import { decodeIncrementalAlterConfigs, incrementalAlterConfigsRequest } from '../../src/kafka/protocol/incremental-alter-configs.js';
import { Reader, Writer } from '../../src/kafka/protocol/wire.js';

describe('wire primitives', () => {
  it('round-trips unsigned varints across byte boundaries', () => {
    for (const value of [0, 1, 127, 128, 255, 16383, 16384, 2 ** 21, 2 ** 28 - 1]) {
      expect(new Reader(new Writer().uvarint(value).toBuffer()).uvarint()).toBe(value);
    }
    expect([...new Writer().uvarint(300).toBuffer()]).toEqual([0xac, 0x02]);
  });

  it('encodes compact strings as length+1 and null as 0', () => {
    expect([...new Writer().compactString('ab').toBuffer()]).toEqual([3, 0x61, 0x62]);
    expect([...new Writer().compactNullableString(null).toBuffer()]).toEqual([0]);
    const r = new Reader(new Writer().compactString('héllo').compactNullableString(null).nullableString(null).string('x').toBuffer());
    expect([r.compactString(), r.compactNullableString(), r.nullableString(), r.string()]).toEqual(['héllo', null, null, 'x']);
    expect(r.remaining).toBe(0);
  });

  it('skips tagged fields it does not know', () => {
    const buffer = Buffer.concat([Buffer.from([2, 0, 2, 0xaa, 0xbb, 5, 1, 0xcc]), new Writer().int32(42).toBuffer()]);
    const r = new Reader(buffer);
    r.skipTags();
    expect(r.int32()).toBe(42);
  });

  it('refuses a response shorter than its fields', () => {
    expect(() => new Reader(Buffer.from([5, 0x61])).compactString()).toThrow(/shorter/);
  });
});

describe('DescribeCluster v0', () => {
  it('opens the body with the empty header tag buffer', () => {
    expect([...describeClusterRequest().body]).toEqual([0, 0, 0]);
  });

  it('decodes brokers, racks and the controller', () => {
    const payload = new Writer()
      .emptyTags().int32(0).int16(0).compactNullableString(null).compactString('cluster-1').int32(2)
      .compactArray([[1, 'h1', 9092, 'rack-a'], [2, 'h2', 9093, null]] as const, (w, [id, host, port, rack]) => {
        w.int32(id).compactString(host).int32(port).compactNullableString(rack).emptyTags();
      })
      .int32(-2147483648).emptyTags().toBuffer();
    expect(decodeDescribeCluster(payload)).toEqual({
      clusterId: 'cluster-1',
      controllerId: 2,
      brokers: [{ nodeId: 1, host: 'h1', port: 9092, rack: 'rack-a' }, { nodeId: 2, host: 'h2', port: 9093, rack: null }],
    });
  });

  it('turns an error code into a Kafka protocol error', () => {
    const payload = new Writer().emptyTags().int32(0).int16(31).compactNullableString('nope').toBuffer();
    expect(() => decodeDescribeCluster(payload)).toThrow(/nope/);
  });
});

describe('IncrementalAlterConfigs v0', () => {
  it('encodes set and delete operations for one resource', () => {
    const { body } = incrementalAlterConfigsRequest([{ resourceType: 2, resourceName: 't', changes: [{ name: 'a', operation: 0, value: '1' }, { name: 'b', operation: 1, value: null }] }], false);
    const r = new Reader(body);
    expect(r.int32()).toBe(1);
    expect([r.int8(), r.string(), r.int32()]).toEqual([2, 't', 2]);
    expect([r.string(), r.int8(), r.nullableString()]).toEqual(['a', 0, '1']);
    expect([r.string(), r.int8(), r.nullableString()]).toEqual(['b', 1, null]);
    expect(r.boolean()).toBe(false);
    expect(r.remaining).toBe(0);
  });

  it('decodes per-resource results', () => {
    const payload = new Writer().int32(0).array([[0, null, 2, 't']] as const, (w, [code, message, type, name]) => {
      w.int16(code).nullableString(message).int8(type).string(name);
    }).toBuffer();
    expect(decodeIncrementalAlterConfigs(payload)).toEqual([{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 't' }]);
  });
});
