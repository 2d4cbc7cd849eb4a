import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConnection } from '../../src/config/connection.js';

const dir = mkdtempSync(join(tmpdir(), 'sofakafka-conn-'));
const configPath = join(dir, 'config.yaml');
writeFileSync(configPath, `currentContext: ctx
contexts:
  ctx:
    bootstrapServers: [ctx-host:9092]
    sasl: { mechanism: scram-sha-256, username: ctxuser, password: ctxpass }
  other:
    bootstrapServers: [other:9092]
`);
const noPrompt = async () => {
  throw new Error('prompted');
};
const resolve = (flags = {}, env: NodeJS.ProcessEnv = {}) => resolveConnection({ configPath, env, flags, promptSecret: noPrompt });

describe('resolveConnection: flags, then environment, then context', () => {
  it('uses the current context alone', async () => {
    expect(await resolve()).toMatchObject({ contextName: 'ctx', brokers: ['ctx-host:9092'], sasl: { mechanism: 'scram-sha-256', username: 'ctxuser', password: 'ctxpass' } });
  });

  it('lets the environment override the context and flags override both', async () => {
    const env = { SOFAKAFKA_BOOTSTRAP_SERVERS: 'env:1', SOFAKAFKA_PASSWORD: 'envpass' };
    expect(await resolve({}, env)).toMatchObject({ brokers: ['env:1'], sasl: { username: 'ctxuser', password: 'envpass' } });
    const passwordFile = join(dir, 'pw');
    writeFileSync(passwordFile, 'filepass\n');
    expect(await resolve({ bootstrapServer: 'flag:2', passwordFile }, env)).toMatchObject({ brokers: ['flag:2'], sasl: { password: 'filepass' } });
  });

  it('does not pair the context\'s password with another --username, and prompts (here: fails) instead', async () => {
    await expect(resolve({ username: 'someone-else' })).rejects.toThrow('prompted');
  });

  it('reads a Java client properties file under the flags', async () => {
    const props = join(dir, 'client.properties');
    writeFileSync(props, 'bootstrap.servers=props:9\nsecurity.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=x required username="pu" password="pp";\n');
    expect(await resolve({ commandConfig: props })).toMatchObject({ brokers: ['props:9'], sasl: { mechanism: 'scram-sha-512', username: 'pu', password: 'pp' }, tls: undefined });
    expect(await resolve({ commandConfig: props, bootstrapServer: 'flag:1' })).toMatchObject({ brokers: ['flag:1'] });
  });

  it('rejects what it cannot use with a usage error', async () => {
    await expect(resolve({ context: 'missing' })).rejects.toMatchObject({ kind: 'notFound' });
    await expect(resolve({ bootstrapServer: 'no-port' })).rejects.toMatchObject({ kind: 'usage' });
    await expect(resolve({ saslMechanism: 'gssapi' })).rejects.toMatchObject({ kind: 'usage' });
    const jks = join(dir, 'jks.properties');
    writeFileSync(jks, 'security.protocol=SSL\nssl.truststore.location=/x.jks\n');
    await expect(resolve({ commandConfig: jks })).rejects.toThrow(/JKS cannot be read/);
    const empty = join(dir, 'empty-pw');
    writeFileSync(empty, '\n');
    await expect(resolve({ passwordFile: empty })).rejects.toThrow(/empty/);
  });

  it('reports a malformed config file as a usage error naming the file', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'contexts: [unclosed\n');
    await expect(resolveConnection({ configPath: broken, env: {}, flags: {}, promptSecret: noPrompt })).rejects.toMatchObject({ kind: 'usage', message: expect.stringContaining(broken) });
    writeFileSync(broken, 'contexts:\n  a: { bootstrapServers: 5 }\n');
    await expect(resolveConnection({ configPath: broken, env: {}, flags: {}, promptSecret: noPrompt })).rejects.toThrow(/bootstrapServers/);
  });
});
