import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDurationMs } from '../../src/cli/duration.js';
import { parseMessages, parseTimestamp } from '../../src/cli/message-input.js';
import { parseCount, parseKeyValues, validateTopicName } from '../../src/cli/parse.js';
import { parseTimeArg } from '../../src/cli/time.js';
import {
  parseOperation, parseOperations, parsePatternType, parseResourceType, resourcesFromFlags,
} from '../../src/commands/acl/flags.js';
import { parseStart } from '../../src/commands/msg/consume.js';
import { parseLocator } from '../../src/commands/msg/locator.js';
import { checkTimeRange, parseHeaderFilters, parseOffsetSpec } from '../../src/commands/msg/query-flags.js';
import { parseOffsetsFile, parseTopicSelection } from '../../src/commands/offset/reset-input.js';
import { parseIterations, parseMechanisms } from '../../src/commands/user/mechanisms.js';
import { validateUserName } from '../../src/commands/user/new-password.js';
import { parseMechanism, splitBrokers } from '../../src/config/connection.js';
import { validateConfig, validateContextName } from '../../src/config/contexts.js';
import { parseJaasCredentials, parseProperties } from '../../src/config/properties.js';
import { CliError, type ErrorKind } from '../../src/errors.js';
import { validateUnitPart } from '../../src/kafka/ldc/naming.js';
import { topicIn, unitScopeFrom } from '../../src/cli/unit-flags.js';
import { validateHost, validatePrincipal } from '../../src/kafka/security/acl-bindings.js';
import { parseBrokerCount, parsePort } from '../../src/local/options.js';
import { parseKafkaVersion } from '../../src/local/versions.js';

/**
 * Hostile input never crashes: for ANY input a parser returns a valid value or throws a CliError of
 * the documented kind (usage). A TypeError, a RangeError, a hang or a value that later code chokes
 * on (NaN, 1e20 as a partition, a date Date cannot print) is a bug in the parser.
 */

const RUNS = { numRuns: 300 };
const INT32_MAX = 2 ** 31 - 1;
/** The largest time Date can represent; anything further cannot be printed as ISO-8601. */
const MAX_DATE_MS = 8.64e15;

/** Runs `parse`; a throw must be a CliError of `kinds` with a message, a return must pass `valid`. */
function returnsValidOrRefuses<T>(parse: () => T, valid: (value: T) => boolean | void, kinds: ErrorKind[] = ['usage']): void {
  let value: T;
  try {
    value = parse();
  } catch (error) {
    if (!(error instanceof CliError)) throw new Error(`expected a CliError, got ${String(error)}`, { cause: error });
    expect(kinds).toContain(error.kind);
    expect(error.message.length).toBeGreaterThan(0);
    return;
  }
  const ok = valid(value);
  if (ok === false) throw new Error(`returned an invalid value: ${JSON.stringify(value)}`);
}

/** Any text: printable ASCII, all of Unicode (lone surrogates included), and near-miss shapes of the real syntax. */
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom(...'0123456789.:-+, =TZ\\\n\t"\'hmsdµ'.split('')) }),
  fc.stringMatching(/^-?\d{1,30}(\.\d{0,5})?(ms|s|m|h|d|w|y|e\d{1,4})?( ago)?$/),
  fc.stringMatching(/^\d{1,6}-\d{1,3}-\d{1,3}(T\d{1,3}:\d{1,3}(:\d{1,3}(\.\d{1,12})?)?)?(Z|[+-]\d{1,3}(:?\d{1,3})?)?$/),
);
const validTime = (ms: number) => Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS && !Number.isNaN(new Date(ms).getTime());

