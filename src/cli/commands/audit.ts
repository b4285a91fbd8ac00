import { formatAnchor, parseAnchor, verifyAuditFile } from '../../kernel/audit/verify.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../errors.js';

const USAGE = 'audit verify FILE [--anchor SEQ:HASH] | audit anchor FILE';

export const audit: Command = {
  name: 'audit',
  summary:
    'Check an audit file’s hash chain (names the first edited, deleted or reordered line; with --anchor, also lines cut off the end), or print its anchor to keep elsewhere.',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      options: { anchor: { type: 'string' } },
      allowPositionals: true,
    });
    const [action, file, ...extra] = positionals;
    if (action !== 'verify' && action !== 'anchor')
      throw new UsageError(`unknown audit action '${action ?? ''}' (expected: ${USAGE})`);
    if (file === undefined || extra.length > 0) throw new UsageError(`expected exactly one FILE: ${USAGE}`);
    if (action === 'anchor' && values.anchor !== undefined)
      throw new UsageError('--anchor goes with audit verify');
    const anchor = values.anchor === undefined ? undefined : parseAnchor(values.anchor);
    if (values.anchor !== undefined && anchor === undefined)
      throw new UsageError('--anchor must be SEQ:HASH as `mcp-xdr audit anchor FILE` prints it');
    const result = await verifyAuditFile(file, anchor);
    if (!result.ok) {
      io.stdout(`tampered: ${file}: line ${result.line}: ${result.reason}\n`);
      return EXIT.failure;
    }
    if (action === 'anchor') {
      // Only an intact chain is worth anchoring: its last record, to keep outside the file.
      io.stdout(`${formatAnchor(result.head)}\n`);
      return EXIT.ok;
    }
    const against = anchor === undefined ? '' : `, reaches anchor seq ${anchor.seq}`;
    io.stdout(`ok: ${file}: ${result.records} records, chain intact${against}\n`);
    return EXIT.ok;
  },
};
