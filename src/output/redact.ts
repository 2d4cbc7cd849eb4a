const secretKey = /pass(word)?|secret|token|credential|jaas|private[-_.]?key|^key[-_.]?pem$/i;

/** A copy of a value safe to print in debug logs: anything that looks like a secret is masked. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = secretKey.test(key) && inner !== undefined && inner !== null && inner !== '' ? '***' : redact(inner, depth + 1);
  }
  return copy;
}

/** Masks secrets inside free text such as a JAAS line or a URL with credentials. */
export function redactText(text: string): string {
  return text
    .replace(/(password\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi, '$1***')
    .replace(/(\/\/[^:/\s]+:)[^@/\s]+@/g, '$1***@');
}
