import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const LIST_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'disposable-domains.txt');
let domains: Set<string> | undefined;

/** The shipped list of throwaway mail domains, read once per process. */
export function disposableDomains(): ReadonlySet<string> {
  domains ??= new Set(
    fs
      .readFileSync(LIST_FILE, 'utf8')
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
  return domains;
}

/** The listed domain an address belongs to (the domain itself or a parent of it), or null. */
export function disposableDomainOf(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 0) return null;
  const labels = email.slice(at + 1).trim().toLowerCase().replace(/\.$/, '').split('.');
  const list = disposableDomains();
  for (let i = 0; i < labels.length - 1; i++) {
    const candidate = labels.slice(i).join('.');
    if (list.has(candidate)) return candidate;
  }
  return null;
}
