import { rm } from 'node:fs/promises';
import type { RunningEmulator } from '../../emulator/start.js';
import { parseConfig } from '../../kernel/config/loader.js';
import type { Kernel } from '../../kernel/kernel.js';
import { CONFIG_OPTION, parseCommandArgs, TRANSPORT_OPTIONS } from '../args.js';
import type { CliIo, Command } from '../command.js';
import { type CliConfig, cliConfigSchema, loadCliConfig } from '../config.js';
import { EXIT, UsageError } from '../errors.js';
import { buildCliKernel } from '../kernel.js';
import { builtinPluginsDir } from '../package-info.js';
import { connectHelp } from '../sandbox/connect-help.js';
import { defaultSandboxConfig } from '../sandbox/default-config.js';
import { oncePerTenant, readEmulatedTenants } from '../sandbox/emulated-tenants.js';
import { sandboxMark } from '../sandbox/mark.js';
import { type TeamPrincipal, teamHelp, teamJson, teamSandboxConfig, withTeamAuth } from '../sandbox/team.js';
import { serveKernel, shutdownSignal, transportOverrides } from '../serving.js';

const OPTIONS = {
  ...CONFIG_OPTION,
  ...TRANSPORT_OPTIONS,
  seed: { type: 'string' },
  hostile: { type: 'boolean' },
  team: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

function parseSeed(seed: string | undefined): number {
  if (seed === undefined) return 1;
  if (!/^\d{1,9}$/.test(seed)) throw new UsageError(`--seed must be a whole number, not '${seed}'`);
  return Number(seed);
}

/** The config to try: the operator's (`--config FILE`), else the sandbox's own default (all built-in plugins). */
async function sandboxConfig(io: CliIo, file: string | undefined, team: boolean) {
  if (file !== undefined) return loadCliConfig(io, file);
  const warn = (m: string) => io.stderr(`mcp-xdr: warning: ${m}\n`);
  const raw = team
    ? teamSandboxConfig(builtinPluginsDir(), warn)
    : defaultSandboxConfig(builtinPluginsDir(), warn);
  return { config: parseConfig(cliConfigSchema, raw, 'the sandbox default config'), configDir: io.cwd };
}

/** The operator's plugins and policy, with the emulator's tenants in place of theirs. */
async function sandboxKernel(
  io: CliIo,
  config: CliConfig['config'],
  configDir: string,
  emulator: RunningEmulator,
  folderCreated: (folder: string) => void,
): Promise<Kernel> {
  const { writeCredentialFolder } = await import('../../emulator/cli-files.js');
  const files = await writeCredentialFolder(emulator);
  folderCreated(files.folder);
  io.stderr(
    `mcp-xdr sandbox: emulator on ${emulator.urls.login}; temporary credentials in ${files.folder} (removed on exit)\n`,
  );
  const emulated = oncePerTenant(await readEmulatedTenants(files), files);
  return buildCliKernel(io, {
    config: {
      ...config,
      // Clients see it in `initialize` too: not the production server, whatever the config calls it.
      server: { ...config.server, name: `${config.server.name}-sandbox` },
      tenants: emulated.tenants as CliConfig['config']['tenants'],
    },
    configDir,
    env: { ...io.env, ...emulated.env },
    markResult: sandboxMark,
  });
}

export const sandbox: Command = {
  name: 'sandbox',
  summary:
    'Try mcp-xdr safely: the emulator with seeded tenants and the server on top, with the plugins and policy of a config (default: every built-in plugin, acting tools included). HTTP by default.',
  usage:
    'sandbox [--config FILE] [--transport http|stdio] [--port P] [--seed N] [--hostile] [--team [--json]]',
  async run(args, io) {
    const { values } = parseCommandArgs({ args, options: OPTIONS });
    const seed = parseSeed(values.seed);
    const flags = transportOverrides({ transport: values.transport ?? 'http', port: values.port });
    const team = values.team === true;
    if (values.json && !team) throw new UsageError('--json goes with --team');
    const loaded = await sandboxConfig(io, values.config, team);
    let config = flags(loaded.config);
    let principals: TeamPrincipal[] = [];
    if (team) {
      if (config.server.transport !== 'http')
        throw new UsageError('--team serves over HTTP: drop --transport stdio');
      ({ config, principals } = withTeamAuth(config));
    }
    // On stdio, stdout is the protocol's: the help goes to stderr.
    const print = config.server.transport === 'stdio' ? io.stderr : io.stdout;

    // Listening from the start: a Ctrl-C while the emulator or the plugins are still starting must
    // also stop the emulator and remove its credential folder.
    let stopped = false;
    const stop = shutdownSignal().then(() => {
      stopped = true;
    });
    let emulator: RunningEmulator | undefined;
    let folder: string | undefined;
    let kernel: Kernel | undefined;
    try {
      // --hostile seeds prompt injections and invisible characters into text: see the defences at work.
      // The emulator (keys, TLS, seeded world) loads only for this command, never for `serve`.
      const { startEmulator } = await import('../../emulator/start.js');
      emulator = await startEmulator({ seed, hostile: values.hostile === true });
      kernel = await sandboxKernel(io, config, loaded.configDir, emulator, (created) => {
        folder = created;
      });
      if (stopped) return EXIT.ok;
      const running = kernel;
      const tenants = Object.keys((running.config as CliConfig['config']).tenants?.list ?? {});
      await serveKernel(
        running,
        io,
        (url) => {
          if (values.json) return io.stdout(teamJson(url as URL, principals));
          print(
            connectHelp({
              url,
              seed,
              hostile: values.hostile === true,
              tenants,
              maxTier: running.config.policy.maxTier,
              tools: running.listing.map((tool) => tool.name),
            }),
          );
          if (team) print(teamHelp(url as URL, principals));
        },
        stop,
      );
      return EXIT.ok;
    } finally {
      await kernel?.close();
      await emulator?.stop();
      if (folder !== undefined) await rm(folder, { recursive: true, force: true });
    }
  },
};
