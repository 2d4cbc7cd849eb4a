/**
 * Reused receive buffers for large responses (Fetch) on one kafkajs connection.
 *
 * kafkajs 2.2.4 collects a response's socket chunks and Buffer.concat()s them into a fresh buffer.
 * For a 4 MiB Fetch response that is 4 MiB of never-touched memory per response, and on this kind
 * of machine the page faults cost more than the copy: a 1M-message scan spent ~300 ms of its
 * ~1.2 s CPU in that concat. Here a large frame is copied chunk by chunk, as it arrives, into a
 * buffer that the reader hands back (`releaseResponse`) once it has decoded the response, so the
 * same few buffers serve the whole scan. Small frames, and everything during authentication, go
 * through kafkajs's own code unchanged.
 */

/** The parts of kafkajs's internal Connection this touches. */
export interface FramedConnection {
  processData(data: Buffer): void;
  authHandlers: unknown;
  bytesBuffered: number;
  socket: unknown;
  requestQueue: { fulfillRequest(response: { size: number; correlationId: number; payload: Buffer }): void };
}

/** Frames at least this large get a reused buffer. */
const LARGE_FRAME = 256 * 1024;
const MiB = 1024 * 1024;
/** Free buffers kept per connection: one being decoded, one being received, one spare. */
const KEEP_FREE = 3;

interface Pool {
  free: Buffer[];
}

const installed = new WeakSet<object>();
const owners = new WeakMap<ArrayBuffer, Pool>();

export function installResponseBuffers(connection: FramedConnection): void {
  if (installed.has(connection)) return;
  installed.add(connection);
  const original = connection.processData;
  const pool: Pool = { free: [] };
  let frame: Buffer | null = null;
  let size = 0;
  let filled = 0;
  let socket: unknown = null;

  connection.processData = function processData(this: FramedConnection, data: Buffer): void {
    if (frame !== null && this.socket !== socket) frame = null; // reconnected mid-frame: that response is gone
    if (frame === null) {
      // Start a pooled frame only where kafkajs holds nothing half-read and is not authenticating.
      if (this.authHandlers || this.bytesBuffered !== 0 || data.length < 8) return original.call(this, data);
      const frameSize = data.readInt32BE(0);
      if (frameSize < LARGE_FRAME || data.length >= 4 + frameSize) return original.call(this, data);
      frame = take(pool, frameSize);
      size = frameSize;
      filled = 0;
      socket = this.socket;
      data = data.subarray(4);
    }
    const copied = Math.min(data.length, size - filled);
    data.copy(frame, filled, 0, copied);
    filled += copied;
    if (filled < size) return;
    const done = frame;
    frame = null;
    this.requestQueue.fulfillRequest({ size, correlationId: done.readInt32BE(0), payload: done.subarray(4, size) });
    if (copied < data.length) this.processData(data.subarray(copied));
  };
}

function take(pool: Pool, size: number): Buffer {
  const index = pool.free.findIndex((b) => b.length >= size);
  if (index >= 0) return pool.free.splice(index, 1)[0]!;
  const buffer = Buffer.allocUnsafeSlow(Math.ceil(size / MiB) * MiB);
  owners.set(buffer.buffer as ArrayBuffer, pool);
  return buffer;
}

/**
 * Gives a response's buffer back for reuse. Only after every view into it is dropped: the bytes
 * are overwritten by a later response. Payloads that are not pooled are left alone.
 */
export function releaseResponse(payload: Buffer): void {
  const pool = owners.get(payload.buffer as ArrayBuffer);
  if (!pool) return;
  const buffer = Buffer.from(payload.buffer, 0, payload.buffer.byteLength);
  if (pool.free.some((b) => b.buffer === buffer.buffer)) return;
  pool.free.push(buffer);
  if (pool.free.length > KEEP_FREE) pool.free.sort((a, b) => b.length - a.length).length = KEEP_FREE;
}
