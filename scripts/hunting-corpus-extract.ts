/**
 * Builds a corpus for scripts/hunting-corpus.ts from checked-out public repositories of hunting
 * queries: every fenced code block of a Markdown file, every `.kql` / `.txt` file and every YAML
 * `query: |` block that names a documented Advanced Hunting table and no Sentinel-only one (or
 * `TimeGenerated`, Sentinel's time column) becomes one `.kql` file under `<out>/<name>/`.
 *
 *   npm run build && node dist/scripts/hunting-corpus-extract.js <out> <name>=<folder> [...]
 *
 * The corpus stays outside the repo; docs/hunting.md names the repositories measured.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { HUNTING_TABLES } from '../src/plugins/hunting/schema/tables.js';

const TABLE = new RegExp(`\\b(${HUNTING_TABLES.map((t) => t.name).join('|')})\\b`);
/** Log Analytics / Sentinel tables and Sentinel's time column: such queries do not run in Advanced Hunting. */
const SENTINEL =
  /\b(TimeGenerated|SecurityEvent|SigninLogs|AuditLogs|OfficeActivity|Syslog|CommonSecurityLog|AzureActivity|AzureDiagnostics|_GetWatchlist|ThreatIntelligenceIndicator|AADNonInteractiveUserSignInLogs|BehaviorAnalytics|SecurityAlert|SecurityIncident|Heartbeat|W3CIISLog|DnsEvents|AWSCloudTrail|MicrosoftGraphActivityLogs|AADServicePrincipalSignInLogs|IntuneDevices|StorageBlobLogs|AADManagedIdentitySignInLogs|UserPeerAnalytics)\b/;
const FENCE = /```[ \t]*[\w#+-]*[ \t]*\r?\n([\s\S]*?)```/g;
const YAML_QUERY = /^query:\s*\|-?\s*\n((?:[ \t]+.*\n?|\s*\n)+)/m;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name.startsWith('.')) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The query texts a file holds, by its kind. */
function blocks(path: string, text: string): string[] {
  if (/\.(kql|txt)$/i.test(path)) return [text];
  if (/\.ya?ml$/i.test(path)) {
    const body = YAML_QUERY.exec(text)?.[1];
    return body ? [body.replace(/^ {2,4}/gm, '')] : [];
  }
  if (/\.md$/i.test(path)) return [...text.matchAll(FENCE)].map((m) => m[1] ?? '');
  return [];
}

const isHuntingQuery = (query: string) => TABLE.test(query) && !SENTINEL.test(query) && query.includes('|');

function main(): void {
  const [out, ...sources] = process.argv.slice(2);
  if (!out || sources.length === 0)
    throw new Error('usage: hunting-corpus-extract <out> <name>=<folder> [...]');
  for (const source of sources) {
    const [name, folder] = source.split('=');
    if (!name || !folder) throw new Error(`expected <name>=<folder>, got ${source}`);
    let written = 0;
    for (const path of files(folder)) {
      const found = blocks(path, readFileSync(path, 'utf8'));
      found.forEach((query, i) => {
        if (!isHuntingQuery(query)) return;
        const base = relative(folder, path)
          .replace(/[^A-Za-z0-9]+/g, '_')
          .slice(-120);
        mkdirSync(join(out, name), { recursive: true });
        writeFileSync(
          join(out, name, `${base}${found.length > 1 ? `_${i}` : ''}.kql`),
          query.replace(/\r/g, ''),
        );
        written++;
      });
    }
    console.log(`${name}: ${written} queries`);
  }
}

main();
