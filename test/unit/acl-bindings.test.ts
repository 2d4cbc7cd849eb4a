import { describe, expect, it } from 'vitest';
import { parseOperation, parseOperations, resourcesFromFlags } from '../../src/commands/acl/flags.js';
import { grantBindings, validatePrincipal } from '../../src/kafka/security/acl-bindings.js';

const alice = [{ principal: 'User:alice', permission: 'Allow' as const }];
const summary = (bindings: ReturnType<typeof grantBindings>) => bindings.map((b) => `${b.permission} ${b.operation} ${b.resourceType}:${b.patternType}:${b.resourceName}`).sort();

describe('ACL input', () => {
  it('operations are matched whatever their spelling; unknown ones are named', () => {
    expect(['Write', 'write', 'IDEMPOTENT_WRITE', 'idempotent-write', 'DescribeConfigs'].map(parseOperation)).toEqual(['Write', 'Write', 'IdempotentWrite', 'IdempotentWrite', 'DescribeConfigs']);
    expect(parseOperations(['Read,Write', 'read'])).toEqual(['Read', 'Write']);
    expect(() => parseOperation('Fly')).toThrow('unknown ACL operation "Fly"');
  });

  it('a principal must be User:NAME', () => {
    expect(validatePrincipal('User:alice')).toBe('User:alice');
    expect(validatePrincipal('User:*')).toBe('User:*');
    for (const bad of ['alice', 'user:alice', 'User:', 'Group:ops', 'User:a b']) expect(() => validatePrincipal(bad)).toThrow('must be User:NAME');
  });

  it('resources: the cluster is one literal resource; prefixed "*" is refused', () => {
    expect(resourcesFromFlags({ topic: ['orders-'], group: ['g'], pattern: 'prefixed' })).toEqual([
      { resourceType: 'Topic', resourceName: 'orders-', patternType: 'Prefixed' },
      { resourceType: 'Group', resourceName: 'g', patternType: 'Prefixed' },
    ]);
    expect(resourcesFromFlags({ cluster: true })).toEqual([{ resourceType: 'Cluster', resourceName: 'kafka-cluster', patternType: 'Literal' }]);
    expect(() => resourcesFromFlags({ cluster: true, pattern: 'prefixed' })).toThrow('--cluster takes no --pattern prefixed');
    expect(() => resourcesFromFlags({ topic: ['*'], pattern: 'prefixed' })).toThrow('cannot be "*"');
    expect(() => resourcesFromFlags({ topic: ['x'], pattern: 'glob' })).toThrow('unknown --pattern "glob"');
  });
});

describe('grantBindings', () => {
  it('every principal × operation × resource', () => {
    const bindings = grantBindings({
      principals: [...alice, { principal: 'User:bob', permission: 'Deny' }], host: '*', operations: ['Read', 'Describe'],
      resources: resourcesFromFlags({ topic: ['a', 'b'] }),
    });
    expect(bindings).toHaveLength(8);
    expect(bindings.filter((b) => b.permission === 'Deny').every((b) => b.principal === 'User:bob')).toBe(true);
  });

  it('--producer grants what kafka-acls grants: Write/Describe/Create on topics, Write/Describe on transactional ids, IdempotentWrite only with --idempotent', () => {
    expect(summary(grantBindings({ principals: alice, host: '*', operations: [], resources: resourcesFromFlags({ topic: ['orders'] }), producer: true }))).toEqual([
      'Allow Create Topic:Literal:orders', 'Allow Describe Topic:Literal:orders', 'Allow Write Topic:Literal:orders',
    ]);
    expect(summary(grantBindings({ principals: alice, host: '*', operations: [], resources: resourcesFromFlags({ topic: ['orders'], transactionalId: ['tx'] }), producer: true, idempotent: true }))).toEqual([
      'Allow Create Topic:Literal:orders', 'Allow Describe Topic:Literal:orders', 'Allow Describe TransactionalId:Literal:tx',
      'Allow IdempotentWrite Cluster:Literal:kafka-cluster', 'Allow Write Topic:Literal:orders', 'Allow Write TransactionalId:Literal:tx',
    ]);
  });

  it('--consumer grants Read/Describe on topics and Read on the group, and needs a group', () => {
    expect(summary(grantBindings({ principals: alice, host: '*', operations: [], resources: resourcesFromFlags({ topic: ['orders'], group: ['billing'] }), consumer: true }))).toEqual([
      'Allow Describe Topic:Literal:orders', 'Allow Read Group:Literal:billing', 'Allow Read Topic:Literal:orders',
    ]);
    expect(() => grantBindings({ principals: alice, host: '*', operations: [], resources: resourcesFromFlags({ topic: ['orders'] }), consumer: true })).toThrow('--consumer needs --group');
  });

  it('refuses what Kafka\'s tool refuses: an operation that does not apply, nothing to grant, no principal', () => {
    expect(() => grantBindings({ principals: alice, host: '*', operations: ['Write'], resources: resourcesFromFlags({ group: ['g'] }) })).toThrow('operation Write does not apply to a Group resource');
    expect(() => grantBindings({ principals: alice, host: '*', operations: ['Read'], resources: resourcesFromFlags({ cluster: true }) })).toThrow('does not apply to a Cluster');
    expect(() => grantBindings({ principals: alice, host: '*', operations: [], resources: resourcesFromFlags({ topic: ['t'] }) })).toThrow('no operation');
    expect(() => grantBindings({ principals: alice, host: '*', operations: ['Read'], resources: [] })).toThrow('no resource');
    expect(() => grantBindings({ principals: [], host: '*', operations: ['Read'], resources: resourcesFromFlags({ topic: ['t'] }) })).toThrow('no principal');
    expect(() => grantBindings({ principals: alice, host: '', operations: ['Read'], resources: resourcesFromFlags({ topic: ['t'] }) })).toThrow('is not a host');
  });
});
