import crypto from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp } from '../../../src/http/app.js';
import { currentTotp } from '../../../src/auth/totp.js';
import { accountRouter } from '../../../portal/account/index.js';
import { ensureSchema } from '../../support/db.js';

export { PASSWORD, createAccount, mailsTo, reloadUser, tokenInMail } from '../../integration/auth/support.js';

export type Agent = InstanceType<typeof TestAgent>;

let app: Promise<Express> | undefined;

/**
 * The web app with the account router at /account, behind the platform's sessions, CSRF, flash and
 * locals (built once per run).
 * NOTE: mounted through `extraRouters` from this module graph: mocha loads specs through require(),
 * while createApp's optional mount import()s portal/account as ESM, a second copy of every module
 * (its models never initialised). Production runs one ESM graph and mounts it through app-routes.
 */
export function accountApp(): Promise<Express> {
  app ??= ensureSchema().then(() => createApp({ surfaces: [], extraRouters: [{ path: '/account', router: accountRouter() }] }));
  return app;
}

/**
 * A browser: keeps cookies, and comes from its own random address (X-Forwarded-For from loopback
 * is trusted), so rate limits and device checks of one test do not leak into another.
 */
export async function browser(opts: { ip?: string; userAgent?: string; app?: Express } = {}): Promise<Agent> {
  const agent = request.agent(opts.app ?? (await accountApp()));
  agent
    .set('X-Forwarded-For', opts.ip ?? `198.18.${crypto.randomInt(0, 255)}.${crypto.randomInt(1, 255)}`)
    .set('User-Agent', opts.userAgent ?? 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0');
  return agent;
}

/** A fresh app whose sessions live in the `sessions` table even when REDIS_URL is set (see sessions.spec.ts). */
export function buildAccountApp(): Promise<Express> {
  return createApp({ surfaces: [], extraRouters: [{ path: '/account', router: accountRouter() }] });
}

/** The CSRF token of the first form on a page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

/** Opens `path` and returns its CSRF token. */
export async function tokenFrom(agent: Agent, path: string): Promise<string> {
  const res = await agent.get(path);
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  return csrfOf(res.text);
}

/** Submits a form the way the browser would: opens `page`, then posts `fields` with its CSRF token. */
export async function submit(agent: Agent, page: string, action: string, fields: Record<string, string>) {
  const _csrf = await tokenFrom(agent, page);
  return agent.post(action).type('form').send({ _csrf, ...fields });
}

/** Signs a browser in with email and password (and the TOTP secret when two-factor is on). */
export async function signIn(agent: Agent, email: string, password: string, totpSecret?: string): Promise<void> {
  const res = await submit(agent, '/account/login', '/account/login', { email, password });
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  if (res.headers.location === '/account/login/two-factor') {
    if (!totpSecret) throw new Error('two-factor step without a secret');
    const done = await submit(agent, '/account/login/two-factor', '/account/login/two-factor', { code: currentTotp(totpSecret) });
    if (done.status !== 303) throw new Error(`two-factor answered ${done.status}`);
  }
}

/** The session cookie a browser holds now. */
export function sessionCookie(res: { headers: Record<string, unknown> }): string | undefined {
  const cookies = res.headers['set-cookie'] as string[] | undefined;
  return cookies?.find((c) => c.startsWith('ezscale.sid='))?.split(';')[0];
}
