import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { environmentError } from '../errors.js';
import { execCollect } from './exec.js';

/** The PEM files of a local cluster's TLS listener, all under <dataDir>/tls. */
export interface TlsFiles {
  /** The self-signed CA that signed the broker and client certificates: what clients trust (--tls-ca). */
  caFile: string;
  /** The broker's private key followed by its certificate chain (leaf, CA): Kafka's PEM keystore. */
  brokerKeystore: string;
  /** A client certificate and key signed by the same CA, for mutual TLS (--tls-cert/--tls-key). */
  clientCert: string;
  clientKey: string;
}

export const tlsFiles = (dataDir: string): TlsFiles => {
  const dir = join(dataDir, 'tls');
  return {
    caFile: join(dir, 'ca.pem'),
    brokerKeystore: join(dir, 'broker-keystore.pem'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key'),
  };
};

const days = '3650';

/**
 * Makes the CA, broker and client certificates with openssl, once per data dir: a cluster that
 * restarts keeps its CA, so contexts and trust stores that point at it keep working.
 */
export async function ensureTlsFiles(dataDir: string): Promise<TlsFiles> {
  const files = tlsFiles(dataDir);
  if (Object.values(files).every((path) => existsSync(path))) return files;
  const dir = join(dataDir, 'tls');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = (name: string) => join(dir, name);

  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path('ca.key'), '-out', files.caFile, '-days', days,
    '-subj', '/CN=sofakafka local CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await signedCertificate(dir, 'broker', '/CN=localhost', ['subjectAltName=IP:127.0.0.1,DNS:localhost', 'extendedKeyUsage=serverAuth']);
  await signedCertificate(dir, 'client', '/CN=sofakafka-local-client', ['extendedKeyUsage=clientAuth']);

  // Kafka's PEM keystore file: the (unencrypted PKCS#8) key, then the chain from leaf to CA.
  const [key, cert, ca] = await Promise.all([path('broker.key'), path('broker.pem'), files.caFile].map((p) => readFile(p, 'utf8')));
  await writeFile(files.brokerKeystore, `${key}${cert}${ca}`, { mode: 0o600 });
  await writeFile(files.clientCert, `${await readFile(path('client.pem'), 'utf8')}${ca}`, { mode: 0o600 });
  await rm(path('broker.key'));
  await rm(path('broker.pem'));
  for (const name of ['ca.key', 'client.key', 'broker-keystore.pem', 'client.pem', 'ca.pem']) await chmod(path(name), 0o600);
  return files;
}

async function signedCertificate(dir: string, name: string, subject: string, extensions: string[]): Promise<void> {
  const path = (file: string) => join(dir, file);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', path(`${name}.key`), '-out', path(`${name}.csr`), '-subj', subject]);
  await writeFile(path(`${name}.ext`), `basicConstraints=CA:FALSE\n${extensions.join('\n')}\n`);
  await openssl(['x509', '-req', '-in', path(`${name}.csr`), '-CA', path('ca.pem'), '-CAkey', path('ca.key'), '-out', path(`${name}.pem`),
    '-days', days, '-sha256', '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-extfile', path(`${name}.ext`)]);
  await rm(path(`${name}.csr`));
  await rm(path(`${name}.ext`));
}

async function openssl(args: string[]): Promise<void> {
  const result = await execCollect('openssl', args);
  if (result.code === null) {
    throw environmentError('`local up --tls` needs openssl to make its certificates, and it is not on PATH', 'install it (Debian/Ubuntu: `apt-get install openssl`)');
  }
  if (result.code !== 0) {
    const reason = result.output.split('\n').find((line) => line.trim()) ?? `exit code ${result.code}`;
    throw environmentError(`openssl ${args[0]} failed: ${reason.trim()}`);
  }
}
