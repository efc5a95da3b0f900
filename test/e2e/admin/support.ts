import crypto from 'node:crypto';
import { expect } from 'chai';
import type { Express } from 'express';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { currentTotp } from '../../../src/auth/totp.js';
import { createApp } from '../../../src/http/app.js';
import type { User } from '../../../src/models/index.js';
// NOTE: a static import of the back office (ESM-only AdminJS) makes mocha load every admin spec as
// ESM; a spec loaded through require() would get its own copy of test/support/db.ts and the two
// copies would each recreate the SQLite file under the other's open connection.
import { ADMIN_PATHS } from '../../../admin/index.js';
import { createUser, TEST_PASSWORD, TEST_TOTP_SECRET, type UserTrait } from '../../factories/identity.js';

/** Helpers of the back-office e2e tests: the app with only /admin mounted, browsers, sign-in. */

let app: Promise<Express> | undefined;

/** The web app with the admin surface only (built once per run). */
export function adminApp(): Promise<Express> {
  app ??= createApp({ surfaces: ['admin'] });
  return app;
}

export type Browser = ReturnType<typeof request.agent>;

/**
 * A browser of its own: a cookie jar and its own client address (X-Forwarded-For, trusted from
 * loopback), so rate limits counted per IP (in Redis too) never leak between tests or runs.
 */
export async function browser(): Promise<Browser> {
  const agent = request.agent(await adminApp());
  const [a, b, c] = crypto.randomBytes(3);
  agent.set('X-Forwarded-For', `10.${a}.${b}.${c}`);
  return agent;
}

/** The CSRF token of a sign-in form. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  expect(match, 'a form with a CSRF token').to.not.equal(null);
  return match![1]!;
}

/** Posts the sign-in form (fetching it first for its token). */
export async function submitPassword(agent: Browser, email: string, password = TEST_PASSWORD): Promise<request.Response> {
  const form = await agent.get('/admin/login');
  return agent.post('/admin/login').type('form').send({ _csrf: csrfOf(form.text), email, password });
}

/** Posts a second-factor code on the challenge page. */
export async function submitCode(agent: Browser, code: string, path = '/admin/login/two-factor'): Promise<request.Response> {
  const form = await agent.get(path);
  return agent.post(path).type('form').send({ _csrf: csrfOf(form.text), code });
}

/** A staff member with TOTP (TEST_TOTP_SECRET) and the factory password. */
export function createStaff(role: 'admin' | 'support' | 'finance', ...traits: UserTrait[]): Promise<User> {
  return createUser({}, role, 'with2fa', ...traits);
}

/** A browser signed in as `user` through the whole flow (password, then TOTP). */
export async function signedIn(user: User): Promise<Browser> {
  const agent = await browser();
  const password = await submitPassword(agent, user.email);
  expect(password.status, password.text).to.equal(303);
  expect(password.headers.location).to.equal('/admin/login/two-factor');
  const code = await submitCode(agent, currentTotp(TEST_TOTP_SECRET));
  expect(code.status, code.text).to.equal(303);
  expect(code.headers.location).to.equal('/admin');
  return agent;
}

/** Signs a browser page in as `user` through the sign-in page (password, then the TOTP code): it lands on /admin. */
export async function signInPage(page: Page, base: string, user: Pick<User, 'email'>): Promise<void> {
  if (!page.url().endsWith('/admin/login')) await page.goto(`${base}/admin/login`);
  await page.fill('#email', user.email);
  await page.fill('#password', TEST_PASSWORD);
  await Promise.all([page.waitForURL(`${base}/admin/login/two-factor`), page.click('button[type="submit"]')]);
  await page.fill('#code', currentTotp(TEST_TOTP_SECRET));
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('button[type="submit"]')]);
}

/** The JSON of an AdminJS API action. */
export async function apiAction(agent: Browser, resource: string, action: string, opts: { recordId?: string | number; query?: Record<string, string>; payload?: Record<string, string> } = {}): Promise<{ status: number; body: AdminJsResponse }> {
  const path = opts.recordId === undefined
    ? `/admin/api/resources/${resource}/actions/${action}`
    : `/admin/api/resources/${resource}/records/${opts.recordId}/${action}`;
  const res = opts.payload ? await agent.post(path).query(opts.query ?? {}).field(opts.payload) : await agent.get(path).query(opts.query ?? {});
  return { status: res.status, body: res.body as AdminJsResponse };
}

export interface AdminJsRecord {
  id: string;
  title: string;
  params: Record<string, unknown>;
  populated?: Record<string, { params?: Record<string, unknown> } | null>;
  errors?: Record<string, unknown>;
}
export interface AdminJsResponse {
  notice?: { message: string; type: string };
  record?: AdminJsRecord & { baseError?: { type: string } };
  records?: AdminJsRecord[];
  meta?: { total: number };
}

/** Asserts AdminJS's refusal: HTTP 200 with a ForbiddenError notice and no data. */
export function expectForbidden(res: { status: number; body: AdminJsResponse }): void {
  expect(res.status).to.equal(200);
  expect(res.body.notice).to.deep.include({ type: 'error', message: 'forbiddenError' });
  expect(res.body.record?.baseError?.type).to.equal('ForbiddenError');
  expect(res.body.record?.params).to.deep.equal({});
  expect(res.body.records ?? []).to.deep.equal([]);
}

export { ADMIN_PATHS, TEST_PASSWORD, TEST_TOTP_SECRET };
