import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RequestHandler } from 'express';
import { ROOT_DIR } from './views.js';

/** The source file behind a module path ('portal/account/index.js' -> .ts or .js), or null. */
function sourceOf(modulePath: string): string | null {
  const absolute = path.resolve(ROOT_DIR, modulePath);
  const stem = absolute.replace(/\.(js|ts)$/, '');
  return ['.ts', '.js'].map((ext) => stem + ext).find((f) => fs.existsSync(f)) ?? null;
}

/**
 * Imports a source file into the module graph the caller runs in. Under `node --import tsx` the app is
 * ESM and `import()` is right; mocha on Node >= 20.19 loads specs with require(), and tsx then
 * compiles them to CommonJS: an `import()` there would load a second copy of every module (its own
 * config, clock, Sequelize and models), so require() is used when it exists.
 */
async function load(file: string): Promise<Record<string, unknown>> {
  if (typeof require === 'function') {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: stay in the caller's CommonJS graph
      return require(file) as Record<string, unknown>;
    } catch {
      // NOTE: some modules cannot be required (top-level await, ESM-only packages such as AdminJS):
      // those are imported, and a module that is really broken fails the import too.
    }
  }
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

/**
 * Loads `exportName` from `modulePath` (relative to the repository root) when that file exists;
 * returns null when it does not, so areas that are not written yet are skipped. A module that
 * exists but fails to load, or lacks the export, throws: a broken router must not vanish silently.
 * With `factory: true` the export is called (and awaited) to build the router.
 */
export async function optionalRouter(modulePath: string, exportName: string, opts: { factory?: boolean } = {}): Promise<RequestHandler | null> {
  const file = sourceOf(modulePath);
  if (!file) return null;
  const mod = await load(file);
  const value = mod[exportName];
  if (typeof value !== 'function') throw new Error(`${modulePath} does not export ${exportName}`);
  const handler = opts.factory ? await (value as () => Promise<unknown> | unknown)() : value;
  if (typeof handler !== 'function') throw new Error(`${modulePath}: ${exportName}${opts.factory ? '()' : ''} is not a router`);
  return handler as RequestHandler;
}

/** True when `modulePath` (relative to the repository root) exists as .ts or .js. */
export function moduleExists(modulePath: string): boolean {
  return sourceOf(modulePath) !== null;
}

/** Imports `modulePath` when it exists (null otherwise). */
export async function optionalModule<T = Record<string, unknown>>(modulePath: string): Promise<T | null> {
  const file = sourceOf(modulePath);
  return file ? ((await load(file)) as T) : null;
}
