import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { config, setConfig } from '../../../config/index.js';
import { seedCatalog, seedTaxRates } from '../../../seeders/catalog.js';
import { LEGAL_PAGES } from '../../../src/site/legal-pages.js';
import { issueAuthToken } from '../../../src/auth/issue-auth-token.js';
import { clock } from '../../../src/lib/clock.js';
import { systemCtx } from '../../../src/lib/context.js';
import { Article, Customer, Invoice, InvoiceLine, LedgerEntry, Order, Plan, Service, User } from '../../../src/models/index.js';
import { setSetting } from '../../../src/settings/index.js';
import { createCoupon } from '../../factories/catalog.js';
import { startFakeStripe, type FakeStripe } from '../../fakes/stripe/server.js';
import { resetDatabase } from '../../support/db.js';
import { PANEL_CONFIG, runProvisioning, startPanels, stopPanels, type Panels } from '../../integration/provisioning/orchestration/support.js';
import { testApp } from '../../support/http.js';
import { axeProblems as axeProblemsOf, browserTestsSkipped, CHROMIUM_ARGS, vnuErrors, which } from '../../support/browser-checks.js';
import { STATIC_PAGES } from '../../../portal/site/pages.js';
import { PRODUCT_PAGES } from '../../../portal/site/products.js';
import { crawl } from './crawl.js';

const THEMES = ['light', 'dark'] as const;


