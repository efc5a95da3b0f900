import net from 'node:net';
import { sha256 } from '../lib/crypto.js';

const BROWSERS: Array<[RegExp, string]> = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
  [/curl\/|Wget\/|python-requests|node-fetch|undici|okhttp/i, 'Script'],
];

const SYSTEMS: Array<[RegExp, string]> = [
  [/Windows/, 'Windows'],
  [/iPhone|iPad|iPod|iOS/, 'iOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux|X11/, 'Linux'],
];

function match(table: Array<[RegExp, string]>, ua: string): string {
  return table.find(([re]) => re.test(ua))?.[1] ?? 'Unknown';
}

/** "Firefox on Linux": the browser and OS families, stable across browser updates. */
export function userAgentFamily(userAgent: string | null | undefined): string {
  const ua = userAgent ?? '';
  return `${match(BROWSERS, ua)} on ${match(SYSTEMS, ua)}`;
}

function expandIpv6(ip: string): number[] {
  const [head = '', tail = ''] = ip.split('::');
  const parse = (part: string) => (part ? part.split(':').map((h) => parseInt(h, 16)) : []);
  const left = parse(head);
  const right = ip.includes('::') ? parse(tail) : [];
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The network an address belongs to: its /16 for IPv4, its /48 for IPv6. */
export function ipPrefix(ip: string | null | undefined): string {
  if (!ip) return 'unknown';
  const clean = ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').replace(/%.*$/, '');
  if (net.isIPv4(clean)) {
    const [a, b] = clean.split('.');
    return `${a}.${b}.0.0/16`;
  }
  if (net.isIPv6(clean)) {
    return `${expandIpv6(clean).slice(0, 3).map((h) => h.toString(16)).join(':')}::/48`;
  }
  return 'unknown';
}

/**
 * A device is a browser family on a network: sha256 of the user-agent family and the IP prefix.
 * NOTE: coarse on purpose, so a browser update or a new address from the same ISP is not "new".
 */
export function deviceFingerprint(userAgent: string | null | undefined, ip: string | null | undefined): string {
  return sha256(`${userAgentFamily(userAgent)}|${ipPrefix(ip)}`);
}
