import { createApiKey } from '../../kernel/auth/api-keys.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../errors.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** `mcp-xdr keys create NAME --role R`: a new API key, printed once, and its config entry. */
export const keys: Command = {
  name: 'keys',
  summary: 'Create an API key for a principal (printed once) and the auth.apiKeys entry holding its hash.',
  usage: 'keys create NAME --role R [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { role: { type: 'string' }, json: { type: 'boolean' } },
    });
    const [action, name, ...rest] = positionals;
    if (action !== 'create' || name === undefined || rest.length > 0) {
      throw new UsageError('usage: mcp-xdr keys create NAME --role R [--json]');
    }
    if (!NAME.test(name)) throw new UsageError(`NAME must be letters, digits, . _ - (max 64), not '${name}'`);
    const role = values.role;
    if (role === undefined || !NAME.test(role))
      throw new UsageError('--role R is required (a role of auth.roles)');
    const { key, hash } = createApiKey();
    const entry = { name, role, hash };
    if (values.json) {
      io.stdout(`${JSON.stringify({ name, role, apiKey: key, entry })}\n`);
      return EXIT.ok;
    }
    io.stdout(
      `API key for ${name} (role ${role}). It is shown only this once: hand it to its owner now.\n\n` +
        `  ${key}\n\n` +
        'Add this entry to auth.apiKeys in the server config (only the hash is stored):\n\n' +
        `  ${JSON.stringify(entry)}\n\n` +
        `Clients send it as "Authorization: Bearer <key>" or "X-API-Key: <key>".\n`,
    );
    return EXIT.ok;
  },
};
