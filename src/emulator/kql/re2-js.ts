import { caseFold, classSource, intersects, type Ranges, union } from './charset.js';
import { parseRe2, type Re2Node } from './re2.js';

/**
 * RE2 to JS. RE2 runs in linear time; JS backtracks, and one `exec` cannot be interrupted by the
 * query's runtime limit. Exponential backtracking needs a loop whose body can match the same text
 * in more than one way; such loops are found here and refused, every other pattern translated.
 *
 * A loop `(B)+` whose body itself loops (`([a-z0-9]+(-[a-z0-9]+)*\.)+`) is accepted when its
 * iterations split the text one way only, i.e. when:
 *   - the body has a delimiter: a mandatory character (or `x+` next to another mandatory item)
 *     no other part of the body can match, so each iteration holds exactly one;
 *   - inside the body, where one part can end and the next begin, the characters differ
 *     (`[a-z0-9]+` then `-`), and alternatives start differently.
 * Everything else with a loop inside a loop (`(a+)+`, `(\w+\s?)*`) is refused, as before.
 */
export interface JsRegex {
  source: string;
  flags: string;
}

function emitSet(node: { set: Ranges; fold: boolean }, flagI: boolean): string {
  if (!node.fold) return classSource(node.set);
  // A letter under the `i` flag stays a letter (V8 searches literals faster); a class is folded
  // here, so the negated form classSource may choose stays right under `i`.
  const [range] = node.set;
  const letter = node.set.length === 1 && range && range[0] === range[1];
  return classSource(flagI && letter ? node.set : caseFold(node.set));
}

function emit(node: Re2Node, flagI: boolean): string {
  switch (node.k) {
    case 'set':
      return emitSet(node, flagI);
    case 'assert':
      return node.source;
    case 'seq':
      return node.items.map((n) => emit(n, flagI)).join('');
    case 'alt':
      return node.options.map((n) => emit(n, flagI)).join('|');
    case 'group': {
      const body = emit(node.body, flagI);
      if (!node.capture) return `(?:${body})`;
      return node.name === undefined ? `(${body})` : `(?<${node.name}>${body})`;
    }
    case 'repeat': {
      const body = node.body.k === 'set' ? emit(node.body, flagI) : `(?:${emit(node.body, flagI)})`;
      const { min, max } = node;
      const q =
        min === 0 && max === 1
          ? '?'
          : max === Number.POSITIVE_INFINITY
            ? min === 0
              ? '*'
              : min === 1
                ? '+'
                : `{${min},}`
            : min === max
              ? `{${min}}`
              : `{${min},${max}}`;
      return `${body}${q}${node.lazy ? '?' : ''}`;
    }
  }
}

// ---- what a node can match, for the backtracking check ----

function items(node: Re2Node): Re2Node[] {
  if (node.k === 'seq') return node.items;
  if (node.k === 'group' && node.body.k === 'seq') return node.body.items;
  return [node];
}

function nullable(node: Re2Node): boolean {
  switch (node.k) {
    case 'set':
      return false;
    case 'assert':
      return true;
    case 'seq':
      return node.items.every(nullable);
    case 'alt':
      return node.options.some(nullable);
    case 'group':
      return nullable(node.body);
    case 'repeat':
      return node.min === 0 || nullable(node.body);
  }
}

function setOf(node: Re2Node): Ranges {
  switch (node.k) {
    case 'set':
      return node.fold ? caseFold(node.set) : node.set;
    case 'assert':
      return [];
    case 'seq':
      return union(...node.items.map(setOf));
    case 'alt':
      return union(...node.options.map(setOf));
    case 'group':
    case 'repeat':
      return setOf(node.body);
  }
}

/** The characters a match of `list` can start with (`end`: end with). */
function edge(list: Re2Node[], end: boolean): Ranges {
  const ordered = end ? [...list].reverse() : list;
  const out: Ranges[] = [];
  for (const n of ordered) {
    out.push(edgeOf(n, end));
    if (!nullable(n)) break;
  }
  return union(...out);
}

function edgeOf(node: Re2Node, end: boolean): Ranges {
  switch (node.k) {
    case 'set':
      return setOf(node);
    case 'assert':
      return [];
    case 'seq':
      return edge(node.items, end);
    case 'alt':
      return union(...node.options.map((o) => edgeOf(o, end)));
    case 'group':
    case 'repeat':
      return edgeOf(node.body, end);
  }
}

