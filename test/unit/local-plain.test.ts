import { describe, expect, it } from 'vitest';
import { layoutNodes } from '../../src/local/layout.js';
import { serverProperties } from '../../src/local/server-config.js';
import { tlsFiles } from '../../src/local/tls.js';

const secrets = { adminPassword: 'admin-pw', controllerPassword: 'controller-pw' };
const plainJaas = 'org.apache.kafka.common.security.plain.PlainLoginModule required user_admin="admin-pw";';

describe('local cluster --with-plain broker config', () => {
  it('offers SCRAM only unless PLAIN is asked for', () => {
    const [node] = layoutNodes(1, 19092, '/d');
    const scramOnly = serverProperties(node!, [node!], '4.3.1', secrets);
    expect(scramOnly).toContain('\nsasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512\n');
    expect(scramOnly).not.toContain('listener.name.client.plain');
  });

  it('adds PLAIN to the client listener with the admin as its one static user; controllers and inter-broker traffic stay as they were', () => {
    const [node] = layoutNodes(1, 19092, '/d');
    const withPlain = serverProperties(node!, [node!], '4.3.1', secrets, { plain: true });
    expect(withPlain).toContain('\nsasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512,PLAIN\n');
    expect(withPlain).toContain(`\nlistener.name.client.plain.sasl.jaas.config=${plainJaas}\n`);
    expect(withPlain).toContain('\nsasl.mechanism.inter.broker.protocol=SCRAM-SHA-512\n');
    expect(withPlain).toContain('\nlistener.name.controller.sasl.enabled.mechanisms=PLAIN\n');
    expect(withPlain).not.toContain('listener.name.tls.');
  });

  it('with TLS as well, the SASL_SSL listener takes PLAIN too', () => {
    const [node] = layoutNodes(1, 19092, '/d', { tls: true });
    const both = serverProperties(node!, [node!], '4.3.1', secrets, { tls: tlsFiles('/d'), plain: true });
    expect(both).toContain(`\nlistener.name.client.plain.sasl.jaas.config=${plainJaas}\n`);
    expect(both).toContain(`\nlistener.name.tls.plain.sasl.jaas.config=${plainJaas}\n`);
  });
});
