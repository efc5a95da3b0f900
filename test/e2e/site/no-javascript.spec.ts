import { expect } from 'chai';
import request from 'supertest';
import { seedCatalog } from '../../../seeders/catalog.js';
import { resetDatabase } from '../../support/db.js';
import { testApp } from '../../support/http.js';
import { startBrowserRig, type BrowserRig } from '../../support/browser-checks.js';

describe('site e2e: the theme switch and the menu without JavaScript', function () {
  this.timeout(90_000);

  before(async () => {
    await resetDatabase();
    await seedCatalog();
  });

  it('when the theme form is sent, then the cookie is set or cleared and the visitor returns to the same page, never to another site', async () => {
    const app = await testApp();
    const dark = await request(app).get('/theme').query({ to: 'dark', back: '/pricing?cycle=annual&currency=EUR' });
    expect(dark.status).to.equal(303);
    expect(dark.headers.location).to.equal('/pricing?cycle=annual&currency=EUR');
    expect(dark.headers['set-cookie']?.[0]).to.match(/^theme=dark; Max-Age=\d+; Path=\/; Expires=.+; SameSite=Lax$/);
    const page = await request(app).get('/pricing').set('Cookie', 'theme=dark');
    expect(page.text).to.contain('<html lang="en" data-theme="dark">').and.contain('name="to" value="light"').and.contain('aria-pressed="true"');

    const system = await request(app).get('/account/theme').query({ to: 'system', back: '/account/invoices' });
    expect(system.headers.location).to.equal('/account/invoices');
    expect(system.headers['set-cookie']?.[0]).to.match(/^theme=; Path=\/; Expires=Thu, 01 Jan 1970/);
    for (const back of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      expect((await request(app).get('/theme').query({ to: 'light', back })).headers.location, back).to.equal('/');
    }
    const odd = await request(app).get('/theme').query({ to: 'purple', back: '/about' });
    expect(odd.headers.location).to.equal('/about');
    expect(odd.headers['set-cookie']).to.equal(undefined);
  });

  describe('in a real browser on a phone', function () {
    let rig: BrowserRig;
    let base = '';

    before(async function () {
      rig = await startBrowserRig(this, testApp);
      base = rig.base;
    });
    after(() => rig?.close());

    it('when JavaScript is off, then the menu links show without a menu button and the theme button switches the theme on the same page', async () => {
      const context = await rig.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(`${base}/pricing?cycle=quarterly`);
      expect(await page.locator('#site-nav a', { hasText: 'Dedicated' }).isVisible()).to.equal(true);
      expect(await page.locator('.site-header [data-nav-toggle]').isVisible()).to.equal(false);
      await page.locator('.site-header [data-theme-toggle]').click();
      await page.waitForURL(`${base}/pricing?cycle=quarterly`);
      expect(await page.getAttribute('html', 'data-theme')).to.equal('dark');
      await context.close();
    });

    it('when JavaScript runs, then the menu folds behind its button and opens on a tap', async () => {
      const context = await rig.browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(`${base}/pricing`);
      const link = page.locator('#site-nav a', { hasText: 'Dedicated' });
      expect(await link.isVisible()).to.equal(false);
      await page.locator('.site-header [data-nav-toggle]').click();
      expect(await link.isVisible()).to.equal(true);
      await page.locator('.site-header [data-theme-toggle]').click();
      expect(page.url(), 'handled in the page').to.equal(`${base}/pricing`);
      await context.close();
    });
  });
});
