import { expect } from 'chai';
import request from 'supertest';
import { loadConfig, setConfig } from '../../../config/index.js';
import { seedCatalog } from '../../../seeders/catalog.js';
import { Plan, PlanPrice } from '../../../src/models/index.js';
import { PORTAL_SESSION_COOKIE } from '../../../src/http/app.js';
import { SESSION_COOKIE_PATTERN, clearPageCache } from '../../../portal/site/cache.js';
import { resetDatabase } from '../../support/db.js';
import { testApp } from '../../support/http.js';

/** Sets the monthly USD price of VPS Start and returns it formatted as the page shows it. */
async function setStartPrice(minor: number): Promise<string> {
  const plan = await Plan.findOne({ where: { slug: 'vps-start' }, rejectOnEmpty: true });
  await PlanPrice.update({ amountMinor: minor }, { where: { planId: plan.id, cycle: 'monthly', currency: 'USD' } });
  return `$${(minor / 100).toFixed(2)}`;
}

describe('site e2e: rendered public pages kept in memory (SITE_CACHE_SECONDS)', function () {
  this.timeout(120_000);

  before(async () => {
    await resetDatabase();
    await seedCatalog();
    setConfig(loadConfig({ ...process.env, SITE_CACHE_SECONDS: '60' }));
    clearPageCache();
  });
  after(() => {
    setConfig(loadConfig(process.env));
    clearPageCache();
  });

  it('when a visitor without a session asks again within the window, then the same page is served from memory with its caching headers', async () => {
    const app = await testApp();
    const first = await setStartPrice(777);
    const fresh = await request(app).get('/pricing?type=vps');
    expect(fresh.text).to.contain(first);
    await setStartPrice(888);
    const again = await request(app).get('/pricing?type=vps');
    expect(again.status).to.equal(200);
    expect(again.text).to.equal(fresh.text);
    expect(again.headers['cache-control']).to.equal('public, max-age=300');
    expect(again.headers.etag).to.equal(fresh.headers.etag);
    expect((await request(app).get('/pricing?type=vps').set('If-None-Match', String(fresh.headers.etag))).status).to.equal(304);
  });

  it('when the visitor has a session, another theme, or the cache is cleared, then the page is rendered anew', async () => {
    const app = await testApp();
    const current = await setStartPrice(999);
    expect(SESSION_COOKIE_PATTERN.test(`${PORTAL_SESSION_COOKIE}=s%3Aabc`)).to.equal(true);
    expect((await request(app).get('/pricing?type=vps').set('Cookie', 'ezscale.sid=s%3Aabc')).text).to.contain(current);
    expect((await request(app).get('/pricing?type=vps').set('Cookie', 'theme=dark')).text).to.contain(current);
    expect((await request(app).get('/pricing?type=vps')).text).not.to.contain(current);
    clearPageCache();
    expect((await request(app).get('/pricing?type=vps')).text).to.contain(current);
  });

  it('when a page sets a cookie or is private, then it is never kept', async () => {
    const app = await testApp();
    await setStartPrice(1111);
    await request(app).get('/pricing?type=vps&currency=USD');
    const current = await setStartPrice(1222);
    expect((await request(app).get('/pricing?type=vps&currency=USD')).text).to.contain(current);
  });
});
