import { describe, expect, it } from 'vitest';
import { parseStart } from '../../src/commands/msg/consume.js';
import { assignPartitions } from '../../src/kafka/messages/partition-choice.js';
import { encodeBytes, toMessageRecord } from '../../src/kafka/messages/message.js';
import { parseMessages } from '../../src/cli/message-input.js';

describe('parseMessages', () => {
  it('text: one message per line, flags apply to each, a trailing newline adds nothing', () => {
    const messages = parseMessages('a\r\n\nb\n', 'text', { topic: 't', key: 'k', headers: { h: '1' } });
    expect(messages.map((m) => [m.line, m.value?.toString(), m.key?.toString(), m.headers.h])).toEqual([[1, 'a', 'k', '1'], [2, '', 'k', '1'], [3, 'b', 'k', '1']]);
  });

  it('text from bytes: the same lines as from a string, bytes kept exactly (no UTF-8 round trip)', () => {
    const defaults = { topic: 't', key: 'k', headers: { h: '1' } };
    const shape = (input: string | Buffer) => parseMessages(input, 'text', defaults).map((m) => [m.line, m.value?.toString('hex'), m.key?.toString(), m.headers.h]);
    for (const text of ['a\r\n\nb\n', 'a\nb', '\n', '', 'é\r\n\r\n']) expect(shape(Buffer.from(text))).toEqual(shape(text));
    const [binary] = parseMessages(Buffer.from([0xff, 0xfe, 0x0d, 0x0a]), 'text', defaults);
    expect(binary!.value).toEqual(Buffer.from([0xff, 0xfe]));
  });

  it('ndjson: lines override flags; base64 values and consumed records (with offset) are accepted', () => {
    const [first, second] = parseMessages('{"topic":"x","key":"k1","value":"v","headers":{"a":"b"},"partition":2,"timestamp":"2026-01-01T00:00:00Z"}\n{"value":"//4A","valueEncoding":"base64","offset":7}\n', 'ndjson', { topic: 't', headers: { a: 'flag', c: 'd' } });
    expect(first).toMatchObject({ line: 1, topic: 'x', partition: 2, timestamp: Date.parse('2026-01-01T00:00:00Z'), headers: { a: 'b', c: 'd' } });
    expect(second!.topic).toBe('t');
    expect(second!.value).toEqual(Buffer.from([0xff, 0xfe, 0x00]));
    expect(second!.key).toBeNull();
  });

  it.each([
    ['{"value":"a"}\n{oops}\n', 'invalid NDJSON on line 2'],
    ['[1]\n', 'line 1: not a JSON object'],
    ['{"value":"a","colour":"red"}\n', 'unknown field "colour"'],
    ['{"value":"a","partition":-1}\n', '"partition" must be a whole number'],
    ['{"value":"%%","valueEncoding":"base64"}\n', 'is not valid base64'],
    ['{"value":"a","timestamp":"soon"}\n', 'neither epoch milliseconds nor an ISO-8601 time'],
  ])('rejects %j with the line number', (input, message) => {
    expect(() => parseMessages(input, 'ndjson', { topic: 't', headers: {} })).toThrow(message);
  });

  it('a line without a topic is an error when there is no --topic', () => {
    expect(() => parseMessages('{"value":"a"}\n', 'ndjson', { headers: {} })).toThrow('line 1 names no topic');
  });
});

describe('assignPartitions', () => {
  const topics = new Map([['t', [0, 1, 2, 3, 4, 5].map((partition) => ({ partition, leader: partition % 3 }))]]);
  const racks = new Map([[0, 'rack-a'], [1, 'rack-b'], [2, 'rack-c']]);
  const keyless = (n: number) => parseMessages(`${'x\n'.repeat(n)}`, 'text', { topic: 't', headers: {} });

  it('a key keeps its murmur2 partition even with a preferred rack (integration tests compare it with the Java client)', () => {
    const messages = parseMessages('{"key":"a","value":"1"}\n{"key":"a","value":"2"}\n', 'ndjson', { topic: 't', headers: {} });
    assignPartitions(messages, { topics, brokerRacks: racks, preferRack: 'rack-b' });
    expect(messages[0]!.partition).toBe(messages[1]!.partition);
  });

  it('keyless messages go round-robin over the preferred rack\'s partitions, else everywhere with a note', () => {
    const messages = keyless(12);
    expect(assignPartitions(messages, { topics, brokerRacks: racks, preferRack: 'rack-b' }).notes).toEqual([]);
    expect(new Set(messages.map((m) => m.partition))).toEqual(new Set([1, 4]));
    const elsewhere = keyless(12);
    const plan = assignPartitions(elsewhere, { topics, brokerRacks: racks, preferRack: 'rack-z' });
    expect(plan.notes[0]).toContain('no partition of "t" has its leader in rack "rack-z"');
    expect(new Set(elsewhere.map((m) => m.partition)).size).toBe(6);
  });

  it('an explicit partition out of range is a usage error naming the line', () => {
    const messages = parseMessages('x\n', 'text', { topic: 't', headers: {}, partition: 6 });
    expect(() => assignPartitions(messages, { topics, brokerRacks: racks })).toThrow('partition 6 (line 1) is out of range: topic "t" has 6 partitions (0-5)');
  });
});

