import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { parseEnvFile } from '../../src/cli/sandbox/emulated-tenants.js';
import { CONTROL_KEY_ENV } from '../../src/emulator/cli-files.js';

/** The emulator a spawned sandbox runs, driven through its control endpoint (faults). */
export interface EmulatorControlClient {
  addFault(spec: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  close(): Promise<void>;
}

const START_LINE = /emulator on (https:\/\/\S+); temporary credentials in (\S+) \(removed on exit\)/;

/**
 * Reads the emulator's origin and credential folder from the sandbox's start-up line, and the control
 * key and CA from that folder (as an operator on the same machine could).
 */
export function emulatorControl(sandboxStderr: string): EmulatorControlClient {
  const match = START_LINE.exec(sandboxStderr);
  if (match?.[1] === undefined || match[2] === undefined)
    throw new Error(`no emulator start-up line in:\n${sandboxStderr}`);
  const [, origin, folder] = match;
  const key = parseEnvFile(readFileSync(join(folder, 'env'), 'utf8'))[CONTROL_KEY_ENV];
  const dispatcher = new Agent({ connect: { ca: readFileSync(join(folder, 'ca.pem'), 'utf8') } });
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${origin}/_emulator${path}`, {
      method,
      dispatcher,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  return {
    addFault: (spec) => send('POST', '/faults', spec),
    clearFaults: () => send('DELETE', '/faults'),
    close: () => dispatcher.close(),
  };
}
