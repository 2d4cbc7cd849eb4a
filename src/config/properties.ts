/**
 * Reads a Java .properties file (the format of Kafka's --command-config): comments, `=`/`:`/space
 * separators, backslash continuations and escapes.
 */
export function parseProperties(text: string): Map<string, string> {
  const result = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (endsWithOddBackslashes(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i]!.replace(/^\s+/, '');
    }
    const separator = findSeparator(line);
    const rawKey = separator === -1 ? line : line.slice(0, separator);
    let rest = separator === -1 ? '' : line.slice(separator);
    rest = rest.replace(/^\s*[=:]?\s*/, '');
    result.set(unescape(rawKey.trimEnd()), unescape(rest));
  }
  return result;
}

function endsWithOddBackslashes(line: string): boolean {
  const match = /\\+$/.exec(line);
  return match !== null && match[0].length % 2 === 1;
}

function findSeparator(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') { i++; continue; }
    if (c === '=' || c === ':' || c === ' ' || c === '\t') return i;
  }
  return -1;
}

function unescape(value: string): string {
  return value.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, escaped: string) => {
    if (escaped.length === 5) return String.fromCharCode(parseInt(escaped.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', f: '\f' } as Record<string, string>)[escaped] ?? escaped;
  });
}

/** Pulls username and password out of a `sasl.jaas.config` login-module line. */
export function parseJaasCredentials(jaas: string): { username?: string; password?: string } {
  const read = (name: string) => {
    const match = new RegExp(`\\b${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^\\s;]+))`).exec(jaas);
    if (!match) return undefined;
    return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
  };
  const credentials: { username?: string; password?: string } = {};
  const username = read('username');
  const password = read('password');
  if (username !== undefined) credentials.username = username;
  if (password !== undefined) credentials.password = password;
  return credentials;
}