describe('hostile input: durations and times', () => {
  it('parseDurationMs: a finite, non-negative duration that a Date can hold, or a usage error', () => {
    fc.assert(fc.property(anyText, fc.constantFrom<'ms' | 's'>('ms', 's'), (text, unit) => {
      returnsValidOrRefuses(() => parseDurationMs(text, '--timeout', unit), (ms) => Number.isFinite(ms) && ms >= 0 && ms <= MAX_DATE_MS);
    }), RUNS);
  });

  it('parseTimeArg: a time Date can print (toISOString), or a usage error', () => {
    fc.assert(fc.property(anyText, (text) => {
      returnsValidOrRefuses(() => parseTimeArg(text, '--since', 1_767_225_600_000), (ms) => validTime(ms) && new Date(ms).toISOString().length > 0);
    }), RUNS);
  });

  it('huge epoch milliseconds and durations are refused, not carried into a RangeError', () => {
    expect(() => parseTimeArg('99999999999999999999', '--since')).toThrow(CliError);
    expect(() => parseTimeArg('-9999999999999d', '--since')).toThrow(CliError);
    expect(() => parseDurationMs('9999999999999999d', '--by-duration')).toThrow(CliError);
    expect(() => checkTimeRange(parseTimeArg('8640000000000000', '--since'), 0)).toThrow(CliError);
  });

  it('parseStart (msg consume --from) and checkTimeRange (msg query --since/--until)', () => {
    fc.assert(fc.property(anyText, anyText, (since, until) => {
      returnsValidOrRefuses(() => parseStart(since, 1_767_225_600_000), (start) => typeof start === 'string' || validTime(start.timestamp));
      returnsValidOrRefuses(() => checkTimeRange(parseTimeArg(since, '--since'), parseTimeArg(until, '--until')), () => true);
    }), RUNS);
  });

  it('parseTimestamp (--timestamp, an NDJSON "timestamp"): epoch milliseconds Date can hold', () => {
    fc.assert(fc.property(fc.oneof(anyText, fc.jsonValue(), fc.double(), fc.integer()), (value) => {
      returnsValidOrRefuses(() => parseTimestamp(value, '--timestamp'), (ms) => Number.isSafeInteger(ms) && ms >= 0 && validTime(ms));
    }), RUNS);
  });

  it('an NDJSON timestamp that is an object without a callable toString is refused, not a TypeError (found by fast-check)', () => {
    expect(() => parseTimestamp({ toString: false }, 'line 1')).toThrow(CliError);
  });
});

describe('hostile input: numbers, names and key=value flags', () => {
  it('parseCount: a safe whole number within its bounds, or a usage error', () => {
    fc.assert(fc.property(anyText, fc.integer({ min: 0, max: 2 }), fc.option(fc.integer({ min: 1, max: INT32_MAX })), (text, min, max) => {
      returnsValidOrRefuses(() => parseCount(text, '--count', { min, ...(max === null ? {} : { max }) }),
        (n) => Number.isSafeInteger(n) && n >= min && (max === null || n <= max) && !Object.is(n, -0));
    }), RUNS);
  });

  it('a partition number is an int32: --partition 99999999999 is refused before kafkajs writes it', () => {
    expect(() => parseLocator({ topic: 't', partition: '99999999999', offset: '0' }, undefined)).toThrow(CliError);
    fc.assert(fc.property(anyText, anyText, anyText, fc.option(anyText), (topic, partition, offset, msgId) => {
      returnsValidOrRefuses(() => parseLocator({ topic, partition, offset, ...(msgId === null ? {} : { msgId }) }, undefined), (locator) => {
        if ('partition' in locator) return locator.partition <= INT32_MAX && Number.isSafeInteger(locator.offset);
        return typeof locator.msgId === 'string';
      });
    }), RUNS);
  });

  it('parseKeyValues (-c, -H): every KEY=VALUE kept, keys non-empty, nothing dropped (not even __proto__)', () => {
    const item = fc.oneof(anyText, fc.tuple(fc.oneof(anyText, fc.constantFrom('__proto__', 'constructor', 'toString')), anyText).map(([k, v]) => `${k}=${v}`));
    fc.assert(fc.property(fc.array(item, { maxLength: 6 }), (items) => {
      returnsValidOrRefuses(() => parseKeyValues(items, '-c', 'k=v'), (result) => {
        const expected = new Map(items.map((i) => [i.slice(0, i.indexOf('=')).trim(), i.slice(i.indexOf('=') + 1)]));
        expect(Object.keys(result).sort()).toEqual([...expected.keys()].sort());
        for (const [key, value] of expected) {
          expect(key).not.toBe('');
          expect(Object.getOwnPropertyDescriptor(result, key)?.value).toBe(value);
        }
      });
    }), RUNS);
  });

  it('topic, user, context, principal, host names: valid ones pass, the rest are usage errors', () => {
    const names = fc.oneof(anyText, fc.stringMatching(/^[a-zA-Z0-9._-]{240,260}$/), fc.constantFrom('.', '..', '', '__proto__'));
    fc.assert(fc.property(names, (name) => {
      returnsValidOrRefuses(() => validateTopicName(name), () => /^[a-zA-Z0-9._-]{1,249}$/.test(name) && name !== '.' && name !== '..');
      returnsValidOrRefuses(() => validateContextName(name), (n) => /^[A-Za-z0-9._-]{1,100}$/.test(n));
      returnsValidOrRefuses(() => validateUserName(name), (n) => n.length > 0 && !/\s/.test(n));
      returnsValidOrRefuses(() => validatePrincipal(name), (p) => p.startsWith('User:'));
      returnsValidOrRefuses(() => validateHost(name), (h) => h.length > 0);
      returnsValidOrRefuses(() => splitBrokers(name), (brokers) => brokers.every((b) => /:\d{1,5}$/.test(b)));
      returnsValidOrRefuses(() => parseMechanism(name), (m) => ['plain', 'scram-sha-256', 'scram-sha-512'].includes(m));
      returnsValidOrRefuses(() => parseKafkaVersion(name), (v) => /^\d+\.\d+\.\d+$/.test(v));
      returnsValidOrRefuses(() => parseBrokerCount(name), (n) => n >= 1 && n <= 5);
      returnsValidOrRefuses(() => parsePort(name, 3), (p) => p >= 1024 && p <= 65535);
      returnsValidOrRefuses(() => parseMechanisms([name]), (list) => list === undefined || list.length > 0);
      returnsValidOrRefuses(() => parseIterations(name), (n) => n === undefined || Number.isSafeInteger(n));
      returnsValidOrRefuses(() => validateUnitPart(name, 'cell'), (part) => part.length > 0 && !part.includes('.'));
      returnsValidOrRefuses(() => topicIn({ ns: 'ns', cell: 'c1' }, name), (physical) => physical.length <= 249);
    }), RUNS);
    expect(() => parseMechanisms([''])).toThrow(CliError);
    expect(() => parseMechanisms([','])).toThrow(CliError);
  });
});

