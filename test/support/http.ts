import type { Express } from 'express';
import request from 'supertest';
import { createApp, type CreateAppOptions } from '../../src/http/app.js';
import { ensureSchema } from './db.js';

let cached: Promise<Express> | undefined;

/** The whole web app (every surface), built once per test run on a migrated database. */
export async function testApp(): Promise<Express> {
  cached ??= ensureSchema().then(() => createApp());
  return cached;
}

/** A fresh app with extra options (extra routers, fewer surfaces); not cached. */
export async function buildTestApp(opts: CreateAppOptions = {}): Promise<Express> {
  await ensureSchema();
  return createApp(opts);
}

/** Reads the CSRF token out of a page: the `_csrf` hidden field, else the `csrf-token` meta tag. */
export function csrfFrom(html: string): string | null {
  const field = /<input[^>]*name="_csrf"[^>]*value="([^"]+)"/.exec(html) ?? /<input[^>]*value="([^"]+)"[^>]*name="_csrf"/.exec(html);
  const meta = /<meta[^>]*name="csrf-token"[^>]*content="([^"]+)"/.exec(html);
  return field?.[1] ?? meta?.[1] ?? null;
}

export interface CsrfAgent {
  /** A cookie-keeping supertest agent (same session for every request). */
  agent: InstanceType<typeof request.agent>;
  /** The session's token: send it as the `_csrf` field or the `x-csrf-token` header. */
  csrfToken: string;
  /** The page that was fetched. */
  page: request.Response;
}

/**
 * Fetches `getPath` with a new agent and extracts the CSRF token, so a test can then post a form:
 * `const { agent, csrfToken } = await agentWithCsrf(app, '/account/login');
 *  await agent.post('/account/login').type('form').send({ _csrf: csrfToken, email, password });`
 */
export async function agentWithCsrf(app: Express, getPath: string, agent = request.agent(app)): Promise<CsrfAgent> {
  const page = await agent.get(getPath);
  const csrfToken = csrfFrom(page.text);
  if (!csrfToken) throw new Error(`agentWithCsrf: no _csrf field or csrf-token meta tag in GET ${getPath} (status ${page.status})`);
  return { agent, csrfToken, page };
}
