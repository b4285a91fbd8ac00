import type { Principal } from '../types.js';

/** How audit records name a principal: who, how it authenticated, and under which role. */
export interface PrincipalRecord {
  id: string;
  kind: string;
  role?: string;
  auth?: string;
}

export function principalRecord(principal: Principal): PrincipalRecord {
  return {
    id: principal.id,
    kind: principal.kind,
    ...(principal.role !== undefined ? { role: principal.role.name } : {}),
    ...(principal.authMethod !== undefined && principal.authMethod !== 'none'
      ? { auth: principal.authMethod }
      : {}),
  };
}
