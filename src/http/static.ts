import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, type Response } from 'express';
import { config } from '../../config/index.js';
import { ROOT_DIR } from './views.js';

export const PUBLIC_DIR = path.join(ROOT_DIR, 'public');
const FINGERPRINTED = /\.[0-9a-f]{8,}\.\w+$/;

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : [full];
  });
}

let cached: { key: string; version: string; checkedAt: number } | undefined;
/** Outside production, how long a computed version is trusted before public/ is listed again (one listing a second, not one a page). */
const RECHECK_MS = 1000;

/** A short hash of public/ (`?v=` on asset URLs); recomputed when files change outside production. */
export function assetVersion(): string {
  const now = Date.now();
  if (cached && (config().isProduction || now - cached.checkedAt < RECHECK_MS)) return cached.version;
  const list = files(PUBLIC_DIR).sort();
  const key = list.map((f) => `${f}:${fs.statSync(f).mtimeMs}`).join('|');
  if (cached?.key === key) {
    cached.checkedAt = now;
    return cached.version;
  }
  const hash = crypto.createHash('sha256');
  for (const f of list) hash.update(path.relative(PUBLIC_DIR, f)).update(fs.readFileSync(f));
  cached = { key, version: hash.digest('hex').slice(0, 10), checkedAt: now };
  return cached.version;
}

/** `/assets` -> public/: a year and immutable for versioned URLs (`?v=` or a hash in the name), revalidate otherwise. */
export function assetsMiddleware(): RequestHandler {
  return express.static(PUBLIC_DIR, {
    index: false,
    fallthrough: false,
    dotfiles: 'ignore',
    setHeaders(res: Response, file: string) {
      const versioned = typeof res.req.query.v === 'string' || FINGERPRINTED.test(file);
      res.setHeader('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate');
    },
  });
}
