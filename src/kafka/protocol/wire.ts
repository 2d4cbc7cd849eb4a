/**
 * Kafka's wire primitives for the requests kafkajs lacks. Written here rather than borrowed from
 * kafkajs, whose tagged-field helpers are buggy (see ../shared/KAFKA-NOTES.md). Big-endian, as the
 * protocol says; "compact" types are the flexible-version encodings (length+1 as an unsigned varint).
 */
export class Writer {
  private chunks: Buffer[] = [];

  int8(value: number): this {
    const b = Buffer.alloc(1);
    b.writeInt8(value);
    return this.push(b);
  }

  int16(value: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(value);
    return this.push(b);
  }

  int32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(value);
    return this.push(b);
  }

  int64(value: bigint | number): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(value));
    return this.push(b);
  }

  boolean(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  uvarint(value: number): this {
    const bytes: number[] = [];
    let v = value >>> 0;
    while (v >= 0x80) {
      bytes.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    bytes.push(v);
    return this.push(Buffer.from(bytes));
  }

  string(value: string): this {
    const b = Buffer.from(value, 'utf8');
    return this.int16(b.length).push(b);
  }

  nullableString(value: string | null): this {
    return value === null ? this.int16(-1) : this.string(value);
  }

  compactString(value: string): this {
    const b = Buffer.from(value, 'utf8');
    return this.uvarint(b.length + 1).push(b);
  }

  compactNullableString(value: string | null): this {
    return value === null ? this.uvarint(0) : this.compactString(value);
  }

  bytes(value: Buffer): this {
    return this.int32(value.length).push(value);
  }

  compactBytes(value: Buffer): this {
    return this.uvarint(value.length + 1).push(value);
  }

  array<T>(items: T[], write: (writer: this, item: T) => void): this {
    this.int32(items.length);
    for (const item of items) write(this, item);
    return this;
  }

  compactArray<T>(items: T[], write: (writer: this, item: T) => void): this {
    this.uvarint(items.length + 1);
    for (const item of items) write(this, item);
    return this;
  }

  /** An empty tagged-field section: we never send tagged fields. */
  emptyTags(): this {
    return this.uvarint(0);
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }

  private push(b: Buffer): this {
    this.chunks.push(b);
    return this;
  }
}

export class Reader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  int8(): number {
    const v = this.buffer.readInt8(this.offset);
    this.offset += 1;
    return v;
  }

  int16(): number {
    const v = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    const v = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  int64(): bigint {
    const v = this.buffer.readBigInt64BE(this.offset);
    this.offset += 8;
    return v;
  }

  boolean(): boolean {
    return this.int8() !== 0;
  }

  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buffer.readUInt8(this.offset++);
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 28) throw new Error('unsigned varint too long');
    }
  }

  string(): string {
    const value = this.nullableString();
    if (value === null) throw new Error('unexpected null string');
    return value;
  }

  nullableString(): string | null {
    const length = this.int16();
    return length < 0 ? null : this.take(length).toString('utf8');
  }

  compactString(): string {
    const value = this.compactNullableString();
    if (value === null) throw new Error('unexpected null compact string');
    return value;
  }

  compactNullableString(): string | null {
    const length = this.uvarint() - 1;
    return length < 0 ? null : this.take(length).toString('utf8');
  }

  bytes(): Buffer | null {
    const length = this.int32();
    return length < 0 ? null : this.take(length);
  }

  compactBytes(): Buffer | null {
    const length = this.uvarint() - 1;
    return length < 0 ? null : this.take(length);
  }

  array<T>(read: (reader: this) => T): T[] {
    const length = this.int32();
    return Array.from({ length: Math.max(length, 0) }, () => read(this));
  }

  compactArray<T>(read: (reader: this) => T): T[] {
    const length = this.uvarint() - 1;
    return Array.from({ length: Math.max(length, 0) }, () => read(this));
  }

  /** Skips a tagged-field section; we read no optional tags. */
  skipTags(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint(); // tag
      const size = this.uvarint();
      this.offset += size;
    }
  }

  get remaining(): number {
    return this.buffer.length - this.offset;
  }

  private take(length: number): Buffer {
    if (this.offset + length > this.buffer.length) throw new Error('response is shorter than its fields say');
    const slice = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
}
