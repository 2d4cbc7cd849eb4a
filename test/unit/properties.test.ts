import { describe, expect, it } from 'vitest';
import { parseJaasCredentials, parseProperties } from '../../src/config/properties.js';

describe('parseProperties (Java .properties, as --command-config takes)', () => {
  it('reads separators, comments, continuations and escapes', () => {
    const props = parseProperties([
      '# comment',
      '! also a comment',
      'bootstrap.servers=a:9092,b:9092',
      'security.protocol : SASL_PLAINTEXT',
      'sasl.mechanism SCRAM-SHA-512',
      'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\',
      '    username="ops" password="p\\u0040ss";',
      'key\\=with\\:escapes=value\\twith tab',
      'empty=',
    ].join('\n'));
    expect(props.get('bootstrap.servers')).toBe('a:9092,b:9092');
    expect(props.get('security.protocol')).toBe('SASL_PLAINTEXT');
    expect(props.get('sasl.mechanism')).toBe('SCRAM-SHA-512');
    expect(props.get('sasl.jaas.config')).toBe('org.apache.kafka.common.security.scram.ScramLoginModule required username="ops" password="p@ss";');
    expect(props.get('key=with:escapes')).toBe('value\twith tab');
    expect(props.get('empty')).toBe('');
    expect(props.size).toBe(6);
  });

  it('takes user and password out of a JAAS line, quoted or not, with escaped quotes', () => {
    expect(parseJaasCredentials('X required username="a b" password="p\\"q";')).toEqual({ username: 'a b', password: 'p"q' });
    expect(parseJaasCredentials('X required username=alice password=secret;')).toEqual({ username: 'alice', password: 'secret' });
    expect(parseJaasCredentials('X required;')).toEqual({});
  });
});