describe('hostile input: Java properties and JAAS lines (--command-config)', () => {
  it('parseProperties reads any text into a map of strings and never throws', () => {
    const propertiesText = fc.array(fc.oneof(anyText, fc.constantFrom('\\', 'a=b\\', '\\u12', '\\uZZZZ', '#x', 'k:v', '  key  value  ')), { maxLength: 20 }).map((lines) => lines.join('\n'));
    fc.assert(fc.property(propertiesText, (text) => {
      const props = parseProperties(text);
      for (const [key, value] of props) expect(typeof key === 'string' && typeof value === 'string').toBe(true);
    }), RUNS);
  });

  it('parseJaasCredentials returns strings or nothing, fast, for any line', () => {
    const jaas = fc.oneof(anyText, fc.tuple(anyText, anyText).map(([u, p]) => `X required username="${u}" password=${p};`));
    fc.assert(fc.property(jaas, (line) => {
      const started = performance.now();
      const credentials = parseJaasCredentials(line);
      expect(performance.now() - started).toBeLessThan(200);
      for (const value of Object.values(credentials)) expect(typeof value).toBe('string');
    }), RUNS);
    // Backtracking bait: a long unterminated quoted value.
    const started = performance.now();
    parseJaasCredentials(`password="${'\\a'.repeat(50_000)}`);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('hostile input: the YAML config file', () => {
  /** What the rest of the tool relies on after validateConfig. */
  function wellTyped(config: ReturnType<typeof validateConfig>): boolean {
    const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
    if (!optionalString(config.currentContext)) return false;
    for (const [, entry] of Object.entries(config.contexts)) {
      if (!Array.isArray(entry.bootstrapServers) || !entry.bootstrapServers.every((s) => typeof s === 'string')) return false;
      if (entry.sasl !== undefined) {
        const { mechanism, username, password, passwordFile } = entry.sasl;
        if (!['plain', 'scram-sha-256', 'scram-sha-512'].includes(mechanism) || typeof username !== 'string') return false;
        if (!optionalString(password) || !optionalString(passwordFile)) return false;
      }
      if (entry.tls !== undefined) {
        if (typeof entry.tls !== 'object' || entry.tls === null) return false;
        const { enabled, caFile, certFile, keyFile, insecure } = entry.tls;
        if (![caFile, certFile, keyFile].every(optionalString)) return false;
        if (![enabled, insecure].every((b) => b === undefined || typeof b === 'boolean')) return false;
      }
      if (!optionalString(entry.rack)) return false;
    }
    return true;
  }

  const contextEntry = fc.record({
    bootstrapServers: fc.oneof(fc.array(fc.oneof(fc.constant('127.0.0.1:9092'), anyText)), fc.jsonValue()),
    sasl: fc.oneof(fc.record({
      mechanism: fc.oneof(fc.constantFrom('plain', 'scram-sha-256', 'scram-sha-512'), fc.jsonValue()),
      username: fc.oneof(fc.constant('admin'), fc.jsonValue()),
      password: fc.oneof(fc.constant('secret'), fc.jsonValue()),
      passwordFile: fc.jsonValue(),
    }, { requiredKeys: ['mechanism', 'username'] }), fc.jsonValue()),
    tls: fc.oneof(fc.record({ enabled: fc.jsonValue(), caFile: fc.jsonValue(), certFile: fc.jsonValue(), keyFile: fc.jsonValue(), insecure: fc.jsonValue() }, { requiredKeys: [] }), fc.jsonValue()),
    rack: fc.jsonValue(),
  }, { requiredKeys: ['bootstrapServers'] });
  const configValue = fc.oneof(
    fc.jsonValue(),
    fc.record({
      currentContext: fc.oneof(anyText, fc.jsonValue()),
      contexts: fc.oneof(fc.dictionary(fc.oneof(anyText, fc.constant('__proto__')), contextEntry, { maxKeys: 3 }), fc.jsonValue()),
    }, { requiredKeys: [] }),
  );

  it('validateConfig: a well-typed configuration, or "malformed" (usage) — never a file descriptor as a CA path', () => {
    fc.assert(fc.property(configValue, (raw) => {
      returnsValidOrRefuses(() => validateConfig(raw, 'config.yaml'), wellTyped);
    }), { numRuns: 500 });
    expect(() => validateConfig({ contexts: { c: { bootstrapServers: ['a:1'], tls: { enabled: true, caFile: 0 } } } }, 'config.yaml')).toThrow(CliError);
    expect(() => validateConfig({ contexts: { c: { bootstrapServers: ['a:1'], sasl: { mechanism: 'plain', username: 'u', passwordFile: 3 } } } }, 'config.yaml')).toThrow(CliError);
  });

  it('a context called toString is not found unless it exists (no inherited names)', () => {
    const config = validateConfig({ contexts: {} }, 'config.yaml');
    expect(config.contexts.toString).toBeUndefined();
    expect(config.contexts.constructor).toBeUndefined();
  });

  it('a context named __proto__ is a context like any other (kept, found, written back)', () => {
    const config = validateConfig(JSON.parse('{"contexts":{"__proto__":{"bootstrapServers":["a:1"]}}}'), 'config.yaml');
    expect(Object.keys(config.contexts)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(config.contexts, '__proto__')?.value).toEqual({ bootstrapServers: ['a:1'] });
  });
});

describe('hostile input: message input (msg send text and NDJSON)', () => {
  const ndjsonRecord = fc.record({
    topic: fc.oneof(fc.constant('orders'), fc.jsonValue()),
    key: fc.jsonValue(),
    keyEncoding: fc.oneof(fc.constantFrom('text', 'base64', 'hex', 'json', 'utf8'), fc.jsonValue()),
    value: fc.oneof(anyText, fc.jsonValue(), fc.base64String()),
    valueEncoding: fc.oneof(fc.constantFrom('text', 'base64', 'hex', 'json'), fc.jsonValue()),
    headers: fc.oneof(fc.dictionary(fc.oneof(anyText, fc.constant('__proto__')), fc.oneof(anyText, fc.jsonValue())), fc.jsonValue()),
    partition: fc.oneof(fc.integer({ min: -1, max: 10 }), fc.double(), fc.constant(1e20), fc.jsonValue()),
    timestamp: fc.oneof(fc.integer(), fc.constant(1e300), fc.constant('99999999999999999999'), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.jsonValue()),
    offset: fc.jsonValue(),
  }, { requiredKeys: [] });
  const ndjsonLine = fc.oneof(ndjsonRecord.map((r) => JSON.stringify(r)), anyText, fc.jsonValue().map((v) => JSON.stringify(v)));

  function validMessage(m: ReturnType<typeof parseMessages>[number], sourceHeaders?: Record<string, unknown>): void {
    expect(typeof m.topic === 'string' && m.topic.length > 0).toBe(true);
    expect(m.key === null || Buffer.isBuffer(m.key)).toBe(true);
    expect(m.value === null || Buffer.isBuffer(m.value)).toBe(true);
    for (const value of Object.values(m.headers)) expect(typeof value === 'string' || Buffer.isBuffer(value)).toBe(true);
    if (sourceHeaders) expect(Object.keys(m.headers).sort()).toEqual(Object.keys(sourceHeaders).sort());
    if (m.partition !== undefined) expect(Number.isInteger(m.partition) && m.partition >= 0 && m.partition <= INT32_MAX).toBe(true);
    if (m.timestamp !== undefined) expect(Number.isSafeInteger(m.timestamp) && validTime(m.timestamp)).toBe(true);
  }

  it('NDJSON: every line a valid message, or a usage error naming the line', () => {
    fc.assert(fc.property(fc.array(ndjsonLine, { maxLength: 8 }), fc.constantFrom<'text' | 'ndjson'>('text', 'ndjson'), fc.boolean(), (lines, format, asBuffer) => {
      const text = lines.join('\n');
      returnsValidOrRefuses(() => parseMessages(asBuffer ? Buffer.from(text) : text, format, { topic: 'fallback', headers: {} }), (messages) => {
        messages.forEach((m) => validMessage(m));
      });
    }), RUNS);
  });

  it('NDJSON fields at their limits: partition beyond int32 and timestamps Date cannot hold are refused', () => {
    const send = (record: object) => parseMessages(JSON.stringify({ value: 'v', ...record }), 'ndjson', { topic: 't', headers: {} });
    expect(() => send({ partition: 1e20 })).toThrow(CliError);
    expect(() => send({ partition: 2 ** 31 })).toThrow(CliError);
    expect(send({ partition: 2 ** 31 - 1 })[0]!.partition).toBe(2 ** 31 - 1);
    expect(() => send({ timestamp: 1e300 })).toThrow(CliError);
    expect(() => send({ timestamp: '99999999999999999999' })).toThrow(CliError);
    fc.assert(fc.property(fc.record({ partition: fc.oneof(fc.integer(), fc.double(), fc.constant(1e20)), timestamp: fc.oneof(fc.integer(), fc.double(), fc.bigInt().map(String)) }, { requiredKeys: [] }), (record) => {
      returnsValidOrRefuses(() => send(record), (messages) => messages.forEach((m) => validMessage(m)));
    }), RUNS);
  });

  it('NDJSON headers keep every name, __proto__ included', () => {
    fc.assert(fc.property(fc.dictionary(fc.oneof(fc.string(), fc.constant('__proto__')), fc.string()), (headers) => {
      const [message] = parseMessages(JSON.stringify({ value: 'v', headers }), 'ndjson', { topic: 't', headers: {} });
      validMessage(message!, headers);
    }), RUNS);
  });

  it('random bytes as text input: one message per line, bytes kept exactly', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const input = Buffer.from(bytes);
      const messages = parseMessages(input, 'text', { topic: 't', headers: {} });
      // Lines are cut at "\n" (a "\r" before it goes too); a trailing newline adds no message.
      const pieces = input.toString('latin1').split('\n');
      if (pieces[pieces.length - 1] === '') pieces.pop();
      expect(messages.map((m) => m.value!.toString('latin1'))).toEqual(pieces.map((p) => p.replace(/\r$/, '')));
    }), RUNS);
  });
});

