import { expect } from 'chai';
import express, { type Express } from 'express';
import request from 'supertest';
import { createUser } from '../../factories/identity.js';
import { getRedis } from '../../../src/http/redis.js';
import { SessionRecord } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { agentWithCsrf, buildTestApp } from '../../support/http.js';

/** A tiny form surface mounted through createApp({ extraRouters }). */
function formRouter(): express.Router {
  const router = express.Router();
  router.get('/form', (_req, res) => res.send(`<form method="post"><input type="hidden" name="_csrf" value="${String(res.locals.csrfToken)}"></form>`));
  router.get('/plain', (_req, res) => res.render('errors/404', { layout: 'site' }));
  router.post('/form', (req, res) => res.json({ ok: true, name: (req.body as { name?: string }).name }));
  router.get('/whoami', (req, res) => res.json({ userId: req.session.userId ?? null, currentUserId: req.currentUser?.id ?? null }));
  router.post('/sign-in', (req, res) => {
    req.session.userId = Number((req.body as { userId: string }).userId);
    req.flash('success', 'Welcome back!');
    res.redirect(303, '/__test/plain');
  });
  return router;
}

describe('sessions, CSRF and flash', () => {
  let app: Express;

  before(async () => {
    await resetDatabase();
    app = await buildTestApp({ surfaces: ['site', 'api'], extraRouters: [{ path: '/__test', router: formRouter() }] });
  });

  it('when a form is posted without a CSRF token, then it is refused with the 403 page', async () => {
    const res = await request(app).post('/__test/form').type('form').send({ name: 'x' }).expect(403);
    expect(res.text).to.contain('This form has expired');
  });

  it('when a JSON request has no CSRF token, then it is refused with problem+json', async () => {
    const res = await request(app).post('/__test/form').send({ name: 'x' }).expect(403);
    expect(res.type).to.equal('application/problem+json');
    expect(res.body.code).to.equal('csrf_invalid');
  });

  it('when a form is posted with the token of its session, then it goes through', async () => {
    const { agent, csrfToken } = await agentWithCsrf(app, '/__test/form');
    const res = await agent.post('/__test/form').type('form').send({ _csrf: csrfToken, name: 'Ada' }).expect(200);
    expect(res.body).to.deep.equal({ ok: true, name: 'Ada' });
    await agent.post('/__test/form').set('x-csrf-token', csrfToken).send({ name: 'Bob' }).expect(200);
  });

  it('when the token of another session is sent, then it is refused', async () => {
    const first = await agentWithCsrf(app, '/__test/form');
    const second = await agentWithCsrf(app, '/__test/form');
    await second.agent.post('/__test/form').type('form').send({ _csrf: first.csrfToken }).expect(403);
  });

  it('when a page without a form is viewed anonymously, then no session is created', async () => {
    const res = await request(app).get('/__test/plain').expect(200);
    expect(res.headers['set-cookie']).to.equal(undefined);
  });

  it('when a signed-in session is stored, then its row carries the user id and the cookie is httpOnly and SameSite=Lax', async () => {
    const user = await createUser({ email: 'sessions@example.test' });
    const { agent, csrfToken, page } = await agentWithCsrf(app, '/__test/form');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).to.match(/ezscale\.sid=/).and.match(/HttpOnly/i).and.match(/SameSite=Lax/i);
    const res = await agent.post('/__test/sign-in').type('form').send({ _csrf: csrfToken, userId: String(user.id) }).expect(303);
    const followed = await agent.get(res.headers.location as string);
    expect(followed.text).to.contain('Welcome back!');
    const again = await agent.get('/__test/plain');
    expect(again.text, 'a flash message is shown once').not.to.contain('Welcome back!');
    const sid = decodeURIComponent(/ezscale\.sid=([^;]+)/.exec(cookie)![1]!).replace(/^s:/, '').split('.')[0]!;
    const redis = await getRedis();
    if (redis) {
      const stored = JSON.parse((await redis.get(`sess:portal:${sid}`)) ?? '{}') as { userId?: number };
      expect(stored.userId).to.equal(user.id);
    } else {
      const rows = await SessionRecord.findAll({ where: { userId: user.id } });
      expect(rows).to.have.length(1);
      expect(rows[0]!.sid).to.equal(sid);
      expect(rows[0]!.surface).to.equal('portal');
      expect(rows[0]!.expiresAt.getTime()).to.be.greaterThan(Date.now());
    }
  });

  it('when a signed-in session is revoked (its row deleted), then its next request is signed out, with or without Redis', async () => {
    const user = await createUser({ email: 'revoked@example.test' });
    const { agent, csrfToken } = await agentWithCsrf(app, '/__test/form');
    await agent.post('/__test/sign-in').type('form').send({ _csrf: csrfToken, userId: String(user.id) }).expect(303);
    expect((await agent.get('/__test/whoami')).body.userId).to.equal(user.id);
    expect(await SessionRecord.count({ where: { userId: user.id } })).to.equal(1);
    await SessionRecord.destroy({ where: { userId: user.id } });
    expect((await agent.get('/__test/whoami')).body.userId).to.equal(null);
    expect(await SessionRecord.count({ where: { userId: user.id } }), 'a revoked session is not written back').to.equal(0);
  });

  it('when a session row comes to name another user, then no page is that user\'s: the database store keeps the session\'s own user, Redis signs it out', async () => {
    const user = await createUser({ email: 'own@example.test' });
    const other = await createUser({ email: 'other@example.test' });
    const { agent, csrfToken } = await agentWithCsrf(app, '/__test/form');
    await agent.post('/__test/sign-in').type('form').send({ _csrf: csrfToken, userId: String(user.id) }).expect(303);
    expect((await agent.get('/__test/whoami')).body).to.deep.equal({ userId: user.id, currentUserId: user.id });
    await SessionRecord.update({ userId: other.id }, { where: { userId: user.id } });
    const after = (await agent.get('/__test/whoami')).body as { userId: number | null; currentUserId: number | null };
    expect(after.currentUserId).not.to.equal(other.id);
    expect(after).to.deep.equal((await getRedis()) ? { userId: null, currentUserId: null } : { userId: user.id, currentUserId: user.id });
  });
});
