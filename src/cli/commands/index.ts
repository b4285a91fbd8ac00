import type { Command } from '../command.js';
import { check } from './check.js';

/**
 * Every `mcp-xdr` command. To add one (`emulator`, `sandbox`, ...): write `commands/<name>.ts`
 * exporting a Command, and list it here.
 */
export const COMMANDS: readonly Command[] = [check];

/** What `mcp-xdr` runs without a command name. */
export const DEFAULT_COMMAND = 'serve';