describe('site e2e: a visitor buys a server in a real browser', function () {
  this.timeout(240_000);
  const chromiumPath = which('chromium');
  const javaPath = which('java');
  let server: Server;
  let panels: Panels | undefined;
  let stripe: FakeStripe | undefined;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** A second visitor whose browser runs no JavaScript. */
  let noJs: BrowserContext;
  let plain: Page;
  /** Where axe checks copies of the pages `plain` shows. */
  let axeTab: Page;
  const htmlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'site-html-'));
  const checked: string[] = [];
  /** Files the validator already started on (in the background while the purchase runs), and its answer. */
  let earlyFiles: string[] = [];
  let earlyErrors: Promise<string[]> = Promise.resolve([]);
  /** Path + query of every page whose HTML went to the validator. */
  const validated = new Set<string>();
  /** What axe has seen: one entry per page, the pricing page once per service type (its cycles only change figures). */
  const axed = new Set<string>();
  const axeKey = (key: string): string => {
    const url = new URL(key, 'http://site');
    return url.pathname === '/pricing' ? `/pricing?type=${url.searchParams.get('type') ?? 'vps'}` : url.pathname + url.search;
  };
  const axeProblems: string[] = [];
  const cspErrors: string[] = [];
  const email = `visitor-${Date.now()}@example.com`;

  before(async function () {
    const skipped = browserTestsSkipped(['chromium', 'java']);
    if (skipped) {
      console.log(`    skipped: ${skipped}`);
      this.skip();
    }
    await resetDatabase();
    await seedCatalog();
    await seedTaxRates();
    await createCoupon({ code: 'LAUNCH10' });
    panels = await startPanels();
    // NOTE: the seeded VPS plan, mapped to a package and template the fake VirtFusion has (its OS list stays for the cart).
    const vps = await Plan.findOne({ where: { slug: 'vps-start' }, rejectOnEmpty: true });
    await vps.update({ panelConfig: { ...PANEL_CONFIG.virtfusion, osTemplates: vps.panelConfig?.osTemplates ?? [] } });
    await setSetting(
      'payments.bank_transfer',
      { enabled: true, accountHolder: 'EZSCALE Ltd', bankName: 'Test Bank', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', accountNumber: '', routingNumber: '', instructions: 'Use the reference so we can match your payment.' },
      systemCtx(),
    );
    const now = clock.now();
    await Article.create({ kind: 'kb', slug: 'first-ssh-login', title: 'Your first SSH login', summary: 'Connect to a new VPS.', bodyMd: '## Connect\n\nRun `ssh root@your-ip`.', publishedAt: now });
    await Article.create({ kind: 'news', slug: 'new-location', title: 'A new location in Frankfurt', summary: 'More capacity in Europe.', bodyMd: 'We opened **FRA1**.', publishedAt: now });
    server = createServer(await testApp());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // NOTE: card payments go through Checkout on the fake Stripe, which sends the buyer back to APP_URL.
    stripe = await startFakeStripe();
    setConfig({ ...config(), appUrl: base, stripe: { secretKey: stripe.secretKey, webhookSecret: stripe.webhookSecret, apiBase: stripe.url } });
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    context = await browser.newContext();
    page = await context.newPage();
    noJs = await browser.newContext({ javaScriptEnabled: false });
    plain = await noJs.newPage();
    axeTab = await context.newPage();
    for (const tab of [page, plain]) {
      tab.on('console', (msg) => {
        if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) cspErrors.push(`${tab.url()}: ${msg.text()}`);
      });
    }
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await stripe?.close();
    await stopPanels(panels);
    fs.rmSync(htmlDir, { recursive: true, force: true });
  });

  function save(name: string, html: string): void {
    fs.writeFileSync(path.join(htmlDir, `${String(checked.length).padStart(3, '0')}-${name}.html`), html);
    checked.push(name);
  }

  /**
   * Checks the page now shown in both themes: axe on the live page, and its HTML kept for the validator (the
   * server's answer for a GET, the document as shown after a form post, or `html` when the caller has it).
   */
  async function check(name: string, opts: { get?: boolean; html?: string } = {}): Promise<void> {
    const html = opts.html ?? (opts.get === false ? await page.content() : await (await context.request.get(page.url())).text());
    if (opts.get !== false) validated.add(new URL(page.url()).pathname + new URL(page.url()).search);
    axed.add(axeKey(page.url()));
    for (const theme of THEMES) {
      await page.evaluate((t) => {
        document.documentElement.setAttribute('data-theme', t);
        // NOTE: colours fade between themes; axe must see the settled colours.
        for (const fade of document.getAnimations()) {
          try {
            fade.finish();
          } catch {
            // an endless animation (a spinner) cannot finish and does not change colours
          }
        }
      }, theme);
      axeProblems.push(...(await axeProblemsOf(page, `${name} (${theme})`)));
      save(`${name}-${theme}`, html.replace(/<html lang="en"( data-theme="(light|dark)")?>/, `<html lang="en" data-theme="${theme}">`));
    }
  }

  /**
   * Checks a page as the visitor without JavaScript sees it: its HTML goes to the validator, and axe (which needs
   * timers, so cannot run there) checks a copy of that document, scripts removed, in a tab that runs JavaScript.
   */
  async function checkWithoutJs(name: string, html: string, opts: { axe?: boolean } = {}): Promise<void> {
    if (opts.axe !== false) {
      const copy = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '').replace('<head>', `<head><base href="${base}/">`);
      await axeTab.setContent(copy, { waitUntil: 'load' });
      axeProblems.push(...(await axeProblemsOf(axeTab, `${name} (no JavaScript)`)));
    }
    save(`${name}-nojs`, html);
  }

  async function open(pathname: string, name: string): Promise<void> {
    const res = await page.goto(`${base}${pathname}`);
    expect(res?.status(), pathname).to.equal(200);
    await check(name, { html: await res!.text() });
  }

  /**
   * Pays the invoice whose confirmation is shown: "Pay by card", the Pay button of the hosted Checkout page on the fake
   * Stripe, back on the invoice page; then Stripe's two webhooks for the payment, signed. Returns the Checkout session id.
   */
  async function payByCard(invoice: Invoice): Promise<string> {
    await Promise.all([page.waitForURL(`${stripe!.url}/checkout/**`), page.click('#pay button:has-text("Pay by card")')]);
    const sessionId = new URL(page.url()).pathname.split('/').pop()!;
    await Promise.all([page.waitForURL(`${base}/account/billing/invoices/${invoice.id}?payment=processing`), page.click('button:has-text("Pay")')]);
    expect(await page.locator('main').textContent()).to.contain('your payment is being processed');
    await check(`invoice-${invoice.id}-processing`);
    // NOTE: Stripe reports a Checkout payment twice (session completed, intent succeeded); one payment is booked.
    const session = stripe!.get(sessionId)!;
    for (const delivery of [stripe!.webhook('checkout.session.completed', session), stripe!.webhook('payment_intent.succeeded', stripe!.get(String(session.payment_intent))!)]) {
      const res = await fetch(`${base}/webhooks/stripe`, { method: 'POST', headers: delivery.headers, body: delivery.rawBody });
      expect(res.status, await res.text()).to.equal(200);
    }
    await page.reload();
    return sessionId;
  }

  /** The text of the order summary in `tab`. */
  async function summaryOf(tab: Page): Promise<string> {
    return (await tab.locator('[data-checkout-summary]').textContent()) ?? '';
  }

  it('when a visitor browses every site page in both themes, then each page renders', async () => {
    const pages: Array<[string, string]> = [
      ['/', 'home'],
      ['/pricing', 'pricing'],
      ['/pricing?type=game&cycle=quarterly&currency=GBP', 'pricing-game-gbp'],
      ...PRODUCT_PAGES.map((p): [string, string] => [p.path, p.path.slice(1)]),
      ...STATIC_PAGES.map((p): [string, string] => [p.path, p.path.slice(1)]),
      ['/contact', 'contact'],
      ['/kb', 'kb'],
      ['/kb/first-ssh-login', 'kb-article'],
      ['/blog', 'blog'],
      ['/blog/new-location', 'blog-post'],
      ...LEGAL_PAGES.map((p): [string, string] => [`/legal/${p.slug}`, `legal-${p.slug}`]),
    ];
    for (const [pathname, name] of pages) await open(pathname, name);
  });

  it('when a visitor without JavaScript follows every link from the home page, then every internal link answers and every anchor exists', async () => {
    const result = await crawl({
      base,
      page: plain,
      request: noJs.request,
      // NOTE: pages the first test did not open are checked too (pricing tabs and cycles, canonical addresses).
      onPage: async (key, html) => {
        if (validated.has(key)) return;
        validated.add(key);
        const fresh = !axed.has(axeKey(key));
        axed.add(axeKey(key));
        await checkWithoutJs(`crawl${key.replace(/[^A-Za-z0-9]+/g, '-')}`, html, { axe: fresh });
      },
    });
    expect(result.broken, `broken links:\n${result.broken.join('\n')}`).to.deep.equal([]);
    expect(result.pages).to.include.members(['/', '/pricing', '/vps', '/about', '/contact', '/kb/first-ssh-login', '/blog/new-location', '/legal/sla', '/pricing?type=dedicated&cycle=annual&currency=USD']);
    expect(result.checked).to.include.members(['/account/login', '/account/register']);
    expect(result.checked.some((href) => href.startsWith('/assets/css/'))).to.equal(true);
    const sitemap = await (await noJs.request.get(`${base}/sitemap.xml`)).text();
    const listed = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!.replace(/&#38;/g, '&'))).map((u) => u.pathname + u.search);
    expect(listed.length).to.be.greaterThan(15);
    expect(listed.filter((p) => !result.pages.includes(p)), 'sitemap pages that no link leads to').to.deep.equal([]);
    // NOTE: the site pages are all saved now; vnu checks them while the purchase runs (its answer is read at the end).
    earlyFiles = fs.readdirSync(htmlDir).map((f) => path.join(htmlDir, f));
    earlyErrors = vnuErrors(javaPath!, earlyFiles).catch((err: unknown) => [`vnu did not run: ${String(err)}`]);
  });

  it('when a visitor without JavaScript toggles cycle and currency and orders a plan, then the cart re-prices on each update and the order is placed', async () => {
    await plain.goto(`${base}/pricing`);
    await Promise.all([plain.waitForURL(/cycle=quarterly/), plain.click('nav[aria-label="Billing cycle"] a:has-text("Quarterly")')]);
    await plain.selectOption('#currency-select', 'GBP');
    await Promise.all([plain.waitForURL(/currency=GBP/), plain.click('button:has-text("Show prices")')]);
    expect(await plain.locator('#plan-vps-start .price-card__amount').textContent()).to.contain('£');
    expect(await plain.locator('#plan-vps-start .price-card__cycle').textContent()).to.equal('/quarter');
    await Promise.all([plain.waitForURL(/\/account\/login\?next=/), plain.click('#plan-vps-start a:has-text("Order")')]);
    await Promise.all([plain.waitForURL(/\/account\/register\?next=/), plain.click('main a:has-text("Create an account")')]);
    await plain.fill('#register-first-name', 'Nora');
    await plain.fill('#register-last-name', 'Noscript');
    await plain.fill('#register-email', `noscript-${Date.now()}@example.com`);
    await plain.fill('#register-password', 'a-long-password-for-nora');
    await plain.selectOption('#register-country', 'GB');
    await Promise.all([plain.waitForURL(/\/account\/order\?plan=vps-start&cycle=quarterly&currency=GBP/), plain.click('button:has-text("Create account")')]);
    await checkWithoutJs('cart', await plain.content());
    expect(await summaryOf(plain)).to.contain('£');
    const firstTotal = Number(await plain.locator('[data-total]').getAttribute('data-total'));

    await plain.check('#f-addon-backups');
    await plain.selectOption('#f-os', 'debian-12');
    await Promise.all([plain.waitForURL(`${base}/account/order/quote`), plain.click('button:has-text("Apply coupon and update total")')]);
    const withBackups = await summaryOf(plain);
    expect(withBackups).to.contain('Daily backups');
    expect(Number(await plain.locator('[data-total]').getAttribute('data-total'))).to.be.greaterThan(firstTotal);
    await checkWithoutJs('cart-quoted', await plain.content());

    const quarterly = Number(await plain.locator('[data-total]').getAttribute('data-total'));
    await plain.selectOption('#f-cycle', 'annual');
    await Promise.all([plain.waitForURL(`${base}/account/order/quote`), plain.click('button:has-text("Apply coupon and update total")')]);
    const annual = Number(await plain.locator('[data-total]').getAttribute('data-total'));
    expect(annual).to.be.greaterThan(quarterly);
    expect(await summaryOf(plain)).to.contain('Daily backups');
    expect(await plain.locator('#f-addon-backups').isChecked()).to.equal(true);

    await Promise.all([plain.waitForURL(/\/account\/order\/placed\/ORD-\d+$/), plain.click('button:has-text("Place order and continue to payment")')]);
    expect(await plain.locator('h1').textContent()).to.match(/Thank you: order ORD-\d+ is placed/);
    await checkWithoutJs('confirmation', await plain.content());
    const order = await Order.findOne({ order: [['id', 'DESC']], rejectOnEmpty: true });
    const invoice = await Invoice.findOne({ where: { orderId: order.id }, rejectOnEmpty: true });
    expect([invoice.currency, Number(invoice.totalMinor)]).to.deep.equal(['GBP', annual]);
  });
  it('when the visitor goes from home to pricing, toggles cycle and currency and orders a plan, then sign-up leads to the cart', async () => {
    await context.clearCookies();
    await page.goto(`${base}/`);
    await Promise.all([page.waitForURL(`${base}/pricing`), page.click('main a:has-text("See plans and pricing")')]);
    await Promise.all([page.waitForURL(/cycle=annual/), page.click('nav[aria-label="Billing cycle"] a:has-text("Annual")')]);
    await page.selectOption('#currency-select', 'EUR');
    await Promise.all([page.waitForURL(/currency=EUR/), page.click('button:has-text("Show prices")')]);
    expect(await page.locator('#plan-vps-start .price-card__amount').textContent()).to.contain('€');
    await check('pricing-annual-eur');
    await Promise.all([page.waitForURL(/\/account\/login\?next=/), page.click('#plan-vps-start a:has-text("Order")')]);
    await check('login');
    await Promise.all([page.waitForURL(/\/account\/register\?next=/), page.click('main a:has-text("Create an account")')]);
    await check('register');
    await page.fill('#register-first-name', 'Vera');
    await page.fill('#register-last-name', 'Visitor');
    await page.fill('#register-email', email);
    await page.fill('#register-password', 'a-long-password-for-vera');
    await page.selectOption('#register-country', 'US');
    await Promise.all([page.waitForURL(/\/account\/order\?plan=vps-start&cycle=annual&currency=EUR/), page.click('button:has-text("Create account")')]);
    expect(await page.locator('h1').textContent()).to.equal('Order VPS Start');
    await check('cart');
  });

  it('when the visitor adds extra RAM, backups and a coupon, then the summary follows and placing the order offers card payment', async () => {
    await page.fill('#f-opt-extra-ram-gb', '2');
    await page.check('#f-addon-backups');
    // NOTE: with JavaScript the summary follows each change without leaving the page.
    await page.waitForFunction(() => /Daily backups/.test(document.querySelector('[data-checkout-summary]')?.textContent ?? ''));
    expect(page.url()).to.match(/\/account\/order\?plan=vps-start/);
    await page.selectOption('#f-os', 'debian-12');
    await page.fill('#f-coupon', 'launch10');
    await Promise.all([page.waitForURL(`${base}/account/order/quote`), page.click('button:has-text("Apply coupon and update total")')]);
    const summary = await summaryOf(page);
    expect(summary).to.contain('Extra RAM');
    expect(summary).to.contain('Daily backups');
    expect(await page.locator('main').textContent()).to.contain('Coupon LAUNCH10 is applied');
    await check('cart-quoted', { get: false });
    await Promise.all([page.waitForURL(/\/account\/order\/placed\/ORD-\d+$/), page.click('button:has-text("Place order and continue to payment")')]);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).to.contain('Thank you: order');
    expect(text).to.contain('Confirm your email address');
    expect(await page.locator('#pay button:has-text("Pay by card")').count()).to.equal(1);
    await check('confirmation');
    const order = await Order.findOne({ order: [['id', 'DESC']], rejectOnEmpty: true });
    const invoice = await Invoice.findOne({ where: { orderId: order.id }, rejectOnEmpty: true });
    expect([invoice.currency, Number(invoice.discountMinor) > 0]).to.deep.equal(['EUR', true]);
    expect((await Customer.findByPk(order.customerId, { rejectOnEmpty: true })).currency).to.equal('EUR');
    const kinds = (await InvoiceLine.findAll({ where: { invoiceId: invoice.id } })).map((l) => `${l.kind}:${l.description}`);
    expect(kinds).to.include.members(['option:Extra RAM', 'addon:Daily backups']);
  });

  it('when the visitor pays by card on Stripe Checkout and Stripe reports it twice, then the invoice is paid once', async () => {
    const order = await Order.findOne({ order: [['id', 'DESC']], rejectOnEmpty: true });
    const invoice = await Invoice.findOne({ where: { orderId: order.id }, rejectOnEmpty: true });
    const sessionId = await payByCard(invoice);
    expect(stripe!.get(sessionId)).to.include({ mode: 'payment', amount_total: Number(invoice.amountDueMinor), currency: 'eur', status: 'complete' });
    expect(await page.locator('main .page-head p > span').first().textContent()).to.equal('Paid');
    const paid = await Invoice.findByPk(invoice.id, { rejectOnEmpty: true });
    expect([paid.status, Number(paid.amountDueMinor)]).to.deep.equal(['paid', 0]);
    expect(await LedgerEntry.count({ where: { invoiceId: invoice.id, kind: 'payment' } })).to.equal(1);
  });

  it('when the visitor confirms their email, then the dashboard shows the paid service setting up', async () => {
    const order = await Order.findOne({ order: [['id', 'DESC']], rejectOnEmpty: true });
    await open('/account/dashboard', 'dashboard-unverified');
    expect(await page.locator('#email-unverified').textContent()).to.contain('Confirm your email address');
    const user = await User.findOne({ where: { email }, rejectOnEmpty: true });
    const { token } = await issueAuthToken(user.id, 'email_verification', systemCtx());
    await Promise.all([page.waitForURL(`${base}/account`), page.goto(`${base}/account/verify-email?token=${token}`)]);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main, main.replace(/\s+/g, ' ')).to.contain('Setting up');
    expect(main).not.to.contain('we set up new services only after you confirm it');
    await check('dashboard');
    expect(await Service.count({ where: { customerId: order.customerId, status: 'pending' } })).to.equal(1);
  });

  it('when the worker has provisioned it on the panel, then the dashboard shows the service active', async () => {
    await runProvisioning();
    expect(panels!.virtfusion.state.servers.size).to.equal(1);
    await open('/account/dashboard', 'dashboard-active');
    const row = (await page.locator('main table tbody tr').first().textContent()) ?? '';
    expect(row).to.contain('VPS Start');
    expect(row).to.contain('Active');
  });

  it('when the customer orders and pays for a dedicated server, then it waits for staff approval and nothing is set up', async () => {
    await page.goto(`${base}/pricing?type=dedicated&cycle=monthly&currency=EUR`);
    await Promise.all([page.waitForURL(/\/account\/order\?plan=dedi-e3/), page.click('#plan-dedi-e3 a:has-text("Order")')]);
    await check('cart-dedicated');
    await Promise.all([page.waitForURL(/\/account\/order\/placed\/ORD-\d+$/), page.click('button:has-text("Place order and continue to payment")')]);
    expect(await page.locator('[data-order-stage]').getAttribute('data-order-stage')).to.equal('review');
    expect(await page.locator('main').textContent()).to.contain('Our team reviews this order before setup');
    await check('confirmation-review');
    const placed = page.url();
    const order = await Order.findOne({ order: [['id', 'DESC']], rejectOnEmpty: true });
    await payByCard(await Invoice.findOne({ where: { orderId: order.id }, rejectOnEmpty: true }));
    await runProvisioning();

    await page.goto(placed);
    expect(await page.locator('[data-order-stage]').getAttribute('data-order-stage')).to.equal('review');
    expect(await page.locator('#pay').count()).to.equal(0);
    expect((await Order.findByPk(order.id, { rejectOnEmpty: true })).status).to.equal('pending_review');
    expect(await Service.count({ where: { customerId: order.customerId } })).to.equal(1);
    expect(panels!.synergycp.state.clients.size).to.equal(0);
  });

  it('when axe checks every site page and checkout step, then it finds no serious or critical violation and the CSP blocks nothing', () => {
    expect(checked.length).to.be.greaterThan(50);
    expect(axeProblems, axeProblems.join('\n')).to.deep.equal([]);
    expect(cspErrors, cspErrors.join('\n')).to.deep.equal([]);
  });

  it('when vnu validates the HTML of every page, then it reports no error', async () => {
    const files = fs.readdirSync(htmlDir).filter((f) => f.endsWith('.html')).map((f) => path.join(htmlDir, f));
    expect(files.length).to.equal(checked.length);
    const rest = files.filter((f) => !earlyFiles.includes(f));
    const errors = [...(await earlyErrors), ...(await vnuErrors(javaPath!, rest))];
    expect(errors, errors.join('\n')).to.deep.equal([]);
  });
});
