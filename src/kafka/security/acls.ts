import kafkajs, { type AclEntry, type AclFilter as KafkaJsAclFilter } from 'kafkajs';
import { withAccessCheck } from './access-denied.js';
import { type AclBinding, type AclOperation, type AclPatternType, type AclPermission, type AclResourceType, compareBindings } from './acl-bindings.js';
import type { KafkaClient } from '../client.js';

/**
 * ACLs through kafkajs's createAcls/describeAcls/deleteAcls. kafkajs 2.2.4 speaks v0-v1 of these
 * APIs; Kafka 4.x accepts v1 as its minimum (KIP-896), which is what kafkajs picks. Every call needs
 * a right on the cluster (Alter to change, Describe to list), which failures name.
 */
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

const operationCodes: Record<AclOperation, number> = {
  All: AclOperationTypes.ALL, Read: AclOperationTypes.READ, Write: AclOperationTypes.WRITE, Create: AclOperationTypes.CREATE,
  Delete: AclOperationTypes.DELETE, Alter: AclOperationTypes.ALTER, Describe: AclOperationTypes.DESCRIBE,
  ClusterAction: AclOperationTypes.CLUSTER_ACTION, DescribeConfigs: AclOperationTypes.DESCRIBE_CONFIGS,
  AlterConfigs: AclOperationTypes.ALTER_CONFIGS, IdempotentWrite: AclOperationTypes.IDEMPOTENT_WRITE,
};
const resourceCodes: Record<AclResourceType, number> = {
  Topic: AclResourceTypes.TOPIC, Group: AclResourceTypes.GROUP, Cluster: AclResourceTypes.CLUSTER, TransactionalId: AclResourceTypes.TRANSACTIONAL_ID,
};
const patternCodes: Record<AclPatternType | 'Any' | 'Match', number> = {
  Literal: ResourcePatternTypes.LITERAL, Prefixed: ResourcePatternTypes.PREFIXED, Any: ResourcePatternTypes.ANY, Match: ResourcePatternTypes.MATCH,
};
const permissionCodes: Record<AclPermission, number> = { Allow: AclPermissionTypes.ALLOW, Deny: AclPermissionTypes.DENY };

/** Types a newer broker may hold that sofakafka doesn't manage still get a readable name. */
const extraResourceNames: Record<number, string> = { 6: 'DelegationToken', 7: 'User' };

const nameOf = <K extends string>(codes: Record<K, number>, code: number, extra: Record<number, string> = {}): K =>
  ((Object.entries(codes) as Array<[K, number]>).find(([, c]) => c === code)?.[0] ?? extra[code] ?? `Unknown(${code})`) as K;

/** What `acl list` and `acl remove` select by; an absent field matches anything. */
export interface AclQuery {
  principal?: string;
  host?: string;
  operation?: AclOperation;
  permission?: AclPermission;
  resourceType?: AclResourceType;
  resourceName?: string;
  /** Match: every binding that applies to the named resource (literal, prefixed and wildcard). */
  patternType?: AclPatternType | 'Any' | 'Match';
}

function toFilter(query: AclQuery): KafkaJsAclFilter {
  return {
    resourceType: query.resourceType ? resourceCodes[query.resourceType] : AclResourceTypes.ANY,
    resourceName: query.resourceName,
    resourcePatternType: patternCodes[query.patternType ?? 'Any'],
    principal: query.principal,
    host: query.host,
    operation: query.operation ? operationCodes[query.operation] : AclOperationTypes.ANY,
    permissionType: query.permission ? permissionCodes[query.permission] : AclPermissionTypes.ANY,
  } as KafkaJsAclFilter;
}

function toEntry(binding: AclBinding): AclEntry {
  return {
    resourceType: resourceCodes[binding.resourceType],
    resourceName: binding.resourceName,
    resourcePatternType: patternCodes[binding.patternType],
    principal: binding.principal,
    host: binding.host,
    operation: operationCodes[binding.operation],
    permissionType: permissionCodes[binding.permission],
  } as AclEntry;
}

export async function createAcls(client: KafkaClient, bindings: AclBinding[]): Promise<void> {
  await withAccessCheck(client, 'Alter', 'the cluster', () => client.adminCall('create ACLs', (admin) => admin.createAcls({ acl: bindings.map(toEntry) })));
}

/** The bindings matching any of the queries, each once, in a stable order. */
export async function describeAcls(client: KafkaClient, queries: AclQuery[]): Promise<AclBinding[]> {
  const responses = await withAccessCheck(client, 'Describe', 'the cluster', () =>
    client.adminCall('list ACLs', (admin) => Promise.all(queries.map((q) => admin.describeAcls(toFilter(q))))),
  );
  const seen = new Map<string, AclBinding>();
  for (const { resources } of responses) {
    for (const resource of resources) {
      for (const acl of resource.acls) {
        const binding: AclBinding = {
          principal: acl.principal,
          host: acl.host,
          operation: nameOf(operationCodes, acl.operation),
          permission: nameOf(permissionCodes, acl.permissionType),
          resourceType: nameOf(resourceCodes, resource.resourceType, extraResourceNames),
          resourceName: resource.resourceName,
          patternType: nameOf(patternCodes, resource.resourcePatternType) as AclPatternType,
        };
        seen.set(JSON.stringify(binding), binding);
      }
    }
  }
  return [...seen.values()].sort(compareBindings);
}

/**
 * Deletes exactly these bindings: each becomes a filter that matches only itself, so a binding
 * someone adds between listing and deleting is never swept away. Returns how many Kafka removed.
 */
export async function deleteAcls(client: KafkaClient, bindings: AclBinding[]): Promise<number> {
  const response = await withAccessCheck(client, 'Alter', 'the cluster', () =>
    client.adminCall('remove ACLs', (admin) => admin.deleteAcls({ filters: bindings.map((b) => toEntry(b) as KafkaJsAclFilter) })),
  );
  return response.filterResponses.reduce((sum, r) => sum + r.matchingAcls.length, 0);
}
