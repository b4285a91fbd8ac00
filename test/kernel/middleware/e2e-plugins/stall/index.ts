import { z } from 'zod';
import { definePlugin, type ReadTool, Tool, type ToolContext } from '../../../../../src/kernel/index.js';

/** Request ids whose signal the kernel aborted (the test reads this through the same module). */
export const abortedRequests: string[] = [];

const Input = z.object({
  ms: z.number().int().min(0).max(120_000).describe('How long to stall; cancellation is ignored on purpose.'),
});
const Output = z.object({ stalled: z.number().describe('Milliseconds stalled.') });

@Tool({
  name: 'stall',
  title: 'Stall',
  description: 'Waits, ignoring its signal, to test that deadlines and cancellation still end the call.',
  input: Input,
  output: Output,
  risk: 'read',
  idempotent: true,
  openWorld: false,
})
class Stall implements ReadTool<z.output<typeof Input>, z.output<typeof Output>> {
  async execute(input: z.output<typeof Input>, ctx: ToolContext) {
    ctx.signal.addEventListener('abort', () => abortedRequests.push(ctx.requestId), { once: true });
    await new Promise((resolve) => setTimeout(resolve, input.ms).unref());
    return { stalled: input.ms };
  }
}

export default definePlugin({
  name: 'stall',
  version: '1.0.0',
  description: 'One tool that ignores cancellation (policy end-to-end tests).',
  options: z.object({}),
  tools: [Stall],
});
