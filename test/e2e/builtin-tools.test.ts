import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_META_KEY } from '../../src/cli/sandbox/mark.js';
import { ROOT } from '../cli/run-cli.js';
import { type EmulatorControlClient, emulatorControl } from './emulator-control.js';
import { startSandboxHttp, startSandboxStdio } from './sandbox-child.js';
import { findSeededIds, type SeededIds } from './seeded-ids.js';

const READ_TOOLS = [
  'enrich_device',
  'enrich_file',
  'enrich_ip',
  'enrich_user',
  'find_devices',
  'get_alert',
  'get_device_actions',
  'get_hunting_schema',
  'get_incident',
  'get_investigation_package',
  'list_alerts',
  'list_incidents',
  'list_indicators',
  'run_hunting_query',
];
/** The acting tools (devices, identity, indicators, incident triage): the sandbox offers them at maxTier 'destructive'. */
const ACTING_TOOLS = {
  confirm_user_compromised: 'write',
  disable_account: 'destructive',
  dismiss_user_risk: 'write',
  enable_account: 'write',
  force_password_reset: 'destructive',
  revoke_sessions: 'destructive',
  add_alert_comment: 'write',
  add_incident_comment: 'write',
  update_alert: 'write',
  update_incident: 'write',
  update_incidents: 'write',
  collect_investigation_package: 'write',
  isolate_device: 'destructive',
  isolate_devices: 'destructive',
  quarantine_file: 'destructive',
  release_device: 'write',
  remove_app_restriction: 'write',
  restrict_app_execution: 'destructive',
  run_av_scan: 'write',
  submit_indicator: 'destructive',
  delete_indicator: 'write',
} as const;
const BUILTIN_TOOLS = [...READ_TOOLS, ...Object.keys(ACTING_TOOLS)].sort();

