import { describe, expect, it } from 'vitest';
import { type FramedConnection, installResponseBuffers, releaseResponse } from '../../src/kafka/protocol/response-buffers.js';

/** A response frame as Kafka sends it: size, correlation id, payload. */
function frame(correlationId: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeInt32BE(payload.length + 4, 0);
  head.writeInt32BE(correlationId, 4);
  return Buffer.concat([head, payload]);
}

/** Stands in for a kafkajs Connection: `original` records what kafkajs's own framing was given. */
function connection() {
  const fulfilled: Array<{ correlationId: number; payload: Buffer }> = [];
  const original: Buffer[] = [];
  const conn: FramedConnection = {
    processData(data: Buffer) { original.push(data); },
    authHandlers: null,
    bytesBuffered: 0,
    socket: {},
    requestQueue: { fulfillRequest: ({ correlationId, payload }) => fulfilled.push({ correlationId, payload }) },
  };
  installResponseBuffers(conn);
  installResponseBuffers(conn); // idempotent
  return { conn, fulfilled, original };
}

const large = (seed: number) => Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * seed) % 251));

describe('pooled response framing', () => {
  it('reassembles large frames from any chunking, with the next frame in the same chunk', () => {
    const { conn, fulfilled, original } = connection();
    const a = large(7);
    const b = large(13);
    const stream = Buffer.concat([frame(1, a), frame(2, b)]);
    // Odd chunk sizes, one of them spanning the boundary between the two frames.
    for (let at = 0; at < stream.length; at += 65_521) conn.processData(stream.subarray(at, at + 65_521));
    expect(original).toEqual([]);
    expect(fulfilled.map((f) => f.correlationId)).toEqual([1, 2]);
    expect(fulfilled[0]!.payload.equals(a)).toBe(true);
    expect(fulfilled[1]!.payload.equals(b)).toBe(true);
  });

  it('reuses a released buffer, and leaves small frames and authentication to kafkajs', () => {
    const { conn, fulfilled, original } = connection();
    conn.processData(frame(1, large(3)));
    expect(original).toHaveLength(1); // arrived whole: nothing to gather, kafkajs's path copies nothing
    const first = frame(2, large(5));
    conn.processData(first.subarray(0, 1000));
    conn.processData(first.subarray(1000));
    releaseResponse(fulfilled[0]!.payload);
    const second = frame(3, large(11));
    conn.processData(second.subarray(0, 1000));
    conn.processData(second.subarray(1000));
    expect(fulfilled.map((f) => f.correlationId)).toEqual([2, 3]);
    expect(fulfilled[1]!.payload.buffer).toBe(fulfilled[0]!.payload.buffer);
    expect(fulfilled[1]!.payload.equals(large(11))).toBe(true);

    conn.processData(frame(4, Buffer.from('small')).subarray(0, 10)); // small frame: kafkajs's own framing
    conn.authHandlers = {};
    const big = frame(5, large(2)).subarray(0, 1000);
    conn.processData(big); // during authentication: kafkajs's own framing
    expect(original.slice(1).map((d) => d.length)).toEqual([10, 1000]);
    expect(fulfilled).toHaveLength(2);
  });

  it('drops a half-received frame when the connection reconnects', () => {
    const { conn, fulfilled } = connection();
    conn.processData(frame(1, large(3)).subarray(0, 5000));
    conn.socket = {};
    const whole = frame(2, large(17));
    conn.processData(whole.subarray(0, 5000));
    conn.processData(whole.subarray(5000));
    expect(fulfilled.map((f) => f.correlationId)).toEqual([2]);
    expect(fulfilled[0]!.payload.equals(large(17))).toBe(true);
  });
});
