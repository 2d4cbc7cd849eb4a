import { usageError } from '../../errors.js';
import {
  type AclOperation, aclOperations, type AclPatternType, type AclResource, type AclResourceType, aclResourceTypes, CLUSTER_RESOURCE_NAME,
} from '../../kafka/security/acl-bindings.js';

/** ACL words as people type them on the command line, turned into the model of kafka/security/acl-bindings.ts. */

const squash = (value: string) => value.replace(/[-_\s]/g, '').toLowerCase();

/** "Write", "write", "IDEMPOTENT_WRITE" and "idempotent-write" alike. */
export function parseOperation(value: string): AclOperation {
  const operation = aclOperations.find((op) => squash(op) === squash(value));
  if (!operation) throw usageError(`unknown ACL operation "${value}"`, `use one of: ${aclOperations.join(', ')}`);
  return operation;
}

export function parseOperations(values: string[] | undefined): AclOperation[] {
  return [...new Set((values ?? []).flatMap((v) => v.split(',')).filter((v) => v.trim()).map((v) => parseOperation(v.trim())))];
}

export function parseResourceType(value: string): AclResourceType {
  const type = aclResourceTypes.find((t) => squash(t) === squash(value));
  if (!type) throw usageError(`unknown ACL resource type "${value}"`, `use one of: ${aclResourceTypes.join(', ')}`);
  return type;
}

export function parsePatternType(value: string): AclPatternType {
  const pattern = (['Literal', 'Prefixed'] as const).find((p) => squash(p) === squash(value));
  if (!pattern) throw usageError(`unknown --pattern "${value}"`, 'use literal or prefixed');
  return pattern;
}

export interface ResourceFlags {
  topic?: string[];
  group?: string[];
  cluster?: boolean;
  transactionalId?: string[];
  pattern?: string;
}

/** The resources named by --topic/--group/--cluster/--transactional-id, with --pattern applied. */
export function resourcesFromFlags(flags: ResourceFlags): AclResource[] {
  const patternType = flags.pattern === undefined ? 'Literal' : parsePatternType(flags.pattern);
  const named = (resourceType: AclResourceType, names: string[] | undefined): AclResource[] =>
    (names ?? []).map((resourceName) => {
      if (resourceName === '') throw usageError(`an empty ${resourceType} name`, 'name the resource, or * for all of them');
      if (resourceName === '*' && patternType === 'Prefixed') throw usageError('a prefixed pattern cannot be "*"', 'use --pattern literal with * for every resource');
      return { resourceType, resourceName, patternType };
    });
  const resources = [...named('Topic', flags.topic), ...named('Group', flags.group), ...named('TransactionalId', flags.transactionalId)];
  if (flags.cluster) {
    if (patternType === 'Prefixed') throw usageError('--cluster takes no --pattern prefixed', 'the cluster is one literal resource');
    resources.push({ resourceType: 'Cluster', resourceName: CLUSTER_RESOURCE_NAME, patternType: 'Literal' });
  }
  return resources;
}
