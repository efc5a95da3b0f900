import { expect } from 'chai';
import request from 'supertest';
import { seedCatalog } from '../../../seeders/catalog.js';
import { formatMinor } from '../../../src/http/helpers.js';
import { Plan, PlanPrice } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { testApp } from '../../support/http.js';

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'");

async function priceOf(slug: string, cycle: string, currency: string): Promise<number> {
  const plan = await Plan.findOne({ where: { slug } });
  const row = await PlanPrice.findOne({ where: { planId: plan!.id, cycle, currency, active: true } });
  return Number(row!.amountMinor);
}

describe('site e2e: marketing pages', function () {
  this.timeout(120_000);
  before(async () => {
    await resetDatabase();
    await seedCatalog();
  });

  it('when each page is requested, then it answers 200 with its title, canonical link and catalog content', async () => {
    const app = await testApp();
    const pages: Array<[string, string[]]> = [
      ['/pricing', ['VPS Start', 'VPS Pro', 'Popular', 'Best Value']],
      ['/vps', ['VPS Start', 'VPS Max', formatMinor(await priceOf('vps-start', 'monthly', 'USD'), 'USD')]],
      ['/dedicated', ['Dedicated E-2388G', 'Dedicated EPYC 7443P']],
      ['/web-hosting', ['Web Starter', 'Web Business']],
      ['/game-servers', ['Minecraft Server', 'Rust Server', 'Supported games', 'Minecraft', 'Rust']],
      ['/about', ['An independent hosting company']],
      ['/contact', ['name="_csrf"', 'name="website"']],
      ['/legal/terms', ['Terms of Service', 'Cancellation and refunds']],
      ['/legal/privacy', ['Privacy Policy']],
      ['/legal/acceptable-use', ['Acceptable Use Policy']],
      ['/legal/sla', ['99.9%', '<table>']],
    ];
    for (const [path, texts] of pages) {
      const res = await request(app).get(path);
      expect(res.status, path).to.equal(200);
      expect(res.text, path).to.match(/<title>[^<]+<\/title>/);
      expect(res.text, path).to.match(/<meta name="description" content="[^"]+">/);
      expect(res.text, path).to.contain('<link rel="canonical"');
      for (const text of texts) expect(res.text, `${path} shows ${text}`).to.contain(text);
    }
    expect((await request(app).get('/legal/nope')).status).to.equal(404);
  });

  it('when the cycle and currency are switched, then the prices shown are the catalog prices of that cycle and currency', async () => {
    const app = await testApp();
    const monthly = await request(app).get('/pricing?type=vps');
    expect(monthly.text).to.contain(formatMinor(await priceOf('vps-pro', 'monthly', 'USD'), 'USD'));

    const annualEur = await request(app).get('/pricing?type=vps&cycle=annual&currency=EUR');
    const annual = await priceOf('vps-pro', 'annual', 'EUR');
    const monthlyEur = await priceOf('vps-pro', 'monthly', 'EUR');
    expect(annualEur.text).to.contain(formatMinor(annual, 'EUR'));
    expect(annualEur.text).to.contain(`save ${formatMinor(monthlyEur * 12 - annual, 'EUR')}`);
    expect(decode(annualEur.text)).to.contain('/account/order?plan=vps-pro&cycle=annual&currency=EUR');
    expect(String(annualEur.headers['set-cookie'])).to.contain('currency=EUR');
    expect(annualEur.headers['cache-control']).to.contain('private');

    const remembered = await request(app).get('/pricing?type=web').set('Cookie', 'currency=GBP');
    expect(remembered.text).to.contain(formatMinor(await priceOf('web-business', 'monthly', 'GBP'), 'GBP'));
  });

  it('when a plan is out of stock, then its card offers the waitlist instead of Order', async () => {
    const app = await testApp();
    await Plan.update({ stock: 0, waitlistEnabled: true }, { where: { slug: 'dedi-e3' } });
    try {
      const res = await request(app).get('/pricing?type=dedicated');
      expect(res.text).to.contain('Out of stock');
      expect(res.text).to.contain('Join waitlist');
    } finally {
      await Plan.update({ stock: 6 }, { where: { slug: 'dedi-e3' } });
    }
  });

  it('when the sitemap and robots.txt are fetched, then they list every public page and keep crawlers out of /account and /admin', async () => {
    const app = await testApp();
    const sitemap = await request(app).get('/sitemap.xml');
    expect(sitemap.status).to.equal(200);
    expect(sitemap.headers['content-type']).to.contain('xml');
    for (const path of ['/pricing', '/vps', '/dedicated', '/web-hosting', '/game-servers', '/about', '/contact', '/legal/terms', '/legal/sla', '/pricing?type=game']) {
      expect(decode(sitemap.text), path).to.contain(`${path}</loc>`);
    }
    const robots = await request(app).get('/robots.txt');
    expect(robots.text).to.contain('Disallow: /account').and.to.contain('Disallow: /admin');
  });

  it('when a cacheable page is fetched twice with its ETag, then it is public and the second answer is 304', async () => {
    const app = await testApp();
    const first = await request(app).get('/about');
    expect(first.headers['cache-control']).to.contain('public');
    expect(first.headers.etag).to.be.a('string');
    const second = await request(app).get('/about').set('If-None-Match', first.headers.etag as string);
    expect(second.status).to.equal(304);
  });

  it('when every internal link from the home page is followed, then none is a 404', async () => {
    const app = await testApp();
    const seen = new Set<string>(['/']);
    const queue = ['/'];
    const broken: string[] = [];
    while (queue.length > 0 && seen.size < 200) {
      const path = queue.shift()!;
      const res = await request(app).get(path);
      if (res.status === 404) broken.push(path);
      if (!String(res.headers['content-type'] ?? '').includes('html')) continue;
      for (const [, raw] of res.text.matchAll(/href="([^"]+)"/g)) {
        let href = decode(raw!).replace(/^https?:\/\/[^/]+/, '').split('#')[0]!;
        if (!href.startsWith('/') || href.startsWith('//')) continue;
        if (/^\/(account|admin|assets)(\/|\?|$)/.test(href)) continue;
        href = href || '/';
        if (!seen.has(href)) {
          seen.add(href);
          queue.push(href);
        }
      }
    }
    expect(broken).to.deep.equal([]);
    expect(seen.size).to.be.greaterThan(15);
  });
});
