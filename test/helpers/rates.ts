/**
 * `policy.rateLimits.tools` with room for a test file's call loops: one file calls a tool more often in
 * a minute than a person would (src/plugins/tool-rates.ts), and these tests are about something else.
 * The declared rates themselves are tested in test/plugins/tool-rates.test.ts.
 */
export function roomFor(...tools: string[]): Record<string, { perMinute: number }> {
  return Object.fromEntries(tools.map((tool) => [tool, { perMinute: 10_000 }]));
}
