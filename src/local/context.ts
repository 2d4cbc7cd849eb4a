import { loadConfig, saveConfig } from '../config/contexts.js';

/**
 * Saves the admin connection of a local cluster as a context and makes it current; with `tls`,
 * also a second context for the SASL_SSL listener (same admin, trusting the cluster's own CA).
 */
export async function writeLocalContext(
  configPath: string,
  name: string,
  bootstrap: string[],
  adminPassword: string,
  tls?: { name: string; bootstrap: string[]; caFile: string },
): Promise<void> {
  const config = await loadConfig(configPath);
  const sasl = { mechanism: 'scram-sha-512' as const, username: 'admin', password: adminPassword };
  config.contexts[name] = { bootstrapServers: bootstrap, sasl };
  if (tls) config.contexts[tls.name] = { bootstrapServers: tls.bootstrap, sasl: { ...sasl }, tls: { enabled: true, caFile: tls.caFile } };
  config.currentContext = name;
  await saveConfig(configPath, config);
}
