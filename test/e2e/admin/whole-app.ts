import crypto from 'node:crypto';
import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { currentTotp } from '../../../src/auth/totp.js';
import { createApp } from '../../../src/http/app.js';
import type { User } from '../../../src/models/index.js';
import { csrfFrom } from '../../support/http.js';
import { submitCode, submitPassword, TEST_TOTP_SECRET, type Browser } from './support.js';

/** Helpers of the back-office tests that cross into the customer portal: one app with /admin and /account. */

let app: Promise<Express> | undefined;

/** The web app with the back office and the customer portal (built once per run, in this ESM module graph). */
export function portalAndAdminApp(): Promise<Express> {
  app ??= createApp({ surfaces: ['admin', 'account'] });
  return app;
}

/** A browser of its own (cookie jar, client address) on the whole app. */
export async function wholeBrowser(): Promise<Browser> {
  const agent = request.agent(await portalAndAdminApp());
  const [a, b, c] = crypto.randomBytes(3);
  agent.set('X-Forwarded-For', `10.${a}.${b}.${c}`);
  return agent;
}

/** A browser of the whole app, signed in to the back office as `user` (password, then TOTP). */
export async function staffBrowser(user: User): Promise<Browser> {
  const agent = await wholeBrowser();
  expect((await submitPassword(agent, user.email)).status).to.equal(303);
  const code = await submitCode(agent, currentTotp(TEST_TOTP_SECRET));
  expect(code.headers.location).to.equal('/admin');
  return agent;
}

/** The CSRF token of a portal page. */
export async function portalCsrf(agent: Browser, path: string): Promise<string> {
  const page = await agent.get(path);
  const token = csrfFrom(page.text);
  expect(token, `a CSRF token on ${path} (status ${page.status})`).to.be.a('string');
  return token!;
}