interface Running {
  client: Client;
  stderr(): string;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** The same tests over both transports, each with a different way to pick the plugins. */
const TRANSPORTS: [string, () => Promise<Running>][] = [
  [
    'Streamable HTTP with the example operator config',
    async () => {
      const sandbox = await startSandboxHttp(['--config', join(ROOT, 'mcp-xdr.config.ts')]);
      return {
        ...sandbox,
        close: async () => {
          await sandbox.client.close();
          await sandbox.stop();
        },
      };
    },
  ],
  ['stdio with the sandbox default config', () => startSandboxStdio()],
];

const errorOf = (result: CallToolResult) =>
  (result._meta?.['mcp-xdr/error'] ?? {}) as { code?: string; retryAfter?: number; hint?: string };
const structured = <T>(result: CallToolResult) => result.structuredContent as T;

function expectOk(result: CallToolResult) {
  expect(result.isError, JSON.stringify(result.content).slice(0, 600)).toBeFalsy();
  expect(result._meta?.[SANDBOX_META_KEY]).toBe(true);
}

function expectError(result: CallToolResult, code: string) {
  expect(result.isError, JSON.stringify(result).slice(0, 600)).toBe(true);
  expect(errorOf(result).code, JSON.stringify(result.content).slice(0, 600)).toBe(code);
}

describe.each(TRANSPORTS)('built-in tools over %s', (_transport, start) => {
  let sandbox: Running;
  let control: EmulatorControlClient;
  let seen: SeededIds;

  beforeAll(async () => {
    sandbox = await start();
    control = emulatorControl(sandbox.stderr());
    seen = await findSeededIds(sandbox.call);
  });
  afterEach(async () => control?.clearFaults());
  afterAll(async () => {
    await control?.close();
    await sandbox?.close();
  });

  it('lists exactly the built-in tools, with hints from their tiers', async () => {
    const { tools } = await sandbox.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(BUILTIN_TOOLS);
    for (const tool of tools) {
      const tier = (ACTING_TOOLS as Record<string, string>)[tool.name] ?? 'read';
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(tier === 'read');
      if (tier !== 'read') expect(tool.annotations?.destructiveHint, tool.name).toBe(tier === 'destructive');
    }
  });

  describe('list_incidents', () => {
    it('lists a page of the default tenant, newest first, marked as sandbox data', async () => {
      const result = await sandbox.call('list_incidents', { limit: 5 });
      expectOk(result);
      const [contoso] = structured<{
        results: { tenant: string; ok: boolean; incidents: { created: string }[] }[];
      }>(result).results;
      expect(contoso).toMatchObject({ tenant: 'contoso', ok: true });
      expect(contoso!.incidents).toHaveLength(5);
      const created = contoso!.incidents.map((incident) => incident.created);
      expect(created).toEqual([...created].sort().reverse());
    });

    it('fans out to every tenant with one failing tenant reported in place', async () => {
      await control.addFault({ kind: 'status', status: 500, api: 'graph', tenant: 'fabrikam' });
      const result = await sandbox.call('list_incidents', { limit: 2, tenant: '*' });
      expectOk(result);
      const results = structured<{ results: { tenant: string; ok: boolean }[] }>(result).results;
      const byTenant = Object.fromEntries(results.map((r) => [r.tenant, r.ok]));
      // Each emulated tenant once: the read-only apps are not sandbox tenants (issue 15 item 9).
      expect(results.map((r) => r.tenant)).toEqual(['contoso', 'fabrikam']);
      expect(byTenant).toEqual({ contoso: true, fabrikam: false });
    });

    it('refuses an unknown tenant without echoing it, and a limit out of range', async () => {
      const unknown = await sandbox.call('list_incidents', { tenant: 'globex-secret' });
      expect(unknown.isError).toBe(true);
      expect(JSON.stringify(unknown)).not.toContain('globex-secret');
      expectError(await sandbox.call('list_incidents', { limit: 0 }), 'validation_error');
      expectError(await sandbox.call('list_incidents', { limit: 5, color: 'red' }), 'validation_error');
    });

    it('says how long to wait when Graph throttles, and reports a Graph 500 as upstream', async () => {
      await control.addFault({ kind: 'status', status: 429, retryAfter: 120, api: 'graph' });
      const throttled = await sandbox.call('list_incidents', {});
      expectError(throttled, 'rate_limited');
      expect(errorOf(throttled).retryAfter).toBeGreaterThan(0);
      await control.clearFaults();
      await control.addFault({ kind: 'status', status: 500, api: 'graph' });
      const failed = await sandbox.call('list_incidents', {});
      expectError(failed, 'upstream_error');
      expect(JSON.stringify(failed)).not.toMatch(/https:\/\/127\.0\.0\.1/);
    });
  });

  describe('get_incident', () => {
    it('tells the whole story: alerts, evidence by kind, MITRE techniques', async () => {
      const result = await sandbox.call('get_incident', { incidentId: seen.incidentId });
      expectOk(result);
      const story = structured<{
        alerts: unknown[];
        evidence: { devices: unknown[] };
        mitreTechniques: string[];
      }>(result);
      expect(story.alerts.length).toBeGreaterThan(2);
      expect(story.evidence.devices.length).toBeGreaterThan(0);
      expect(story.mitreTechniques.length).toBeGreaterThan(0);
    });

    it('refuses an id that is not a number, and says not_found for one that does not exist', async () => {
      expectError(await sandbox.call('get_incident', { incidentId: "1' or 1 eq 1" }), 'validation_error');
      expectError(await sandbox.call('get_incident', { incidentId: '987654321' }), 'not_found');
    });
  });

  describe('list_alerts and get_alert', () => {
    it('lists alerts and opens one with its evidence', async () => {
      const listed = await sandbox.call('list_alerts', { limit: 3, severity: 'high' });
      expectOk(listed);
      const alerts = structured<{ results: { alerts: { id: string; severity: string }[] }[] }>(listed)
        .results[0]!.alerts;
      expect(alerts).toHaveLength(3);
      expect(new Set(alerts.map((alert) => alert.severity))).toEqual(new Set(['high']));
      const opened = await sandbox.call('get_alert', { alertId: seen.alertId });
      expectOk(opened);
      expect(structured<{ alert: { id: string } }>(opened).alert.id).toBe(seen.alertId);
    });

    it('refuses a malformed alert id and says not_found for an unknown one', async () => {
      expectError(await sandbox.call('get_alert', { alertId: '../../users' }), 'validation_error');
      expectError(
        await sandbox.call('get_alert', { alertId: `${seen.alertId.slice(0, -4)}ffff` }),
        'not_found',
      );
    });
  });

  describe('run_hunting_query and get_hunting_schema', () => {
    it('runs a query and returns schema and rows', async () => {
      const result = await sandbox.call('run_hunting_query', {
        query: 'DeviceProcessEvents | project Timestamp, DeviceName, FileName | take 3',
      });
      expectOk(result);
      const [contoso] = structured<{
        results: { ok: boolean; rows: unknown[]; schema: { name: string }[] }[];
      }>(result).results;
      expect(contoso!.rows).toHaveLength(3);
      expect(contoso!.schema.map((column) => column.name)).toEqual(['Timestamp', 'DeviceName', 'FileName']);
    });

    it('refuses a management command and a syntax error before sending anything', async () => {
      expectError(await sandbox.call('run_hunting_query', { query: '.show tables' }), 'validation_error');
      const syntax = await sandbox.call('run_hunting_query', { query: 'DeviceProcessEvents | where (' });
      expectError(syntax, 'validation_error');
      expect(JSON.stringify(syntax.content)).toMatch(/line 1/i);
    });

    it('cuts a large result to the budget and says so, with a hint to narrow it', async () => {
      const result = await sandbox.call('run_hunting_query', { query: 'DeviceProcessEvents | take 3000' });
      expectOk(result);
      const body = structured<{ truncated: boolean; hint?: string; results: { rows: unknown[] }[] }>(result);
      expect(body.truncated).toBe(true);
      expect(body.hint).toBeTruthy();
      expect(body.results[0]!.rows.length).toBeLessThan(3000);
    });

    it('stops a hunt the client cancels, and serves the next one', async () => {
      await control.addFault({
        kind: 'latency',
        ms: 20_000,
        api: 'graph',
        path: '*runHuntingQuery*',
        times: 1,
      });
      const controller = new AbortController();
      const pending = sandbox.client.callTool(
        { name: 'run_hunting_query', arguments: { query: 'DeviceInfo | take 1' } },
        undefined,
        { signal: controller.signal },
      );
      setTimeout(() => controller.abort(), 500);
      await expect(pending).rejects.toThrow();
      await control.clearFaults();
      expectOk(await sandbox.call('run_hunting_query', { query: 'DeviceInfo | take 1' }));
    });

    it('describes the tables and one table’s columns; an unknown table is an error', async () => {
      const all = await sandbox.call('get_hunting_schema', {});
      expectOk(all);
      expect(structured<{ tables: { name: string }[] }>(all).tables.map((t) => t.name)).toContain(
        'DeviceProcessEvents',
      );
      const one = await sandbox.call('get_hunting_schema', { table: 'DeviceProcessEvents' });
      expectOk(one);
      expect(JSON.stringify(one.structuredContent)).toContain('ProcessCommandLine');
      expect((await sandbox.call('get_hunting_schema', { table: 'NoSuchTable' })).isError).toBe(true);
    });
  });

  describe('enrichment', () => {
    it('enrich_device: the machine record and whether it is isolated now', async () => {
      const result = await sandbox.call('enrich_device', { machineId: seen.machineId });
      expectOk(result);
      const device = structured<{ machine: { id: string }; containment: unknown }>(result);
      expect(device.machine.id).toBe(seen.machineId);
      expect(device.containment).toBeDefined();
      expectError(await sandbox.call('enrich_device', { machineId: 'not-a-machine' }), 'validation_error');
      expectError(await sandbox.call('enrich_device', { machineId: 'f'.repeat(40) }), 'not_found');
    });

    it('enrich_user: profile, risk and sign-ins of a user from the evidence', async () => {
      const result = await sandbox.call('enrich_user', { upn: seen.upn });
      expectOk(result);
      expect(structured<{ profile: { userPrincipalName: string } }>(result).profile.userPrincipalName).toBe(
        seen.upn,
      );
      expectError(await sandbox.call('enrich_user', { upn: 'not a upn' }), 'validation_error');
      expectError(
        await sandbox.call('enrich_user', { upn: 'nobody-here@contoso.onmicrosoft.com' }),
        'not_found',
      );
    });

    it('enrich_ip and enrich_file: what Defender knows, in every tenant with "*"', async () => {
      const ip = await sandbox.call('enrich_ip', { ip: seen.ip });
      expectOk(ip);
      expect(structured<{ ip: string }>(ip).ip).toBe(seen.ip);
      const file = await sandbox.call('enrich_file', { hash: seen.hash, tenant: '*' });
      expectOk(file);
      expect(structured<{ results: { tenant: string }[] }>(file).results.map((r) => r.tenant)).toContain(
        'fabrikam',
      );
      expectError(await sandbox.call('enrich_ip', { ip: '999.1.1.1' }), 'validation_error');
      expectError(await sandbox.call('enrich_file', { hash: 'abc' }), 'validation_error');
    });
  });
});
