import { usageError } from '../../errors.js';
import { validatePrincipal } from '../../kafka/security/acl-bindings.js';
import { parseOperation, parsePatternType, resourcesFromFlags, type ResourceFlags } from './flags.js';
import type { AclQuery } from '../../kafka/security/acls.js';

export interface QueryOptions extends ResourceFlags {
  principal?: string;
  operation?: string;
  permission?: string;
  host?: string;
}

/** The queries `acl list` and `acl remove` send: one per named resource, or one for everything. */
export function queriesFromFlags(options: QueryOptions, defaultPattern: 'Any' | 'Match'): AclQuery[] {
  const pattern = options.pattern === undefined ? defaultPattern
    : /^(any|match)$/i.test(options.pattern) ? (options.pattern.toLowerCase() === 'any' ? 'Any' : 'Match') : parsePatternType(options.pattern);
  const permission = options.permission === undefined ? undefined : parsePermission(options.permission);
  const common: AclQuery = {
    principal: options.principal === undefined ? undefined : validatePrincipal(options.principal),
    host: options.host,
    operation: options.operation === undefined ? undefined : parseOperation(options.operation),
    permission,
  };
  // Pattern validity is checked per resource by resourcesFromFlags; any/match are filters only.
  const resources = resourcesFromFlags({ ...options, pattern: pattern === 'Prefixed' ? 'prefixed' : undefined });
  if (!resources.length) return [{ ...common, patternType: options.pattern === undefined ? 'Any' : pattern }];
  return resources.map((r) => ({ ...common, resourceType: r.resourceType, resourceName: r.resourceName, patternType: pattern }));
}

function parsePermission(value: string) {
  if (/^allow$/i.test(value)) return 'Allow' as const;
  if (/^deny$/i.test(value)) return 'Deny' as const;
  throw usageError(`unknown --permission "${value}"`, 'use allow or deny');
}
