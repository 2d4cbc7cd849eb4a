import { resolve, sep } from 'node:path';
import { portAnswers } from './ports.js';
import { type ConfigFile, loadConfig, updateConfig } from '../config/contexts.js';
import { usageError } from '../errors.js';

/** The contexts `local up` writes beside the main one, for --with-tls and --with-plain. */
export interface ExtraContexts {
  tls?: { name: string; bootstrap: string[]; caFile: string };
  /** Same bootstrap and admin, logging in with SASL/PLAIN. */
  plain?: { name: string };
  /** The cluster's data folder: a `<name>-tls` context trusting a CA in it was written for this cluster. */
  dataDir: string;
}

/**
 * Saves the admin connection of a local cluster as a context and makes it current; with `tls`,
 * also a second context for the SASL_SSL listener (same admin, trusting the cluster's own CA); with
 * `plain`, one that logs the admin in with PLAIN on the same listeners.
 */
export async function writeLocalContext(
  configPath: string,
  name: string,
  bootstrap: string[],
  adminPassword: string,
  extra: ExtraContexts,
  makeCurrent: boolean,
): Promise<void> {
  const sasl = { mechanism: 'scram-sha-512' as const, username: 'admin', password: adminPassword };
  const { tls, plain } = extra;
  await updateConfig(configPath, (config) => {
    config.contexts[name] = { bootstrapServers: bootstrap, sasl };
    if (tls) config.contexts[tls.name] = { bootstrapServers: tls.bootstrap, sasl: { ...sasl }, tls: { enabled: true, caFile: tls.caFile } };
    if (plain) config.contexts[plain.name] = { bootstrapServers: [...bootstrap], sasl: { ...sasl, mechanism: 'plain' } };
    // A cluster purged and started again without --with-tls or --with-plain: the contexts written
    // for the old one's listeners would log in with a deleted password (or trust a deleted CA).
    for (const stale of staleSiblings(config.contexts, name, bootstrap, extra)) {
      delete config.contexts[stale];
      if (config.currentContext === stale) config.currentContext = name;
    }
    if (makeCurrent) config.currentContext = name;
  });
}

/**
 * `<name>-tls` and `<name>-plain` as an earlier `local up` of this cluster wrote them, when this
 * one has no such listener: only contexts that are recognisably ours (a CA inside the data folder;
 * admin with PLAIN on these very addresses) are taken, a context the user wrote under that name stays.
 */
function staleSiblings(contexts: ConfigFile['contexts'], name: string, bootstrap: string[], extra: ExtraContexts): string[] {
  const stale: string[] = [];
  const tlsContext = contexts[`${name}-tls`];
  const caFile = tlsContext?.tls?.caFile;
  if (!extra.tls && caFile && resolve(caFile).startsWith(resolve(extra.dataDir) + sep)) stale.push(`${name}-tls`);
  const plainContext = contexts[`${name}-plain`];
  if (!extra.plain && plainContext?.sasl?.mechanism === 'plain' && plainContext.sasl.username === 'admin'
    && plainContext.bootstrapServers?.join(',') === bootstrap.join(',')) stale.push(`${name}-plain`);
  return stale;
}

/** What `local up` will do to the config file: refuse to take over a context of another live cluster. */
export async function checkLocalContext(configPath: string, name: string, bootstrap: string[]): Promise<{ current: string | undefined }> {
  const config = await loadConfig(configPath);
  const existing = config.contexts[name]?.bootstrapServers;
  if (existing && existing.join(',') !== bootstrap.join(',') && (await anyListening(existing))) {
    throw usageError(
      `context "${name}" belongs to another running cluster (${existing.join(',')}); starting this one would take its name`,
      `name this cluster's context with --context-name, for example --context-name ${name}-2, or stop the other one first`,
    );
  }
  return { current: config.currentContext };
}

async function anyListening(addresses: string[]): Promise<boolean> {
  const checks = addresses.map((address) => {
    const colon = address.lastIndexOf(':');
    return portAnswers(address.slice(0, colon), Number(address.slice(colon + 1)), 500);
  });
  return (await Promise.all(checks)).some(Boolean);
}
