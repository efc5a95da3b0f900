import { request as httpRequest, type IncomingMessage } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import type { SessionData } from 'express-session';
import { IndexedRedisStore } from '../../../src/http/session-redis-store.js';
import { DbSessionStore } from '../../../src/http/session-store.js';
import { resetDatabase } from '../../support/db.js';
import { buildTestApp, csrfFrom } from '../../support/http.js';

/** Forms that queue a flash message and redirect, as the portal's pages do after a POST. */
function formRouter(): express.Router {
  const router = express.Router();
  router.get('/form', (_req, res) => res.send(`<form method="post"><input type="hidden" name="_csrf" value="${String(res.locals.csrfToken)}"></form>`));
  router.get('/page', (_req, res) => res.render('errors/404', { layout: 'site' }));
  router.get('/away', (_req, res) => res.redirect(303, '/__flash/page'));
  router.post('/save', (req, res) => {
    req.flash('success', 'Your changes are saved.');
    res.redirect(303, '/__flash/page');
  });
  router.post('/sign-out', (req, res, next) =>
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.flash('success', 'You have been signed out.');
      res.redirect(303, '/__flash/page');
    }),
  );
  return router;
}

const STORE_DELAY_MS = 400;
const cookieOf = (res: { headers: IncomingMessage['headers'] }) => (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');

/** POSTs a form and resolves as soon as the response headers arrive, as a browser follows a redirect. */
function postForm(url: string, cookie: string, body: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

describe('sessions: a redirect after a change', function () {
  this.timeout(30_000);
  let server: Server;
  let base: string;
  const stores = [DbSessionStore.prototype, IndexedRedisStore.prototype] as Array<{ set: (sid: string, sess: SessionData, cb?: (err?: unknown) => void) => unknown }>;
  const originals = stores.map((p) => p.set);
  let writes = 0;

  before(async () => {
    await resetDatabase();
    // NOTE: a slow store (a busy database or Redis) makes the window between headers and saved session wide.
    stores.forEach((proto, i) => {
      proto.set = function (this: unknown, sid: string, sess: SessionData, cb?: (err?: unknown) => void) {
        writes++;
        setTimeout(() => originals[i]!.call(this, sid, sess, cb), STORE_DELAY_MS);
      };
    });
    const app = await buildTestApp({ surfaces: ['site'], extraRouters: [{ path: '/__flash', router: formRouter() }] });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    stores.forEach((proto, i) => (proto.set = originals[i]!));
    await new Promise((resolve) => server.close(resolve));
  });

  async function openForm(): Promise<{ cookie: string; body: string }> {
    const page = await fetch(`${base}/__flash/form`);
    const token = csrfFrom(await page.text());
    expect(token, 'the form page carries a CSRF token').to.be.a('string');
    const cookie = (page.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
    await new Promise((resolve) => setTimeout(resolve, STORE_DELAY_MS + 100));
    return { cookie, body: new URLSearchParams({ _csrf: token! }).toString() };
  }

  it('when a form queues a flash message and redirects, then the page the browser follows to at once shows it', async () => {
    const { cookie, body } = await openForm();
    const posted = await postForm(`${base}/__flash/save`, cookie, body);
    expect(posted.statusCode).to.equal(303);
    const followed = await fetch(`${base}${posted.headers.location}`, { headers: { cookie: cookieOf(posted) || cookie } });
    expect(await followed.text()).to.contain('Your changes are saved.');
    posted.resume();
  });

  it('when signing out gives the session a new id and redirects, then the next page has that session and its message', async () => {
    const { cookie, body } = await openForm();
    const posted = await postForm(`${base}/__flash/sign-out`, cookie, body);
    const renewed = cookieOf(posted);
    expect(renewed, 'the response carries the new session id').to.match(/ezscale\.sid=/).and.not.equal(cookie);
    const followed = await fetch(`${base}${posted.headers.location}`, { headers: { cookie: renewed } });
    expect(await followed.text()).to.contain('You have been signed out.');
    posted.resume();
  });

  it('when a request redirects without changing the session, then nothing is written and no session is created', async () => {
    const before = writes;
    const res = await fetch(`${base}/__flash/away`, { redirect: 'manual' });
    expect(res.status).to.equal(303);
    expect(res.headers.getSetCookie?.() ?? []).to.deep.equal([]);
    expect(writes).to.equal(before);
  });
});
