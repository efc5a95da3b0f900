import { expect } from 'chai';
import express, { type Express } from 'express';
import request from 'supertest';
import { config, loadConfig, setConfig } from '../../../config/index.js';
import { buildTestApp } from '../../support/http.js';

const HOSTS = { MARKETING_HOST: 'ezscale.test', ACCOUNT_HOST: 'account.ezscale.test', ADMIN_HOST: 'admin.ezscale.test' };

describe('host routing with MARKETING_HOST, ACCOUNT_HOST and ADMIN_HOST', () => {
  let app: Express;
  let previous: ReturnType<typeof config>;

  before(async () => {
    previous = config();
    setConfig(loadConfig({ ...process.env, ...HOSTS }));
    const probe = express.Router().get('/', (_req, res) => res.send('account probe'));
    app = await buildTestApp({ surfaces: ['site', 'api'], extraRouters: [{ path: '/account/probe', router: probe }] });
  });

  after(() => setConfig(previous));

  it('when the marketing host is asked for /, then it serves the home page with absolute links to the account host', async () => {
    const res = await request(app).get('/').set('Host', HOSTS.MARKETING_HOST).expect(200);
    expect(res.text).to.contain('href="http://account.ezscale.test/account/register"');
    expect(res.text).to.contain('href="/pricing"');
  });

  it('when the marketing host is asked for an account page, then it is not found there', async () => {
    await request(app).get('/account/probe').set('Host', HOSTS.MARKETING_HOST).expect(404);
  });

  it('when the account host is asked for its bare root, then it redirects to /account; its pages are served', async () => {
    const res = await request(app).get('/').set('Host', HOSTS.ACCOUNT_HOST).expect(302);
    expect(res.headers.location).to.equal('/account');
    const page = await request(app).get('/account/probe').set('Host', HOSTS.ACCOUNT_HOST).expect(200);
    expect(page.text).to.equal('account probe');
  });

  it('when the account host is asked for a marketing or admin path, then it answers 404', async () => {
    await request(app).get('/pricing').set('Host', HOSTS.ACCOUNT_HOST).expect(404);
    await request(app).get('/admin').set('Host', HOSTS.ACCOUNT_HOST).expect(404);
  });

  it('when the admin host is asked for its bare root, then it redirects to /admin; site and account paths are 404', async () => {
    const res = await request(app).get('/').set('Host', HOSTS.ADMIN_HOST).expect(302);
    expect(res.headers.location).to.equal('/admin');
    await request(app).get('/account/probe').set('Host', HOSTS.ADMIN_HOST).expect(404);
    await request(app).get('/pricing').set('Host', HOSTS.ADMIN_HOST).expect(404);
  });

  it('when the API is asked for on the marketing host, then it is not found there (problem+json)', async () => {
    const other = await request(app).get('/api/v1/anything').set('Host', HOSTS.MARKETING_HOST).expect(404);
    expect(other.type).to.equal('application/problem+json');
  });

  it('when an unknown host is used, then nothing but /healthz and /assets answers', async () => {
    await request(app).get('/').set('Host', '203.0.113.7').expect(404);
    await request(app).get('/healthz').set('Host', '203.0.113.7').expect(200);
    await request(app).get('/assets/css/app.css').set('Host', '203.0.113.7').expect(200);
  });
});
