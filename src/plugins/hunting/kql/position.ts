/** 1-based line and column of a character offset, as an editor shows them. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Whitespace, invisible characters (BOM, zero-width, bidi controls, word joiner, soft hyphen) and
 * `//` comments, any number of them: what may stand between a statement's start and a command's
 * dot without changing what the text means to Kusto, or to a reader who cannot see it.
 */
const IGNORABLE =
  /^(?:\u034F|[\s\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u3164\uFEFF\uFFA0]|\/\/[^\n]*)*/u;

/** The offset of the first character after whatever is ignorable from `offset` on. */
export function skipIgnorable(text: string, offset: number): number {
  const match = IGNORABLE.exec(text.slice(offset));
  return offset + (match?.[0].length ?? 0);
}
