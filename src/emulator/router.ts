import type { Route } from './routing.js';

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  // Case-insensitive and tolerant of one trailing slash, like the real front doors.
  return { route, regex: new RegExp(`^${source}/?$`, 'i'), names };
}

/** decodeURIComponent that leaves a malformed escape as it is instead of throwing. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Matches method + path against route patterns; `methodNotAllowed` when only the method differs. */
export function createRouter(routes: readonly Route[]) {
  const compiled = routes.map(compile);
  return {
    match(method: string, path: string): RouteMatch | 'methodNotAllowed' | undefined {
      let pathMatched = false;
      for (const { route, regex, names } of compiled) {
        const found = regex.exec(path);
        if (!found) continue;
        pathMatched = true;
        if (route.method !== method.toUpperCase()) continue;
        const params: Record<string, string> = {};
        names.forEach((name, index) => {
          params[name] = decodeSegment(found[index + 1] ?? '');
        });
        return { route, params };
      }
      return pathMatched ? 'methodNotAllowed' : undefined;
    },
  };
}
