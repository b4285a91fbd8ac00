import { type Builtin, pure } from './builtin.js';
import { str } from './values.js';

/**
 * `parse_user_agent(ua, look-for)`: Kusto's docs say the service matches the string against the
 * ua-parser (uap-core) patterns and returns Browser {Family, MajorVersion, MinorVersion, Patch},
 * OperatingSystem {Family, MajorVersion, MinorVersion, Patch, PatchMinor}, Device {Family, Brand,
 * Model}, for the targets asked ("browser", "os", "device", or an array of them). The emulator
 * carries the uap-core rules for what sign-in and cloud-app logs hold (desktop and mobile
 * browsers, Windows, macOS, iOS, Android, Linux, scripting clients); anything else is "Other",
 * with empty versions, as uap-core reports an unknown agent.
 */
type Versions = [string, string, string, string];

interface Rule {
  re: RegExp;
  family: string | ((m: RegExpExecArray) => string);
  /** Which groups hold major, minor, patch, patch-minor (0: none). */
  groups?: number[];
}

const BROWSERS: Rule[] = [
  { re: /\bEdge?A?\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, family: 'Edge' },
  { re: /\b(?:OPR|Opera)\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, family: 'Opera' },
  { re: /\bSamsungBrowser\/(\d+)(?:\.(\d+))?/, family: 'Samsung Internet' },
  { re: /\bFirefox\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, family: 'Firefox' },
  { re: /\bFxiOS\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, family: 'Firefox iOS' },
  { re: /\bCriOS\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, family: 'Chrome Mobile iOS' },
  { re: /\bChrome\/(\d+)(?:\.(\d+))?(?:\.(\d+))?.*\bMobile\b/, family: 'Chrome Mobile' },
  { re: /\bChrome\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, family: 'Chrome' },
  { re: /\bAdobeAIR\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, family: 'AdobeAIR' },
  { re: /\bMSIE (\d+)\.(\d+)/, family: 'IE' },
  { re: /\bTrident\/.*\brv:(\d+)\.(\d+)/, family: 'IE' },
  { re: /\bVersion\/(\d+)(?:\.(\d+))?(?:\.(\d+))?.*Mobile\/\S+ Safari/, family: 'Mobile Safari' },
  { re: /\bVersion\/(\d+)(?:\.(\d+))?(?:\.(\d+))?.*Safari\//, family: 'Safari' },
  { re: /\bWindowsPowerShell\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, family: 'WindowsPowerShell' },
  { re: /^curl\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, family: 'curl' },
  { re: /^Wget\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, family: 'Wget' },
  { re: /^python-requests\/(\d+)(?:\.(\d+))?(?:\.(\d+))?/, family: 'Python Requests' },
  { re: /^Go-http-client\/(\d+)(?:\.(\d+))?/, family: 'Go-http-client' },
];

const WINDOWS_NT: Record<string, Versions> = {
  '10.0': ['10', '', '', ''],
  '6.3': ['8', '1', '', ''],
  '6.2': ['8', '', '', ''],
  '6.1': ['7', '', '', ''],
  '6.0': ['Vista', '', '', ''],
  '5.1': ['XP', '', '', ''],
};

const SYSTEMS: Rule[] = [
  { re: /\bWindows Phone (?:OS )?(\d+)(?:\.(\d+))?/, family: 'Windows Phone' },
  { re: /\bWindows NT (\d+\.\d+)/, family: 'Windows', groups: [] },
  { re: /\b(?:iPhone|CPU) OS (\d+)_(\d+)(?:_(\d+))?/, family: 'iOS' },
  { re: /\biPad.*OS (\d+)_(\d+)(?:_(\d+))?/, family: 'iOS' },
  { re: /\bMac OS X (\d+)[_.](\d+)(?:[_.](\d+))?/, family: 'Mac OS X' },
  { re: /\bAndroid (\d+)(?:\.(\d+))?(?:\.(\d+))?/, family: 'Android' },
  { re: /\bCrOS \S+ (\d+)(?:\.(\d+))?(?:\.(\d+))?/, family: 'Chrome OS' },
  { re: /\bUbuntu\b/, family: 'Ubuntu' },
  { re: /\bSymbianOS\/(\d+)(?:\.(\d+))?/, family: 'Symbian OS' },
  { re: /\bLinux\b/, family: 'Linux' },
  { re: /\bWindows\b/, family: 'Windows' },
];

function firstMatch(rules: Rule[], ua: string): { family: string; versions: Versions } {
  for (const rule of rules) {
    const m = rule.re.exec(ua);
    if (!m) continue;
    const family = typeof rule.family === 'string' ? rule.family : rule.family(m);
    if (rule.groups) return { family, versions: WINDOWS_NT[m[1] ?? ''] ?? ['', '', '', ''] };
    return { family, versions: [m[1] ?? '', m[2] ?? '', m[3] ?? '', m[4] ?? ''] };
  }
  return { family: 'Other', versions: ['', '', '', ''] };
}

function device(ua: string): Record<string, string> {
  const checks: [RegExp, string, string][] = [
    [/\biPhone\b/, 'iPhone', 'Apple'],
    [/\biPad\b/, 'iPad', 'Apple'],
    [/\bMacintosh\b/, 'Mac', 'Apple'],
  ];
  for (const [re, model, brand] of checks)
    if (re.test(ua)) return { Family: model, Brand: brand, Model: model };
  const android = /\bAndroid [^;)]*;(?: [a-z]{2}-[a-z]{2};)? ([^;)]+?)(?: Build\/[^;)]*)?\)/i.exec(ua);
  if (android?.[1] && android[1] !== 'K')
    return { Family: android[1], Brand: 'Generic_Android', Model: android[1] };
  if (/\b(?:bot|crawler|spider)\b/i.test(ua)) return { Family: 'Spider', Brand: 'Spider', Model: 'Desktop' };
  return { Family: 'Other', Brand: '', Model: '' };
}

export function parseUserAgent(ua: unknown, lookFor: unknown): Record<string, unknown> {
  const text = str(ua);
  const targets = (Array.isArray(lookFor) ? lookFor : [lookFor]).map((t) => str(t).toLowerCase());
  const out: Record<string, unknown> = {};
  for (const target of targets) {
    if (target === 'browser') {
      const { family, versions } = firstMatch(BROWSERS, text);
      out.Browser = {
        Family: family,
        MajorVersion: versions[0],
        MinorVersion: versions[1],
        Patch: versions[2],
      };
    } else if (target === 'os') {
      const { family, versions } = firstMatch(SYSTEMS, text);
      out.OperatingSystem = {
        Family: family,
        MajorVersion: versions[0],
        MinorVersion: versions[1],
        Patch: versions[2],
        PatchMinor: versions[3],
      };
    } else if (target === 'device') out.Device = device(text);
  }
  return out;
}

export const AGENT_FUNCTIONS: Record<string, Builtin> = {
  parse_user_agent: pure(([ua, lookFor]) => parseUserAgent(ua, lookFor)),
};
