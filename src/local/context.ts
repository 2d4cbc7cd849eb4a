import { loadConfig, saveConfig } from '../config/contexts.js';

/** Saves the admin connection of a local cluster as a context and makes it current. */
export async function writeLocalContext(configPath: string, name: string, bootstrap: string[], adminPassword: string): Promise<void> {
  const config = await loadConfig(configPath);
  config.contexts[name] = {
    bootstrapServers: bootstrap,
    sasl: { mechanism: 'scram-sha-512', username: 'admin', password: adminPassword },
  };
  config.currentContext = name;
  await saveConfig(configPath, config);
}
