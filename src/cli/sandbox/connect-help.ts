import { cliEntry } from '../package-info.js';

export interface SandboxSummary {
  /** The HTTP endpoint, or undefined on stdio. */
  readonly url: URL | undefined;
  readonly tenants: readonly string[];
  readonly tools: readonly string[];
  readonly maxTier: string;
  readonly seed: number;
  /** Text fields carry prompt injections and invisible characters. */
  readonly hostile: boolean;
}

/** This build's entry point: commands name it with `node`, which works from a clone (no `npx mcp-xdr`). */
const CLI_PATH = cliEntry();

/** Quotes a word for a POSIX shell when it needs it (a clone under a path with spaces). */
const shellWord = (word: string) =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
const shell = (words: readonly string[]) => words.map(shellWord).join(' ');

/** The command that starts this sandbox over stdio, as a client runs it. */
export const STDIO_SERVER = ['node', CLI_PATH, 'sandbox', '--transport', 'stdio'] as const;

const desktopSnippet = (command: string, args: readonly string[]) =>
  `    ${JSON.stringify({ mcpServers: { 'mcp-xdr-sandbox': { command, args } } })}`;

/**
 * The MCP Inspector reads options anywhere on its command line, so a server's own `--transport
 * stdio` would be taken as the Inspector's (in CLI mode it then starts this command as an HTTP
 * server that outlives it). `--` ends the Inspector's options: everything after it is the server's
 * command (the Inspector's README: "Use -- to separate inspector flags from server arguments").
 */
const INSPECTOR = 'npx @modelcontextprotocol/inspector';

/** What the operator reads on start: what is running, and how to point each client at it. */
export function connectHelp(summary: SandboxSummary): string {
  const lines = [
    `mcp-xdr sandbox: emulated Defender XDR tenants ${summary.tenants.join(', ')} (seed ${summary.seed}).`,
    `Tools (max tier ${summary.maxTier}): ${summary.tools.join(', ') || 'none'}.`,
    'Every result is marked as sandbox data; nothing here reaches a real tenant.',
    ...(summary.hostile
      ? ['Hostile data: text fields carry prompt injections and invisible characters (watch the fences).']
      : []),
    '',
  ];
  if (summary.url !== undefined) {
    const url = summary.url.href;
    lines.push(
      `MCP endpoint (Streamable HTTP): ${url}`,
      '',
      'Claude Code:',
      `    claude mcp add --transport http mcp-xdr ${url}`,
      'MCP Inspector: run the command below, then connect with transport "Streamable HTTP" and this URL:',
      `    ${INSPECTOR}`,
      '  or in its CLI mode:',
      `    ${INSPECTOR} --cli ${url} --transport http --method tools/list`,
    );
  } else {
    lines.push(
      "Serving MCP over stdio (this process is the client's child).",
      '',
      'Claude Code:',
      `    claude mcp add mcp-xdr -- ${shell(STDIO_SERVER)}`,
      'MCP Inspector (each starts its own sandbox over stdio):',
      `    ${INSPECTOR} -- ${shell(STDIO_SERVER)}`,
      '  or in its CLI mode:',
      `    ${INSPECTOR} --cli --method tools/list -- ${shell(STDIO_SERVER)}`,
    );
  }
  const [command, ...args] = STDIO_SERVER;
  lines.push(
    'Claude Desktop (claude_desktop_config.json) starts its own sandbox over stdio:',
    desktopSnippet(command, args),
    '',
    'Ctrl-C stops it; the emulator and its temporary credentials go with it.',
    '',
  );
  return lines.join('\n');
}
