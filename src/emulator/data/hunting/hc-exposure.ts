import type { Row } from '../../kql/table.js';
import type { Machine, User } from '../model.js';
import type { BackgroundContext } from './context.js';
import { tenantAdmin } from './hc-activity.js';
import type { RowSource } from './table.js';

/**
 * The exposure graph (ExposureGraphNodes / ExposureGraphEdges) of the tenant: its devices, users
 * and groups, a few Azure resources and what external attack surface management found on the
 * internet-facing side, with the edges hunts walk: who can authenticate to which device (helpdesk
 * as local admin), which devices hold whose credentials (NTLM hashes, browser cookies), who has
 * permissions on which resource, and which CVE affects which host. A snapshot: no timestamps.
 * Flags inside rawData are the strings "true"/"false", as hunts over these tables compare them.
 */
interface Node {
  NodeId: string;
  NodeLabel: string;
  NodeName: string;
  Categories: string[];
}

function node(into: Row[], n: Node, rawData: Record<string, unknown>, entityIds: unknown[] = []): Node {
  into.push({ ...n, NodeProperties: { rawData }, EntityIds: entityIds });
  return n;
}

function edge(into: Row[], label: string, from: Node, to: Node, rawData: Record<string, unknown> = {}): void {
  into.push({
    EdgeId: `${from.NodeId}|${label}|${to.NodeId}`,
    EdgeLabel: label,
    SourceNodeId: from.NodeId,
    SourceNodeName: from.NodeName,
    SourceNodeLabel: from.NodeLabel,
    SourceNodeCategories: from.Categories,
    TargetNodeId: to.NodeId,
    TargetNodeName: to.NodeName,
    TargetNodeLabel: to.NodeLabel,
    TargetNodeCategories: to.Categories,
    EdgeProperties: { rawData },
  });
}

const EASM_LINK = 'https://portal.azure.com/#view/Microsoft_Azure_EASM/AssetDetailsBlade/assetId/';

function graph(context: BackgroundContext): { nodes: Row[]; edges: Row[] } {
  const nodes: Row[] = [];
  const edges: Row[] = [];
  const device = (m: Machine) =>
    node(
      nodes,
      {
        NodeId: `device-${m.id}`,
        NodeLabel: 'device',
        NodeName: m.computerDnsName,
        Categories: ['device', 'virtual_machine'],
      },
      {
        osPlatform: m.osPlatform,
        exposureScore: m.exposureLevel,
        riskScore: m.riskScore,
        publicIP: m.lastExternalIpAddress,
      },
      [{ type: 'DeviceInventoryId', id: m.id }],
    );
  const person = (u: User) =>
    node(
      nodes,
      {
        NodeId: `user-${u.id}`,
        NodeLabel: 'user',
        NodeName: u.displayName,
        Categories: ['identity', 'user'],
      },
      { accountUpn: u.userPrincipalName, accountName: u.onPremisesSamAccountName, department: u.department },
      [{ type: 'AadObjectId', id: u.id }],
    );
  const group = (name: string) =>
    node(
      nodes,
      { NodeId: `group-${name}`, NodeLabel: 'group', NodeName: name, Categories: ['identity', 'group'] },
      {},
    );
  const devices = new Map(context.machines.map((m) => [m, device(m)]));
  const users = new Map(context.users.map((u) => [u, person(u)]));
  const helpdesk = group('Helpdesk Admins');
  const admins = group('Domain Admins');
  const admin = tenantAdmin(context);
  edge(edges, 'member of', users.get(admin) as Node, admins);
  for (const [m, d] of devices) {
    if (m.osPlatform.startsWith('Windows'))
      edge(edges, 'can authenticate to', helpdesk, d, { userRightsOnDevice: { isLocalAdmin: 'true' } });
    context.usersOf(m).forEach((u, i) => {
      const who = users.get(u) as Node;
      edge(edges, 'can authenticate to', who, d, { userRightsOnDevice: { isLocalAdmin: 'false' } });
      // Credentials the device holds of users who signed in there: what an attacker on it could steal.
      edge(edges, 'has credentials of', d, who, {
        ntlmHash: { ntlmHash: i === 0 ? 'true' : 'false' },
        browserCookies: { browserCookies: i === 0 ? 'true' : 'false' },
      });
    });
  }
  const resource = (type: string, name: string) =>
    node(
      nodes,
      { NodeId: `azure-${name}`, NodeLabel: type, NodeName: name, Categories: ['cloud_resource', 'azure'] },
      { resourceType: type, subscriptionName: `${context.tenant.displayName} Production` },
    );
  const resources = [
    resource('microsoft.keyvault/vaults', `kv-${context.tenant.key}-finance`),
    resource('microsoft.storage/storageaccounts', `st${context.tenant.key}backup`),
    resource('microsoft.compute/virtualmachines', 'vm-build-01'),
  ];
  const roles = ['Owner', 'Contributor', 'Key Vault Secrets User'];
  resources.forEach((r, i) => {
    const role = { permissions: { roles: [{ name: roles[i], actions: ['*'] }] } };
    edge(edges, 'has permissions to', users.get(admin) as Node, r, role);
    edge(edges, 'has permissions to', admins, r, role);
  });
  // The internet-facing side, as Defender EASM sees it: a VPN host with a critical CVE, a login page.
  const vpn = node(
    nodes,
    {
      NodeId: 'easm-host-vpn',
      NodeLabel: 'dns-host',
      NodeName: `vpn.${context.tenant.dnsSuffix}`,
      Categories: ['external'],
    },
    {
      deepLink: `${EASM_LINK}host-vpn`,
      highRiskVulnerabilityInsights: {
        hasHighOrCritical: 'true',
        maxCvssScore: 9.4,
        vulnerableToRemoteCodeExecution: { maxCvssScore: 9.4 },
      },
    },
  );
  const page = node(
    nodes,
    {
      NodeId: 'easm-page-login',
      NodeLabel: 'web-page',
      NodeName: `https://vpn.${context.tenant.dnsSuffix}/remote/login`,
      Categories: ['external'],
    },
    { deepLink: `${EASM_LINK}page-login` },
  );
  const cve = node(
    nodes,
    {
      NodeId: 'cve-CVE-2023-27997',
      NodeLabel: 'Cve',
      NodeName: 'CVE-2023-27997',
      Categories: ['vulnerability'],
    },
    { cvssScore: 9.4 },
  );
  edge(edges, 'affecting', cve, vpn);
  edge(edges, 'affecting', cve, page);
  return { nodes, edges };
}

const cache = new WeakMap<BackgroundContext, { nodes: Row[]; edges: Row[] }>();

/** The graph's node or edge rows, built once per tenant. */
export function exposureRows(context: BackgroundContext, kind: 'nodes' | 'edges'): RowSource {
  let built = cache.get(context);
  if (!built) {
    built = graph(context);
    cache.set(context, built);
  }
  const rows = built[kind];
  return { count: rows.length, row: (i, into) => Object.assign(into, rows[i]) };
}
