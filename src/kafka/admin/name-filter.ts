/** Glob patterns (`orders-*`, `log.?`) as operators type them, matched against whole names. */
export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

export const isGlob = (pattern: string) => /[*?]/.test(pattern);

/** A glob matches whole names; plain text matches anywhere in the name. */
export function nameFilter(pattern: string | undefined): (name: string) => boolean {
  if (!pattern) return () => true;
  if (isGlob(pattern)) {
    const regexp = globToRegExp(pattern);
    return (name) => regexp.test(name);
  }
  return (name) => name.includes(pattern);
}
