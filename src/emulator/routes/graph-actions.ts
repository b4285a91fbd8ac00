import { graphVersions, isPlainObject } from './context.js';

/**
 * Graph actions as Microsoft's SDKs call them. The SDKs are generated from Graph's metadata and post to
 * the namespace-qualified path (`/security/microsoft.graph.security.runHuntingQuery`) with the
 * parameters camelCase (`query`); the docs show the short path and PascalCase (`Query`). Graph accepts
 * both, so the emulator does too (sources in docs/emulator.md, "Microsoft's SDKs").
 */

/** Both spellings of a bound action under `/v1.0` and `/beta`: short and namespace-qualified. */
export function graphActionPatterns(
  base: string,
  action: string,
  namespace = 'microsoft.graph.security',
): string[] {
  return [...graphVersions(`${base}/${action}`), ...graphVersions(`${base}/${namespace}.${action}`)];
}

export type ActionBody = { ok: true; body: Record<string, unknown> } | { ok: false; message: string };

/**
 * The body with each parameter renamed to its declared spelling when the names match ignoring case
 * (`query` -> `Query`). Unknown keys stay as sent, for the route to refuse; a parameter given twice in
 * different cases is ambiguous and refused here. A non-object body is returned for the route to refuse.
 */
export function actionParameters(body: unknown, names: readonly string[]): ActionBody {
  if (!isPlainObject(body)) return { ok: true, body: body as Record<string, unknown> };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const name = names.find((n) => n.toLowerCase() === key.toLowerCase()) ?? key;
    if (Object.hasOwn(out, name)) {
      return { ok: false, message: `The parameter '${name}' is given more than once (names ignore case).` };
    }
    out[name] = value;
  }
  return { ok: true, body: out };
}
