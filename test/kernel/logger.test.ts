import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { built } from '../cli/run-cli.js';

/**
 * The operational log writes to fd 2 itself (pino, synchronously), so each case runs in a child
 * process; `mark()` writes a line of its own between records, to show what was written when.
 */
async function stderrOf(script: string): Promise<string[]> {
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { writeSync } from 'node:fs';
const { createLogger } = await import(process.env.LOGGER_JS);
const { firstListingAnswered } = await import(process.env.START_UP_JS);
const mark = (text) => writeSync(2, 'MARK ' + text + '\\n');
${script}`,
    ],
    {
      env: {
        ...process.env,
        LOGGER_JS: built('src/kernel/logger.js'),
        START_UP_JS: built('src/kernel/start-up.js'),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let text = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  expect(code).toBe(0);
  return text.split('\n').filter(Boolean);
}

const record = (line: string) => JSON.parse(line) as { level: number; msg: string; time: number };

describe('the operational log during start-up', () => {
  it('holds warnings until the first tools/list answer, then writes them with the time they were logged', async () => {
    const lines = await stderrOf(`
const log = createLogger('info');
const loggedAt = Date.now();
log.warn({ setting: 'x' }, 'held warning');
await new Promise((resolve) => setTimeout(resolve, 30));
mark(String(loggedAt));
firstListingAnswered();
await new Promise((resolve) => setTimeout(resolve, 200));
mark('after');
log.info({}, 'later info');`);
    expect(lines.map((line) => (line.startsWith('MARK') ? line.split(' ')[0] : record(line).msg))).toEqual([
      'MARK',
      'held warning',
      'MARK',
      'later info',
    ]);
    const loggedAt = Number((lines[0] as string).split(' ')[1]);
    const held = record(lines[1] as string);
    expect(held).toMatchObject({ level: 40, setting: 'x' });
    // Its own time: logged 30 ms (at least) before it was written.
    expect(held.time).toBeGreaterThanOrEqual(loggedAt);
    expect(held.time).toBeLessThan(loggedAt + 30);
  });

  it('writes an error at once, after the warnings held before it', async () => {
    const lines = await stderrOf(`
const log = createLogger('info');
log.warn({}, 'first');
log.error({}, 'second');
mark('after');
process.exit(0);`);
    expect(lines.map((line) => (line.startsWith('MARK') ? 'MARK' : record(line).msg))).toEqual([
      'first',
      'second',
      'MARK',
    ]);
  });

  it('writes what it holds on exit when nothing is ever served (check, tools)', async () => {
    const lines = await stderrOf(`
const log = createLogger('warn');
log.info({}, 'below the level');
log.warn({}, 'kept');
mark('before exit');`);
    expect(lines.map((line) => (line.startsWith('MARK') ? 'MARK' : record(line).msg))).toEqual([
      'MARK',
      'kept',
    ]);
  });
});