/** The length every match of the node has, or undefined when it varies. */
function fixedLength(node: Re2Node): number | undefined {
  switch (node.k) {
    case 'set':
      return 1;
    case 'assert':
      return 0;
    case 'group':
      return fixedLength(node.body);
    case 'repeat': {
      const body = fixedLength(node.body);
      return node.min === node.max && body !== undefined ? body * node.min : undefined;
    }
    case 'seq': {
      const lengths = node.items.map(fixedLength);
      return lengths.every((l) => l !== undefined)
        ? lengths.reduce<number>((a, l) => a + (l ?? 0), 0)
        : undefined;
    }
    case 'alt': {
      const lengths = new Set(node.options.map(fixedLength));
      const [only] = lengths;
      return lengths.size === 1 ? only : undefined;
    }
  }
}

function loops(node: Re2Node): boolean {
  return node.k === 'repeat' && node.max > 1;
}

function containsLoop(node: Re2Node): boolean {
  if (loops(node)) return true;
  if (node.k === 'seq') return node.items.some(containsLoop);
  if (node.k === 'alt') return node.options.some(containsLoop);
  if (node.k === 'group' || node.k === 'repeat') return containsLoop(node.body);
  return false;
}

/** A part whose length varies: it can end at more than one place. */
function variable(node: Re2Node): boolean {
  return containsLoop(node) || (node.k === 'repeat' && node.min !== node.max) || node.k === 'alt';
}

function hasDelimiter(parts: Re2Node[]): boolean {
  return parts.some((d, i) => {
    const single = d.k === 'set';
    const run = d.k === 'repeat' && d.body.k === 'set' && d.min >= 1;
    if (!single && !run) return false;
    const others = parts.filter((_, j) => j !== i);
    if (run && !others.some((o) => !nullable(o))) return false;
    const set = setOf(d);
    return others.every((o) => !intersects(setOf(o), set));
  });
}

/** Inside a loop body: each boundary between parts, and each alternation, is unambiguous. */
function unambiguous(node: Re2Node, follow: Ranges): boolean {
  if (node.k === 'alt') {
    const firsts = node.options.map((o) => edgeOf(o, false));
    const disjoint = firsts.every((a, i) => firsts.slice(i + 1).every((b) => !intersects(a, b)));
    return disjoint && node.options.every((o) => unambiguous(o, follow));
  }
  if (node.k === 'group') return unambiguous(node.body, follow);
  if (node.k === 'repeat') return safeLoop(node, follow);
  if (node.k !== 'seq') return true;
  return node.items.every((item, i) => {
    const rest = node.items.slice(i + 1);
    const after = nullable({ k: 'seq', items: rest }) ? union(edge(rest, false), follow) : edge(rest, false);
    if (variable(item) && intersects(edgeOf(item, true), after)) return false;
    return unambiguous(item, after);
  });
}

function safeLoop(node: Extract<Re2Node, { k: 'repeat' }>, follow: Ranges): boolean {
  // `(?:[A-Za-z0-9+/]{4})*`: a body of one fixed length splits the text one way.
  if (node.max > 1 && fixedLength(node.body) !== undefined) return true;
  if (node.max <= 1 || !containsLoop(node.body)) {
    return node.max <= 1 ? unambiguous(node.body, follow) : true;
  }
  const parts = items(node.body);
  const next = union(edgeOf(node.body, false), follow);
  return hasDelimiter(parts) && unambiguous({ k: 'seq', items: parts }, next);
}

/** Loops of loops anywhere in the pattern must be safe; other parts are linear or polynomial. */
function safe(node: Re2Node): boolean {
  if (node.k === 'repeat' && node.max > 1 && containsLoop(node.body)) return safeLoop(node, []);
  if (node.k === 'seq') return node.items.every(safe);
  if (node.k === 'alt') return node.options.every(safe);
  if (node.k === 'group' || node.k === 'repeat') return safe(node.body);
  return true;
}

/** Throws Re2Error for what RE2 refuses or the emulator cannot mimic; undefined when unsafe. */
export function re2ToJs(pattern: string): JsRegex | undefined {
  const tree = parseRe2(pattern);
  if (!safe(tree.root)) return undefined;
  const flagI = tree.wholeCaseInsensitive;
  return { source: emit(tree.root, flagI), flags: flagI ? 'i' : '' };
}
