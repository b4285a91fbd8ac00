import { escapeUntrusted } from '../../defender/fence.js';

/**
 * The one place account names are escaped and judged (a shared helper in src/defender replaces this
 * once it exists): invisible characters are made visible, and a name mixing Latin with Cyrillic or
 * Greek letters (a look-alike of a colleague's name) is flagged.
 */
export function shownName(text: string): { shown: string; flags: string[] } {
  const shown = escapeUntrusted(text);
  const flags: string[] = [];
  if (shown !== text) flags.push('invisible or control characters (shown escaped)');
  if (/\p{Script=Latin}/u.test(text) && /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(text))
    flags.push('mixed scripts (Latin with Cyrillic or Greek look-alike letters)');
  return { shown, flags };
}
