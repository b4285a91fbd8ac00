/** Every form a secret might leak in: plain, base64, base64url, URL-encoded, JSON-escaped, and chunks of long ones. */
export function leakForms(secret: string): string[] {
  const forms = new Set<string>([
    secret,
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(JSON.stringify(secret)).slice(1, -1),
  ]);
  // A long secret (a key, a token) leaks even in part: check 32-character slices of it too.
  if (secret.length > 64) {
    for (let i = 0; i + 32 <= secret.length; i += 97) forms.add(secret.slice(i, i + 32));
  }
  return [...forms].filter((f) => f.length >= 8);
}

/** Returns the forms of any secret found in `haystack` (empty = clean). */
export function findLeaks(haystack: string, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    for (const form of leakForms(secret))
      if (haystack.includes(form)) found.push(`${name}: ${form.slice(0, 12)}...`);
  }
  return found;
}

/** Captures what the process writes to stdout and stderr while `fn` runs. */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const original = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  const tap =
    (write: typeof process.stdout.write) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (write as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
    };
  process.stdout.write = tap(original.out) as typeof process.stdout.write;
  process.stderr.write = tap(original.err) as typeof process.stderr.write;
  try {
    const result = await fn();
    return { result, output: chunks.join('') };
  } finally {
    process.stdout.write = original.out;
    process.stderr.write = original.err;
  }
}

/** Everything an error can show: message, hint, details, cause chain, JSON. */
export function errorSurface(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof Error) parts.push(current.message, String(current.stack));
    try {
      parts.push(JSON.stringify(current, Object.getOwnPropertyNames(current as object)));
    } catch {
      parts.push(String(current));
    }
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}
