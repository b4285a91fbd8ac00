import { fileURLToPath } from 'node:url';

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

/** This build's entry point, for clients that run `node <path>` rather than `npx mcp-xdr`. */
const CLI_PATH = fileURLToPath(new URL('../main.js', import.meta.url));

const desktopSnippet = (command: string, args: readonly string[]) =>
  `    ${JSON.stringify({ mcpServers: { 'mcp-xdr-sandbox': { command, args } } })}`;

/** What the operator reads on start: what is running, and how to point each client at it. */
export function connectHelp(summary: SandboxSummary): string {
  const stdioArgs = ['sandbox', '--transport', 'stdio'];
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
      '    npx @modelcontextprotocol/inspector',
    );
  } else {
    lines.push(
      "Serving MCP over stdio (this process is the client's child).",
      '',
      'Claude Code:',
      `    claude mcp add mcp-xdr -- node ${CLI_PATH} ${stdioArgs.join(' ')}`,
      'MCP Inspector:',
      `    npx @modelcontextprotocol/inspector node ${CLI_PATH} ${stdioArgs.join(' ')}`,
    );
  }
  lines.push(
    'Claude Desktop (claude_desktop_config.json) starts its own sandbox over stdio:',
    desktopSnippet('npx', ['mcp-xdr', ...stdioArgs]),
    '  or, from this checkout:',
    desktopSnippet('node', [CLI_PATH, ...stdioArgs]),
    '',
    'Ctrl-C stops it; the emulator and its temporary credentials go with it.',
    '',
  );
  return lines.join('\n');
}
