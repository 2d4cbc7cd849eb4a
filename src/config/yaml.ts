type Yaml = Pick<typeof import('yaml'), 'parse' | 'stringify'>;

/**
 * The yaml package, loaded on first use. It is CommonJS: Node gives named exports and `default`,
 * the bundle (see scripts/bundle.mjs) gives `default` only, so take `default` when it is there.
 */
export async function loadYaml(): Promise<Yaml> {
  const mod = await import('yaml');
  return (mod.default as Yaml | undefined) ?? mod;
}
