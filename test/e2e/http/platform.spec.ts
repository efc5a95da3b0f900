import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { createPlan } from '../../factories/catalog.js';
import { countRows, resetDatabase } from '../../support/db.js';
import { testApp } from '../../support/http.js';

describe('web platform: health, home page, assets, 404', () => {
  let app: Express;

  before(async () => {
    await resetDatabase();
    app = await testApp();
  });

  it('when /healthz is asked, then it answers 200 with the database ok and the version', async () => {
    const res = await request(app).get('/healthz').expect(200);
    expect(res.body).to.include({ status: 'ok', database: 'ok' });
    expect(res.body.redis).to.be.oneOf(process.env.REDIS_URL ? ['ok'] : ['not_configured']);
    expect(res.body.version).to.match(/^\d+\.\d+\.\d+/);
  });

  it('when a visitor opens the home page, then they see the four services and the CTAs under a strict CSP', async () => {
    const res = await request(app).get('/').expect(200);
    expect(res.type).to.equal('text/html');
    for (const text of ['Cloud VPS', 'Dedicated Servers', 'Web Hosting', 'Game Servers', 'href="/pricing"', 'href="/account/register"']) {
      expect(res.text).to.contain(text);
    }
    const csp = String(res.headers['content-security-policy']);
    const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? '';
    expect(scriptSrc.trim()).to.equal("'self'");
    expect(csp).not.to.contain('unsafe-inline');
    expect(res.text).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.text).not.to.match(/\sstyle="/);
  });

  it('when the home page is fetched, then it is cacheable (no cookie), has an ETag and answers 304 when unchanged', async () => {
    const first = await request(app).get('/').expect(200);
    expect(first.headers['cache-control']).to.contain('public');
    expect(first.headers['set-cookie']).to.equal(undefined);
    expect(first.headers.etag).to.be.a('string');
    await request(app).get('/').set('If-None-Match', first.headers.etag as string).expect(304);
    expect(await countRows('sessions')).to.equal(0);
  });

  it('when public plans exist, then the home page features them with their price, and never hidden ones', async () => {
    await createPlan({ name: 'Starter VPS', monthlyMinor: 599 }, 'vps', 'popular');
    await createPlan({ name: 'Secret Box', monthlyMinor: 100 }, 'vps', 'hidden');
    const res = await request(app).get('/').expect(200);
    expect(res.text).to.contain('Starter VPS');
    expect(res.text).to.contain('$5.99');
    expect(res.text).to.contain('Most popular');
    expect(res.text).not.to.contain('Secret Box');
  });

  it('when the theme cookie says dark, then the page is rendered dark without waiting for script', async () => {
    const res = await request(app).get('/').set('Cookie', 'theme=dark').expect(200);
    expect(res.text).to.match(/<html lang="en" data-theme="dark">/);
  });

  it('when a versioned asset is fetched, then it is cached for a year; unversioned ones revalidate', async () => {
    const versioned = await request(app).get('/assets/css/app.css?v=abc').expect(200);
    expect(versioned.headers['cache-control']).to.contain('immutable');
    const plain = await request(app).get('/assets/js/app.js').expect(200);
    expect(plain.headers['cache-control']).to.contain('must-revalidate');
  });

  it('when a page does not exist, then the visitor gets the 404 page in the site layout', async () => {
    const res = await request(app).get('/no-such-page').expect(404);
    expect(res.text).to.contain("couldn't find that page");
    expect(res.text).to.contain('Skip to content');
  });

  it('when an API path is asked for without a token, then the answer is a problem+json 401', async () => {
    const res = await request(app).get('/api/v1/no-such-thing').expect(401);
    expect(res.type).to.equal('application/problem+json');
    expect(res.body).to.include({ status: 401, code: 'invalid_token', title: 'Unauthorized' });
  });

  it('when a request carries an x-request-id, then the response echoes it', async () => {
    const res = await request(app).get('/healthz').set('x-request-id', 'req-1234567890');
    expect(res.headers['x-request-id']).to.equal('req-1234567890');
  });
});
