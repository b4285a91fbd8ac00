import { KILL_SWITCH_API_PATH } from '../../kernel/approvals/console-routes.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../errors.js';

const USAGE = 'kill-switch on|off|status --url URL [--reason TEXT] [--json]';
const KEY_ENV = 'MCP_XDR_APPROVER_KEY';
const URL_ENV = 'MCP_XDR_CONSOLE_URL';

/**
 * `mcp-xdr kill-switch`: flips or reads the kill switch of a RUNNING server through its approval
 * console's API (the state may be in that process's memory, so only the server can change it; with a
 * shared store every replica then obeys within a second). The approver credential comes from the
 * environment, never from the command line (visible in `ps`).
 */
export const killSwitch: Command = {
  name: 'kill-switch',
  summary: `Stop (on) or allow (off) every write and destructive call on a running server, or show it (status). Needs ${KEY_ENV} (an approver's API key or the local approver key).`,
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { url: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' } },
    });
    const [action, ...rest] = positionals;
    if ((action !== 'on' && action !== 'off' && action !== 'status') || rest.length > 0) {
      throw new UsageError(`usage: mcp-xdr ${USAGE}`);
    }
    const base = values.url ?? io.env[URL_ENV];
    if (base === undefined)
      throw new UsageError(`--url URL (the server's approval console, or ${URL_ENV}) is required`);
    const key = io.env[KEY_ENV];
    if (key === undefined || key === '')
      throw new UsageError(`${KEY_ENV} must hold an approver's API key or the local approver key`);
    if (action !== 'status' && (values.reason ?? '').trim() === '') {
      throw new UsageError(`--reason TEXT is required to turn the kill switch ${action}`);
    }
    const endpoint = apiUrl(base);
    const response = await fetch(endpoint, {
      method: action === 'status' ? 'GET' : 'POST',
      headers: { 'X-API-Key': key, 'Content-Type': 'application/json' },
      ...(action === 'status'
        ? {}
        : { body: JSON.stringify({ on: action === 'on', reason: values.reason }) }),
      signal: AbortSignal.timeout(15_000),
    }).catch((error: unknown) => {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new Error(
        `cannot reach the approval console at ${endpoint.origin} (${cause}); is the server running?`,
      );
    });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      io.stderr(
        `mcp-xdr: the server refused (${response.status}${body.error ? `: ${String(body.error)}` : ''})\n`,
      );
      return EXIT.failure;
    }
    if (values.json) io.stdout(`${JSON.stringify(body)}\n`);
    else {
      const since =
        body.at === undefined
          ? ''
          : ` (since ${String(body.at)} by ${String(body.by)}: ${String(body.reason)})`;
      io.stdout(
        `kill switch: ${body.on === true ? 'ON - writes and destructive calls are refused' : 'off'}${since}\n`,
      );
    }
    return EXIT.ok;
  },
};

/** The API address from the console URL, the server's base URL, or its /mcp URL. */
function apiUrl(base: string): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new UsageError(`--url must be a URL, not '${base}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--url must be http(s)');
  return new URL(KILL_SWITCH_API_PATH, url.origin);
}
