import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_TOOL_PERMISSIONS } from '../../src/cli/tool-permissions.js';
import { createRoutes } from '../../src/emulator/routes/index.js';
import { startXdr, type XdrHarness } from '../helpers/xdr-harness.js';
import { findSeededIds, type SeededIds } from './seeded-ids.js';

/** One happy-path call per built-in tool, with ids from the seeded world. */
const CALLS: Record<string, (ids: SeededIds) => Record<string, unknown>> = {
  list_incidents: () => ({ limit: 3 }),
  get_incident: (ids) => ({ incidentId: ids.incidentId }),
  list_alerts: () => ({ limit: 3 }),
  get_alert: (ids) => ({ alertId: ids.alertId }),
  run_hunting_query: () => ({ query: 'DeviceInfo | take 1' }),
  get_hunting_schema: () => ({ table: 'DeviceInfo' }),
  enrich_device: (ids) => ({ machineId: ids.machineId }),
  enrich_user: (ids) => ({ upn: ids.upn }),
  enrich_ip: (ids) => ({ ip: ids.ip }),
  enrich_file: (ids) => ({ hash: ids.hash }),
  // Triage writes: previewed, then confirmed (both phases reach Microsoft).
  update_incident: (ids) => ({ incidentId: ids.incidentId, assignedTo: 'perm-check-1@contoso.com' }),
  update_incidents: (ids) => ({ incidentIds: [ids.incidentId], assignedTo: 'perm-check-2@contoso.com' }),
  add_incident_comment: (ids) => ({ incidentId: ids.incidentId, comment: 'permission check' }),
  update_alert: (ids) => ({ alertId: ids.alertId, assignedTo: 'perm-check-1@contoso.com' }),
  add_alert_comment: (ids) => ({ alertId: ids.alertId, comment: 'permission check' }),
  // Acting tools run their preview phase: the live reads they make before any change.
  find_devices: (ids) => ({ machineId: ids.machineId }),
  get_device_actions: (ids) => ({ machineId: ids.machineId }),
  isolate_device: () => ({ machineId: acting.machineId, comment: 'x' }),
  isolate_devices: () => ({ machineIds: [acting.machineId], comment: 'x' }),
  release_device: () => ({ machineId: acting.machineId, comment: 'x' }),
  run_av_scan: () => ({ machineId: acting.machineId, comment: 'x' }),
  quarantine_file: () => ({ machineId: acting.machineId, comment: 'x', sha1: 'a'.repeat(40) }),
  restrict_app_execution: () => ({ machineId: acting.machineId, comment: 'x' }),
  remove_app_restriction: () => ({ machineId: acting.machineId, comment: 'x' }),
  collect_investigation_package: () => ({ machineId: acting.machineId, comment: 'x' }),
  get_investigation_package: () => ({ actionId: acting.collectionId }),
  disable_account: () => ({ account: `hybrid.user@${acting.domain}` }),
  enable_account: () => ({ account: `disabled.user@${acting.domain}` }),
  force_password_reset: () => ({ account: `hybrid.user@${acting.domain}` }),
  revoke_sessions: () => ({ account: `hybrid.user@${acting.domain}` }),
  confirm_user_compromised: (ids) => ({ account: ids.upn }),
  dismiss_user_risk: (ids) => ({ account: ids.upn }),
  list_indicators: () => ({ top: 5 }),
  submit_indicator: () => ({
    indicatorType: 'DomainName',
    value: 'permission-check.example',
    action: 'Block',
    title: 'permission check',
    description: 'permission check',
  }),
  delete_indicator: () => ({ indicatorType: 'IpAddress', value: '203.0.113.66' }),
};

/** Tools run through both phases; the other acting tools run their preview only (no person to approve here). */
const CONFIRMED = new Set([
  'update_incident',
  'update_incidents',
  'add_incident_comment',
  'update_alert',
  'add_alert_comment',
]);

/** A workstation (not protected) and a finished collection, for the acting tools. */
const acting = { machineId: '', collectionId: '', domain: '' };

/**
 * The permission list `check --online` uses is kept by hand; this keeps it honest. Each tool runs
 * against the emulator, and every Microsoft route it reached must be allowed by one of the
 * permissions listed for the tool (the emulator's routes carry the roles Microsoft documents).
 */
describe('the permissions listed for check --online cover what each built-in tool calls', () => {
  let xdr: XdrHarness;
  let ids: SeededIds;
  let routes: Map<string, { api: string; roles: readonly string[] }>;
  beforeAll(async () => {
    xdr = await startXdr({
      plugins: {
        incidents: true,
        hunting: true,
        enrichment: true,
        devices: true,
        identity: true,
        indicators: true,
      },
      config: { policy: { maxTier: 'destructive' } },
    });
    ids = await findSeededIds(xdr.call);
    const tenant = xdr.emulator.world.tenant('contoso');
    const machine = tenant?.machines.find((m) => m.rbacGroupName === 'Workstations');
    if (!tenant || !machine) throw new Error('no seeded workstation');
    acting.machineId = machine.id;
    acting.domain = tenant.domain;
    acting.collectionId = tenant.machineActions.request({
      machine,
      type: 'CollectInvestigationPackage',
      scope: null,
      comment: 'x',
      requestor: 'analyst',
    }).id;
    routes = new Map(
      createRoutes(xdr.emulator.world).map((route) => [
        `${route.method} ${route.pattern}`.toLowerCase(),
        route,
      ]),
    );
  });
  afterAll(async () => xdr?.close());

  it('has a happy-path call here for every built-in tool', () => {
    expect(Object.keys(CALLS).sort()).toEqual(Object.keys(BUILTIN_TOOL_PERMISSIONS).sort());
  });

  it.each(Object.keys(CALLS))('%s', async (tool) => {
    xdr.emulator.control.counters.reset();
    const args = CALLS[tool]!(ids);
    let result = await xdr.call(tool, args);
    const token = (result.structuredContent as { confirmation?: { token: string } } | undefined)
      ?.confirmation;
    if (token && CONFIRMED.has(tool))
      result = await xdr.call(tool, { ...args, confirmationToken: token.token });
    expect(result.isError, JSON.stringify(result.content).slice(0, 400)).toBeFalsy();
    const reached = xdr.emulator.control.counters
      .snapshot()
      .requests.map((entry) => routes.get(entry.route.toLowerCase()))
      .filter((route) => route !== undefined && route.roles.length > 0);
    const needs = BUILTIN_TOOL_PERMISSIONS[tool]!;
    for (const route of reached) {
      const covered = needs.some(
        (need) => need.resource === route!.api && need.permissions.some((p) => route!.roles.includes(p)),
      );
      expect(covered, `${tool} calls a route needing one of ${route!.roles.join(', ')}`).toBe(true);
    }
  });
});
