import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { logger } from '../src/lib/logger.js';

/** What the components bundle is built from: every `components/` folder of the back office plus the loader. */
const adminDir = path.dirname(fileURLToPath(import.meta.url));
const SOURCES = [
  ...['components', 'tickets/components', 'reports/components', 'templates/components'].map((dir) => path.join(adminDir, dir)),
  path.join(adminDir, 'component-loader.ts'),
];

/** The bundle AdminJS writes and serves: $ADMIN_JS_TMP_DIR/bundle.js, relative to the working directory like AdminJS. */
export function bundleFile(): string {
  return path.resolve(process.env.ADMIN_JS_TMP_DIR || '.adminjs', 'bundle.js');
}

function newestMtime(target: string): number {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(target).reduce((max, name) => Math.max(max, newestMtime(path.join(target, name))), stat.mtimeMs);
}

/** True when the bundle exists and is newer than every component source. */
export function bundleIsFresh(): boolean {
  const stat = fs.statSync(bundleFile(), { throwIfNoEntry: false });
  return !!stat && stat.mtimeMs >= Math.max(...SOURCES.map(newestMtime));
}

/**
 * Chooses how the components bundle is served, before AdminJS initialises (it reads
 * ADMIN_JS_SKIP_BUNDLE in `initialize()`): a fresh prebuilt bundle is served as is, so start-up and
 * tests never bundle. A stale one is removed outside production (the dev route rebuilds it on the
 * first request instead of serving old components); in production AdminJS rebuilds it at start-up.
 */
export function prepareComponentsBundle(): void {
  const file = bundleFile();
  if (bundleIsFresh()) {
    process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
    return;
  }
  if (!fs.existsSync(file)) return;
  logger().warn({ file }, 'admin components bundle is older than admin/components; run npm run bundle:admin');
  if (process.env.NODE_ENV !== 'production') fs.rmSync(file, { force: true });
}
