import { describe, expect, it } from 'vitest';
import { oneOf } from '../../src/cli/aliases.js';
import { CliError } from '../../src/errors.js';

describe('oneOf: a flag and its aliases', () => {
  it('takes whichever one was given, with its own name for messages', () => {
    expect(oneOf([['--count', undefined], ['--limit', '5']])).toEqual({ flag: '--limit', value: '5' });
    expect(oneOf([['--count', '3'], ['--limit', undefined]])).toEqual({ flag: '--count', value: '3' });
    expect(oneOf([['--count', undefined], ['--limit', undefined]])).toBeUndefined();
  });

  it('refuses two spellings at once, naming both, even with equal values', () => {
    expect(() => oneOf([['--time', '2h'], ['--since', '2h'], ['--to-datetime', undefined]])).toThrow(CliError);
    expect(() => oneOf([['--node', '2'], ['--broker', '3']])).toThrow('--node and --broker say the same thing: give one');
  });
});
