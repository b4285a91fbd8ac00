import type { GuardTarget } from '../../kernel/guards/targets.js';
import type { Machine } from '../schemas/mde.js';

/**
 * What a device *is*, as far as the protected-target rules care. Defender for Endpoint's machine
 * record has no role field, so a domain controller is recognised by what operators mark it with:
 * a tag, or the device group it sits in. Roles are the words `protected.roles` matches.
 */
export const DEVICE_ROLES = { domainController: 'domainController', server: 'server' } as const;

const DC_TAG = /^(domain[ -_]?controllers?|dc|tier ?0)$/i;
const DC_GROUP = /domain controllers?/i;

export function deviceRoles(machine: Machine): string[] {
  const roles: string[] = [];
  const tags = machine.machineTags ?? [];
  if (tags.some((t) => DC_TAG.test(t)) || DC_GROUP.test(machine.rbacGroupName ?? '')) {
    roles.push(DEVICE_ROLES.domainController);
  }
  const os = machine.osPlatform ?? '';
  if (roles.length > 0 || /server/i.test(os) || /^servers?$/i.test(machine.rbacGroupName ?? '')) {
    roles.push(DEVICE_ROLES.server);
  }
  return roles;
}

/** A machine as a guard target: canonical id, DNS name (also its short host name), tags, roles. */
export function deviceTarget(machine: Machine, label: string): GuardTarget {
  const dns = machine.computerDnsName ?? '';
  const host = dns.split('.')[0] ?? '';
  return {
    id: machine.id.toLowerCase(),
    label,
    names: [dns, host].filter((n) => n.length > 0),
    tags: machine.machineTags ?? [],
    roles: deviceRoles(machine),
  };
}