describe('records', () => {
  it('shows UTF-8 as text and anything else as base64, saying which', () => {
    expect(encodeBytes(Buffer.from('héllo'))).toEqual({ data: 'héllo', encoding: 'text' });
    expect(encodeBytes(Buffer.from([0xc3]))).toEqual({ data: 'ww==', encoding: 'base64' });
    expect(encodeBytes(Buffer.from('{"a":1}'), 'json')).toEqual({ data: { a: 1 }, encoding: 'json' });
    expect(encodeBytes(Buffer.from('not json'), 'json')).toEqual({ data: 'not json', encoding: 'text' });
    expect(encodeBytes(null)).toEqual({ data: null, encoding: null });
  });

  it('builds the shared NDJSON record shape', () => {
    const record = toMessageRecord('t', 1, { offset: '5', timestamp: '0', key: null, value: Buffer.from('v'), headers: { h: Buffer.from([0xff]), m: [Buffer.from('a'), Buffer.from('b')] } });
    expect(record).toEqual({
      topic: 't', partition: 1, offset: 5, timestamp: '1970-01-01T00:00:00.000Z', key: null, keyEncoding: null, value: 'v', valueEncoding: 'text',
      headers: { h: 'base64:/w==', m: ['a', 'b'] }, headerEncodings: { h: 'base64' },
    });
    // All text: no encodings (null, not missing); a header without a value is null.
    const text = toMessageRecord('t', 0, { offset: 0, key: null, value: null, headers: { a: 'x', n: null } });
    expect([text.headers, text.headerEncodings]).toEqual([{ a: 'x', n: null }, null]);
  });

  it('headers survive a consumed record sent again: binary, repeated, and text that looks like base64', () => {
    // fromEntries: "__proto__" as a header name, not an object literal's prototype.
    const headers = Object.fromEntries([
      ['bin', Buffer.from([0xff, 0x00])],
      ['rep', [Buffer.from('a'), Buffer.from([0xfe]), Buffer.from('c')]],
      ['looks', Buffer.from('base64:aGk=')],
      ['__proto__', Buffer.from([0x80])],
    ]);
    const record = toMessageRecord('t', 0, { offset: 0, key: null, value: Buffer.from('v'), headers });
    expect(JSON.parse(JSON.stringify(record.headerEncodings))).toEqual(JSON.parse('{"bin":"base64","rep":"base64","__proto__":"base64"}'));
    const [again] = parseMessages(`${JSON.stringify(record)}\n`, 'ndjson', { headers: {} });
    expect(Object.entries(again!.headers)).toEqual([
      ['bin', Buffer.from([0xff, 0x00])], ['rep', [Buffer.from('a'), Buffer.from([0xfe]), Buffer.from('c')]], ['looks', 'base64:aGk='], ['__proto__', Buffer.from([0x80])],
    ]);
  });

  it.each([
    ['{"value":"a","headers":{"h":null}}', 'header "h" has no value'],
    ['{"value":"a","headers":{"h":1}}', 'header "h" must be a string'],
    ['{"value":"a","headers":{"h":"%%"},"headerEncodings":{"h":"base64"}}', 'header "h" is not valid base64'],
    ['{"value":"a","headers":{"h":"x"},"headerEncodings":{"g":"base64"}}', 'names header "g"'],
    ['{"value":"a","headers":{"h":"x"},"headerEncodings":{"h":"hex"}}', 'header "h" has encoding "hex"'],
    ['{"value":"a","headers":{"h":"x"},"headerEncodings":["h"]}', '"headerEncodings" must be an object'],
  ])('refuses the headers of %j', (line, message) => {
    expect(() => parseMessages(`${line}\n`, 'ndjson', { topic: 't', headers: {} })).toThrow(message);
  });
});

describe('parseStart', () => {
  const now = Date.parse('2026-01-02T00:00:00Z');
  it.each([
    [undefined, 'end'], ['beginning', 'beginning'], ['end', 'end'],
    ['2026-01-01T00:00:00Z', { timestamp: Date.parse('2026-01-01T00:00:00Z') }],
    ['1767225600000', { timestamp: 1767225600000 }],
    ['2h', { timestamp: now - 2 * 3600_000 }],
  ])('%s → %j', (value, expected) => expect(parseStart(value, now)).toEqual(expected));
  it('rejects anything else', () => expect(() => parseStart('yesterday', now)).toThrow('--from "yesterday" is not a position'));
});
