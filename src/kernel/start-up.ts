/**
 * Work a plugin wants done soon after start-up but not during it: loading a parser, filling a cache.
 * A timer from setup() races the client's handshake on a loaded machine, and a task that blocks the
 * event loop for a second then delays `initialize` and `tools/list` instead of following them. Tasks
 * queued here run once a server of this process has answered its first `tools/list` (a little later,
 * so the client's next request is not stuck behind them), or never when nothing is served (the CLI's
 * `tools` and `check` commands, tests that only build a kernel).
 */
const AFTER_LISTING_MS = 50;

let queue: (() => void)[] | undefined = [];

/**
 * Runs `task` (failures ignored: the task's real use reports them) after the first listing; `first`
 * puts it before the tasks already queued (the operational log's held records, before a parser load).
 */
export function afterFirstListing(task: () => void, options: { first?: boolean } = {}): void {
  if (queue === undefined) schedule([task]);
  else if (options.first) queue.unshift(task);
  else queue.push(task);
}

/** Whether a server of this process has answered its first `tools/list` (start-up is over). */
export function firstListingDone(): boolean {
  return queue === undefined;
}

/** Called by the server once it has answered a `tools/list`. */
export function firstListingAnswered(): void {
  if (queue === undefined) return;
  const tasks = queue;
  queue = undefined;
  schedule(tasks);
}

function schedule(tasks: readonly (() => void)[]): void {
  if (tasks.length === 0) return;
  setTimeout(() => {
    for (const task of tasks) {
      try {
        task();
      } catch {
        /* reported where the work is really needed */
      }
    }
  }, AFTER_LISTING_MS).unref();
}