describe('hostile input: offsets files, offset specs and header filters', () => {
  const csvLine = fc.tuple(fc.oneof(fc.constant('orders'), anyText), fc.oneof(fc.nat().map(String), anyText, fc.constant('')), fc.oneof(fc.nat().map(String), anyText, fc.constant('')))
    .map((cells) => cells.join(','));
  const jsonFile = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.array(fc.record({ topic: fc.oneof(fc.constant('orders'), fc.jsonValue()), partition: fc.oneof(fc.nat(), fc.jsonValue()), offset: fc.oneof(fc.nat(), fc.jsonValue()) }, { requiredKeys: [] }))
      .map((offsets) => JSON.stringify({ group: 'g', offsets })),
  );

  it('parseOffsetsFile: legal topics, whole-number partitions and offsets, or a usage error', () => {
    fc.assert(fc.property(fc.oneof(fc.array(csvLine, { maxLength: 6 }).map((l) => l.join('\n')), jsonFile, anyText), (text) => {
      returnsValidOrRefuses(() => parseOffsetsFile(text, 'offsets.csv'), ({ offsets }) => offsets.every((o) => {
        validateTopicName(o.topic);
        return Number.isSafeInteger(o.partition) && o.partition <= INT32_MAX && (o.offset === null || Number.isSafeInteger(o.offset));
      }));
    }), RUNS);
  });

  it('an empty CSV field is refused, not read as partition 0 / offset 0', () => {
    expect(() => parseOffsetsFile('orders,,', 'x.csv')).toThrow(CliError);
    expect(() => parseOffsetsFile('orders,0,', 'x.csv')).toThrow(CliError);
    expect(() => parseOffsetsFile('orders,0x1,1e3', 'x.csv')).toThrow(CliError);
    expect(parseOffsetsFile('g,orders,2,42\n', 'x.csv')).toEqual({ group: 'g', offsets: [{ topic: 'orders', partition: 2, offset: 42 }] });
  });

  it('parseTopicSelection, parseOffsetSpec, parseHeaderFilters', () => {
    fc.assert(fc.property(anyText, (text) => {
      returnsValidOrRefuses(() => parseTopicSelection(text), (s) => s.partitions === null || s.partitions.every((p) => Number.isSafeInteger(p) && p <= INT32_MAX));
      returnsValidOrRefuses(() => parseOffsetSpec(text), (spec) => [spec.from, spec.to].every((n) => n === undefined || Number.isSafeInteger(n)));
      returnsValidOrRefuses(() => parseHeaderFilters([text]), (filters) => filters.every((f) => f.key.length > 0));
    }), RUNS);
  });
});

