/**
 * `npm run demo`: a scripted investigation through a real MCP client against the sandbox. It spawns
 * the built `mcp-xdr sandbox --transport stdio` (the emulator and the server in one child process)
 * and, like an analyst would: lists incidents, opens the worst, enriches its device and user, and
 * hunts for its command line across every tenant. Each step prints the call and the tool's own text.
 */
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const NEEDED = ['list_incidents', 'get_incident', 'enrich_device', 'enrich_user', 'run_hunting_query'];
const SEVERITY_RANK: Record<string, number> = { high: 3, medium: 2, low: 1, informational: 0 };
/** Lines of each tool's text shown (the model gets all of it). */
const SHOWN_LINES = Number(process.env.DEMO_LINES ?? 18);

type Json = Record<string, unknown>;

interface IncidentRow {
  id: string;
  title?: string;
  severity?: string;
  status?: string;
  alertCount: number;
  created?: string;
}

const out = (text = '') => process.stdout.write(`${text}\n`);

/** A KQL string literal: backslashes and quotes escaped, so the value cannot end it. */
const kqlString = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

class DemoError extends Error {}

async function step(client: Client, n: number, why: string, name: string, args: Json): Promise<Json> {
  out(`\n━━ ${n}. ${why}`);
  out(`   → ${name} ${JSON.stringify(args)}`);
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content
    .map((item) => (item.type === 'text' ? item.text : `[${item.type}]`))
    .join('\n')
    .split('\n');
  const shown = text.slice(0, SHOWN_LINES).map((line) => `   │ ${line}`);
  if (text.length > SHOWN_LINES) shown.push(`   │ … ${text.length - SHOWN_LINES} more lines`);
  out(shown.join('\n'));
  if (result.isError) throw new DemoError(`${name} failed: ${text.join(' ')}`);
  return (result.structuredContent ?? {}) as Json;
}

function worstIncident(listing: Json): IncidentRow {
  const results = (listing.results ?? []) as { ok: boolean; incidents?: IncidentRow[] }[];
  const incidents = results.flatMap((tenant) => (tenant.ok ? (tenant.incidents ?? []) : []));
  const ranked = [...incidents].sort(
    (a, b) =>
      (SEVERITY_RANK[b.severity ?? ''] ?? -1) - (SEVERITY_RANK[a.severity ?? ''] ?? -1) ||
      b.alertCount - a.alertCount ||
      (b.created ?? '').localeCompare(a.created ?? ''),
  );
  const worst = ranked[0];
  if (worst === undefined) throw new DemoError('the sandbox listed no incidents');
  return worst;
}

interface Evidence {
  devices?: { mdeDeviceId?: string; dnsName?: string }[];
  users?: { upn?: string }[];
  processes?: { commandLine?: string }[];
}

async function investigate(client: Client): Promise<void> {
  const { tools } = await client.listTools();
  const names = new Set(tools.map((tool) => tool.name));
  const missing = NEEDED.filter((name) => !names.has(name));
  if (missing.length > 0) {
    throw new DemoError(
      `the sandbox does not offer ${missing.join(', ')} (built-in tools: ${[...names].join(', ') || 'none'}). ` +
        'Are the incidents, enrichment and hunting plugins in this build? Run `npm run build` and try again.',
    );
  }
  out(`Connected: ${tools.length} tools (${[...names].join(', ')}).`);

  const listing = await step(client, 1, 'What is going on? The newest incidents.', 'list_incidents', {
    limit: 20,
  });
  const worst = worstIncident(listing);
  out(
    `   ⇒ worst: incident ${worst.id} (${worst.severity}, ${worst.alertCount} alerts): ${worst.title ?? ''}`,
  );

  const story = await step(client, 2, 'Open the worst one: alerts, evidence, MITRE.', 'get_incident', {
    incidentId: worst.id,
  });
  const evidence = (story.evidence ?? {}) as Evidence;
  const device = evidence.devices?.find((d) => d.mdeDeviceId !== undefined);
  const user = evidence.users?.find((u) => u.upn !== undefined);
  const commandLine = evidence.processes?.find((p) => (p.commandLine ?? '').length > 0)?.commandLine;

  let n = 3;
  if (device?.mdeDeviceId !== undefined) {
    await step(client, n++, `Who is ${device.dnsName ?? 'the device'}? Is it isolated?`, 'enrich_device', {
      machineId: device.mdeDeviceId,
    });
  } else out(`\n━━ ${n++}. (no device in the evidence: skipping enrich_device)`);
  if (user?.upn !== undefined) {
    await step(client, n++, `Who is ${user.upn}? Risk, sign-ins, other alerts.`, 'enrich_user', {
      upn: user.upn,
    });
  } else out(`\n━━ ${n++}. (no user in the evidence: skipping enrich_user)`);
  if (commandLine !== undefined) {
    const query = [
      'DeviceProcessEvents',
      '| where Timestamp > ago(30d)',
      `| where ProcessCommandLine == ${kqlString(commandLine)}`,
      '| summarize Runs = count(), Devices = dcount(DeviceId), Last = max(Timestamp) by FileName',
    ].join('\n');
    await step(
      client,
      n++,
      'Has the same command line run anywhere else, in any tenant?',
      'run_hunting_query',
      {
        query,
        tenant: '*',
      },
    );
  } else out(`\n━━ ${n++}. (no process in the evidence: skipping the hunt)`);
  out('\nDone: every result above is emulated sandbox data.');
}

async function main(): Promise<number> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'sandbox', '--transport', 'stdio'],
    // The sandbox's start-up help and audit lines would drown the demo: kept, shown on failure.
    stderr: 'pipe',
  });
  let log = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    log += chunk;
  });
  const client = new Client({ name: 'mcp-xdr-demo', version: '1.0.0' });
  out('Starting the sandbox (emulated tenants contoso and fabrikam) ...');
  try {
    await client.connect(transport);
    await investigate(client);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`\ndemo: ${message}\n`);
    if (!(error instanceof DemoError)) process.stderr.write(`\nsandbox stderr:\n${log}\n`);
    return 1;
  } finally {
    await client.close();
  }
}

process.exitCode = await main();
