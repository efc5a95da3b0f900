import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT_DIR } from '../../src/http/views.js';

/** Shared by the browser tests: finding chromium and java, axe on a live page, vnu over saved HTML. */

const AXE = path.join(ROOT_DIR, 'node_modules', 'axe-core', 'axe.min.js');
const VNU = path.join(ROOT_DIR, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

/** The executable on PATH, or null. */
export function which(name: string): string | null {
  try {
    return execFileSync('which', [name], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** How the browser tests start Debian's chromium. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

let axeSource: string | undefined;

/**
 * Runs axe on the page now shown and returns its serious and critical violations as readable lines. axe is
 * evaluated through the browser's debugging protocol, which the page's CSP (script-src 'self') does not govern.
 */
export async function axeProblems(page: Page, name: string): Promise<string[]> {
  axeSource ??= fs.readFileSync(AXE, 'utf8');
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const runner = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: unknown[] }> } }).axe;
    return (await runner.run(document, { resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

interface VnuMessage {
  type: string;
  url?: string;
  message: string;
  lastLine?: number;
  extract?: string;
}

/** Validates the HTML files in one vnu run; returns its errors as readable lines (file:line message [extract]). */
export async function vnuErrors(javaPath: string, files: string[]): Promise<string[]> {
  let out = '';
  try {
    ({ stderr: out } = await promisify(execFile)(javaPath, ['-jar', VNU, '--errors-only', '--format', 'json', ...files], { maxBuffer: 16 * 1024 * 1024 }));
  } catch (err) {
    // NOTE: vnu exits 1 when it finds errors; its JSON report is on stderr either way.
    out = (err as { stderr?: string }).stderr ?? '';
  }
  const messages = ((JSON.parse(out || '{"messages":[]}') as { messages?: VnuMessage[] }).messages ?? []).filter((m) => m.type === 'error' || m.type === 'non-document-error');
  return messages.map((m) => `${path.basename(m.url ?? '')}:${m.lastLine ?? '?'} ${m.message} [${(m.extract ?? '').trim()}]`);
}

/**
 * Why the browser tests of a file cannot run here, or null: `BROWSER_TESTS=off` (.ci/run's MariaDB + Redis pass: the
 * pages are the same on both databases, so they run once, in the SQLite pass), or a missing chromium / java.
 */
export function browserTestsSkipped(needs: ReadonlyArray<'chromium' | 'java'>): string | null {
  if (process.env.BROWSER_TESTS === 'off') return 'BROWSER_TESTS=off (the browser tests run in the SQLite pass of .ci/run)';
  const missing = needs.filter((name) => !which(name));
  return missing.length ? `${missing.join(' and ')} not installed (apt-get install chromium default-jre-headless; .ci/run installs them)` : null;
}

/** A running app and chromium for one browser suite. */
export interface BrowserRig {
  /** http://127.0.0.1:<port> of the app. */
  base: string;
  browser: Browser;
  /** Script errors of the pages opened with newPage (a suite ends by expecting none). */
  pageErrors: string[];
  /** A page in a browser context of its own (its own cookies), its script errors kept in pageErrors. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * For a browser suite's `before`: skips the suite (saying why) when `needs` are missing or BROWSER_TESTS=off, else
 * serves `app` on a free loopback port and launches chromium. Call `close()` in `after` (it tolerates a skipped suite).
 */
export async function startBrowserRig(suite: Mocha.Context, app: () => Promise<RequestListener>, needs: ReadonlyArray<'chromium' | 'java'> = ['chromium']): Promise<BrowserRig> {
  const skipped = browserTestsSkipped(needs);
  if (skipped) {
    console.log(`    skipped: ${skipped}`);
    suite.skip();
  }
  const server = createServer(await app());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath: which('chromium')!, args: CHROMIUM_ARGS });
  const pageErrors: string[] = [];
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    browser,
    pageErrors,
    async newPage() {
      const page = await (await browser.newContext()).newPage();
      page.on('pageerror', (err) => pageErrors.push(err.message));
      return page;
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