describe('hostile input: LDC unit flags', () => {
  it('--ns/--cell/--cells/--all-cells over any text: a scope of valid parts, or a usage error', () => {
    const text = fc.option(anyText, { nil: undefined });
    fc.assert(fc.property(text, text, text, fc.option(fc.boolean(), { nil: undefined }), fc.constantFrom<'one' | 'many' | 'list'>('one', 'many', 'list'), (ns, cell, cells, allCells, mode) => {
      const flags = { ...(ns === undefined ? {} : { ns }), ...(cell === undefined ? {} : { cell }), ...(cells === undefined ? {} : { cells }), ...(allCells === undefined ? {} : { allCells }) };
      returnsValidOrRefuses(() => unitScopeFrom(flags, {}, mode), (scope) => scope === undefined
        || (validateUnitPart(scope.ns, 'namespace') === scope.ns && (scope.cells ?? []).every((c) => validateUnitPart(c, 'cell') === c)));
    }), RUNS);
  });
});

describe('hostile input: ACL flags', () => {
  it('operations, resource types, patterns and resources parse or are usage errors', () => {
    const names = fc.array(fc.oneof(anyText, fc.constant('*')), { maxLength: 3 });
    fc.assert(fc.property(anyText, fc.array(anyText, { maxLength: 3 }), names, names, fc.boolean(), fc.option(anyText), (word, words, topics, groups, cluster, pattern) => {
      returnsValidOrRefuses(() => parseOperation(word), (op) => typeof op === 'string');
      returnsValidOrRefuses(() => parseOperations(words), (ops) => ops.every((op) => typeof op === 'string'));
      returnsValidOrRefuses(() => parseResourceType(word), (t) => typeof t === 'string');
      returnsValidOrRefuses(() => parsePatternType(word), (p) => p === 'Literal' || p === 'Prefixed');
      returnsValidOrRefuses(() => resourcesFromFlags({ topic: topics, group: groups, cluster, ...(pattern === null ? {} : { pattern }) }),
        (resources) => resources.every((r) => r.resourceName.length > 0));
    }), RUNS);
  });
});
