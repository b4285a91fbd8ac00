import { verifyAuditFile } from '../../kernel/audit/verify.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../errors.js';

export const audit: Command = {
  name: 'audit',
  summary: 'Check an audit file’s hash chain; names the first edited, deleted or reordered line.',
  usage: 'audit verify FILE',
  async run(args, io) {
    const { positionals } = parseCommandArgs({ args, options: {}, allowPositionals: true });
    const [action, file, ...extra] = positionals;
    if (action !== 'verify')
      throw new UsageError(`unknown audit action '${action ?? ''}' (expected: audit verify FILE)`);
    if (file === undefined || extra.length > 0)
      throw new UsageError('expected exactly one FILE: audit verify FILE');
    const result = await verifyAuditFile(file);
    if (result.ok) {
      io.stdout(`ok: ${file}: ${result.records} records, chain intact\n`);
      return EXIT.ok;
    }
    io.stdout(`tampered: ${file}: line ${result.line}: ${result.reason}\n`);
    return EXIT.failure;
  },
};
