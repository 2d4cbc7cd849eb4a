import { describe, expect, it } from 'vitest';
import { translateKafkaError } from '../../src/kafka/errors.js';
import { allPorts, layoutNodes, tlsBootstrapServers } from '../../src/local/layout.js';
import { serverProperties } from '../../src/local/server-config.js';
import { tlsFiles } from '../../src/local/tls.js';

const secrets = { adminPassword: 'a', controllerPassword: 'c' };

describe('local cluster TLS layout and broker config', () => {
  it('puts TLS ports after the controllers and leaves a plain cluster as it was', () => {
    const plain = layoutNodes(3, 19092, '/d');
    expect(allPorts(plain)).toEqual([19092, 19095, 19093, 19096, 19094, 19097]);
    expect(tlsBootstrapServers(plain)).toEqual([]);
    const tls = layoutNodes(3, 19092, '/d', { tls: true });
    expect(tls.map((n) => n.tlsPort)).toEqual([19098, 19099, 19100]);
    expect(allPorts(tls)).toHaveLength(9);
  });

  it('writes the SASL_SSL listener only with TLS files', () => {
    const [plainNode] = layoutNodes(1, 19092, '/d');
    const plain = serverProperties(plainNode!, [plainNode!], '4.3.1', secrets);
    expect(plain).toContain('listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT\n');
    expect(plain).not.toMatch(/ssl|TLS/i);
    const [node] = layoutNodes(1, 19092, '/d', { tls: true });
    const withTls = serverProperties(node!, [node!], '4.3.1', secrets, { tls: tlsFiles('/d') });
    expect(withTls).toContain('listeners=CLIENT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093,TLS://127.0.0.1:19094\n');
    expect(withTls).toContain('listener.name.tls.ssl.keystore.type=PEM\n');
    expect(withTls).toContain('listener.name.tls.ssl.client.auth=requested\n');
  });
});

describe('TLS failures as one line', () => {
  const kafkajsConnectionError = (message: string, code: string) =>
    Object.assign(new Error(`Connection error: ${message}`), { name: 'KafkaJSConnectionError', code, broker: '127.0.0.1:19094' });

  it('an untrusted certificate is a connection error that points at --tls-ca', () => {
    const error = translateKafkaError(kafkajsConnectionError('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'), 'describe');
    expect(error.kind).toBe('connection');
    expect(error.message).toBe("TLS handshake with 127.0.0.1:19094 failed: the broker's certificate is not trusted (self-signed certificate in certificate chain)");
    expect(error.hint).toMatch(/--tls-ca/);
  });

  it("the broker's alert is told without OpenSSL's internals", () => {
    const message = '80EC2A24FD7E0000:error:0A000416:SSL routines:ssl3_read_bytes:sslv3 alert certificate unknown:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 46';
    const error = translateKafkaError(kafkajsConnectionError(message, 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN'), 'describe');
    expect(error.message).toBe('TLS handshake with 127.0.0.1:19094 failed: the broker refused it (certificate unknown)');
    const plain = translateKafkaError(kafkajsConnectionError('C0:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record.c:355:', 'ERR_SSL_WRONG_VERSION_NUMBER'), 'describe');
    expect(plain.message).toBe('TLS handshake with 127.0.0.1:19094 failed: wrong version number');
  });

  it('a wrong host name is told apart', () => {
    const error = translateKafkaError(kafkajsConnectionError("Hostname/IP does not match certificate's altnames", 'ERR_TLS_CERT_ALTNAME_INVALID'), 'describe');
    expect(error.message).toMatch(/not for this address/);
  });
});
