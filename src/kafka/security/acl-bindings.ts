import { usageError } from '../../errors.js';

/**
 * ACL bindings as people write them, checked before anything reaches the cluster: principal,
 * operation, resource type and pattern, and which operations make sense on which resource (the same
 * table Kafka's kafka-acls tool enforces). Pure functions; acls.ts talks to Kafka, and
 * src/commands/acl/flags.ts turns flags into these types.
 */
export const aclOperations = ['All', 'Read', 'Write', 'Create', 'Delete', 'Alter', 'Describe', 'ClusterAction', 'DescribeConfigs', 'AlterConfigs', 'IdempotentWrite'] as const;
export type AclOperation = (typeof aclOperations)[number];
export const aclResourceTypes = ['Topic', 'Group', 'Cluster', 'TransactionalId'] as const;
export type AclResourceType = (typeof aclResourceTypes)[number];
export type AclPatternType = 'Literal' | 'Prefixed';
export type AclPermission = 'Allow' | 'Deny';

/** The one cluster resource's name, as Kafka spells it. */
export const CLUSTER_RESOURCE_NAME = 'kafka-cluster';

export interface AclResource {
  resourceType: AclResourceType;
  resourceName: string;
  patternType: AclPatternType;
}

export interface AclBinding extends AclResource {
  principal: string;
  host: string;
  operation: AclOperation;
  permission: AclPermission;
}

/** kafka-acls's AclCommand.validateOperation, for the resource types sofakafka manages. */
const operationsByResource: Record<AclResourceType, readonly AclOperation[]> = {
  Topic: ['Read', 'Write', 'Create', 'Describe', 'Delete', 'Alter', 'DescribeConfigs', 'AlterConfigs', 'All'],
  Group: ['Read', 'Describe', 'Delete', 'All'],
  Cluster: ['Create', 'ClusterAction', 'DescribeConfigs', 'AlterConfigs', 'IdempotentWrite', 'Alter', 'Describe', 'All'],
  TransactionalId: ['Describe', 'Write', 'All'],
};

/** Kafka's principals here are users: "User:alice", or "User:*" for everyone. */
export function validatePrincipal(principal: string): string {
  if (!/^User:\S+$/.test(principal)) {
    const name = principal.replace(/^[^:]*:/, '') || 'alice';
    throw usageError(`principal "${principal}" must be User:NAME`, `for example User:${name}`);
  }
  return principal;
}

export function validateHost(host: string): string {
  if (host === '' || /\s/.test(host)) throw usageError(`--host "${host}" is not a host`, 'give an IP address, or * for any host');
  return host;
}

export function checkOperationAllowed(operation: AclOperation, resourceType: AclResourceType): void {
  const allowed = operationsByResource[resourceType];
  if (!allowed.includes(operation)) {
    throw usageError(`operation ${operation} does not apply to a ${resourceType} resource`, `a ${resourceType} takes: ${allowed.join(', ')}`);
  }
}

export interface GrantRequest {
  principals: Array<{ principal: string; permission: AclPermission }>;
  host: string;
  operations: AclOperation[];
  resources: AclResource[];
  producer?: boolean;
  consumer?: boolean;
  idempotent?: boolean;
}

/**
 * Every binding an `acl add` stands for. --producer and --consumer expand as kafka-acls does:
 * a producer gets Write, Describe, Create on its topics (Write, Describe on transactional ids;
 * IdempotentWrite on the cluster with --idempotent); a consumer gets Read, Describe on its topics
 * and Read on its groups.
 */
export function grantBindings(request: GrantRequest): AclBinding[] {
  if (!request.principals.length) throw usageError('no principal: pass --allow User:NAME or --deny User:NAME');
  request.principals.forEach((p) => validatePrincipal(p.principal));
  validateHost(request.host);
  const perResource = new Map<AclResource, Set<AclOperation>>();
  const grant = (resource: AclResource, operations: readonly AclOperation[]) => {
    const set = perResource.get(resource) ?? new Set<AclOperation>();
    operations.forEach((op) => set.add(op));
    perResource.set(resource, set);
  };
  const of = (type: AclResourceType) => request.resources.filter((r) => r.resourceType === type);
  if (request.producer || request.consumer) {
    if (!of('Topic').length) throw usageError(`--${request.producer ? 'producer' : 'consumer'} needs at least one --topic`);
    if (request.consumer && !of('Group').length) throw usageError('--consumer needs --group GROUP', 'a consumer commits offsets for a group');
    if (request.producer) {
      of('Topic').forEach((r) => grant(r, ['Write', 'Describe', 'Create']));
      of('TransactionalId').forEach((r) => grant(r, ['Write', 'Describe']));
      if (request.idempotent) grant({ resourceType: 'Cluster', resourceName: CLUSTER_RESOURCE_NAME, patternType: 'Literal' }, ['IdempotentWrite']);
    }
    if (request.consumer) {
      of('Topic').forEach((r) => grant(r, ['Read', 'Describe']));
      of('Group').forEach((r) => grant(r, ['Read']));
    }
  } else if (request.idempotent) {
    throw usageError('--idempotent goes with --producer');
  }
  if (request.operations.length) {
    if (!request.resources.length) throw usageError('no resource: pass --topic, --group, --cluster or --transactional-id');
    request.resources.forEach((r) => grant(r, request.operations));
  } else if (!request.producer && !request.consumer) {
    throw usageError('no operation: pass --operation (e.g. Write), or --producer / --consumer');
  }
  const bindings: AclBinding[] = [];
  for (const [resource, operations] of perResource) {
    for (const operation of operations) {
      checkOperationAllowed(operation, resource.resourceType);
      for (const { principal, permission } of request.principals) bindings.push({ principal, host: request.host, operation, permission, ...resource });
    }
  }
  return bindings;
}

/** A stable order for listing: resource, then principal, then operation. */
export function compareBindings(a: AclBinding, b: AclBinding): number {
  const key = (x: AclBinding) => [x.resourceType, x.patternType, x.resourceName, x.principal, x.host, x.permission, x.operation].join('\u0000');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
