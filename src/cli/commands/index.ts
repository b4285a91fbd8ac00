import type { Command } from '../command.js';
import { audit } from './audit.js';
import { check } from './check.js';
import { emulator } from './emulator.js';
import { keys } from './keys.js';
import { killSwitch } from './kill-switch.js';
import { sandbox } from './sandbox.js';
import { serve } from './serve.js';
import { tools } from './tools.js';

/**
 * Every `mcp-xdr` command. To add one: write `commands/<name>.ts`
 * exporting a Command, and list it here.
 */
export const COMMANDS: readonly Command[] = [serve, sandbox, tools, check, emulator, audit, keys, killSwitch];

/** What `mcp-xdr` runs without a command name. */
export const DEFAULT_COMMAND = 'serve';
