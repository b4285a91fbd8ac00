import { createHash } from 'node:crypto';

/**
 * Characters that hide or reorder text without showing: C0/C1 controls, bidi overrides and
 * isolates, zero-width characters, Unicode tags. A device named `evil\u202Egpj.exe` must not read as
 * `evilexe.jpg` to the person approving its isolation.
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what we show.
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]|[\u{E0000}-\u{E007F}]/gu;

/** The text with every invisible character written out as `<U+202E>`. */
export function visible(text: string): string {
  return text.replace(
    INVISIBLE,
    (char) => `<U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in element content and in quoted attribute values: escaped, invisible characters shown. */
export function escapeHtml(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? '');
  return visible(text).replace(/[&<>"']/g, (char) => ENTITIES[char] as string);
}

/** A template tag whose interpolations are escaped, unless they are already `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(out);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}
header{display:flex;gap:1rem;align-items:center;padding:.8rem 1.5rem;background:#1b1f24;color:#fff}
header h1{font-size:1.1rem;margin:0;flex:1}
main{max-width:60rem;margin:1.5rem auto;padding:0 1rem}
article,section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1rem 1.2rem;margin-bottom:1rem}
h2{font-size:1.05rem;margin:.2rem 0 .6rem}
dl{display:grid;grid-template-columns:9rem 1fr;gap:.2rem .8rem;margin:.4rem 0}
dt{color:#57606a}dd{margin:0;overflow-wrap:anywhere}
pre{background:#f6f8fa;padding:.5rem;border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere}
ul.changes{padding-left:1.2rem}.warning{color:#9a6700}
.notice{border-left:4px solid #0969da}.error{border-left:4px solid #cf222e}
.kill-on{border-left:6px solid #cf222e;background:#fff5f5}.kill-off{border-left:6px solid #1a7f37}
form.decide{display:flex;gap:.5rem;align-items:center;margin-top:.6rem}
input[type=text],input[type=password]{flex:1;padding:.35rem;border:1px solid #d0d7de;border-radius:6px}
button{padding:.35rem .9rem;border-radius:6px;border:1px solid #d0d7de;background:#f6f8fa;cursor:pointer}
button.approve{background:#1a7f37;color:#fff;border-color:#1a7f37}
button.deny,button.stop{background:#cf222e;color:#fff;border-color:#cf222e}
.muted{color:#57606a;font-size:.9rem}table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #eaeef2;font-size:.9rem}
`;

/** The one stylesheet, allowed by its hash: the CSP needs no 'unsafe-inline'. */
const STYLE_HASH = createHash('sha256').update(STYLE, 'utf8').digest('base64');

export const CONSOLE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** The response headers of every console page. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // Not no-referrer: Chromium then sends `Origin: null` with the page's own forms, which the
  // listener's Origin check (rightly) refuses. same-origin still sends nothing to other sites.
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function page(title: string, header: Html, body: Html): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${title}</title><style>${new Html(STYLE)}</style></head>
<body><header><h1>${title}</h1>${header}</header><main>${body}</main></body></html>`.text;
}
