import { Fence } from '../../defender/fence.js';
import type { NextStep } from '../../kernel/index.js';

/**
 * Text for clients that read only `content`. Our own words (counts, booleans, typed ids) stay
 * plain; everything that came from Defender goes inside one fence per response, as `key: value`
 * lines, so the model can tell data from instructions.
 */
export class TextReport {
  private readonly fence = new Fence();
  private readonly lines: string[] = [];

  line(text: string): this {
    this.lines.push(text);
    return this;
  }

  /** Upstream data, fenced. Nested objects and arrays are flattened to `a.b[0]: value` lines. */
  data(label: string, value: unknown): this {
    const body = flatten(value).join('\n');
    this.lines.push(this.fence.wrap(body || '(none)', label));
    return this;
  }

  nextSteps(steps: readonly NextStep[]): this {
    if (steps.length === 0) return this;
    this.lines.push('Next steps:');
    for (const step of steps) this.lines.push(`- ${step.tool}: ${step.why}`);
    return this;
  }

  toString(): string {
    return [this.fence.notice(), ...this.lines].join('\n');
  }
}

function flatten(value: unknown, path = ''): string[] {
  if (value === null || value === undefined) return path ? [`${path}: -`] : [];
  if (Array.isArray(value)) {
    if (value.length === 0) return path ? [`${path}: (none)`] : [];
    return value.flatMap((v, i) => flatten(v, `${path}[${i}]`));
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      flatten(v, path ? `${path}.${k}` : k),
    );
  }
  return [`${path || 'value'}: ${String(value)}`];
}
