import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { seedCatalog, seedTaxRates } from '../../../seeders/catalog.js';
import { LEGAL_PAGES } from '../../../src/site/legal-pages.js';
import { issueAuthToken } from '../../../src/auth/issue-auth-token.js';
import { clock } from '../../../src/lib/clock.js';
import { systemCtx } from '../../../src/lib/context.js';
import { Article, Customer, Invoice, InvoiceLine, Order, Plan, Service, User } from '../../../src/models/index.js';
import { recordBankTransferPayment } from '../../../src/payments/bank-transfer/record-bank-transfer-payment.js';
import { setSetting } from '../../../src/settings/index.js';
import { createCoupon } from '../../factories/catalog.js';
import { createStaff } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { PANEL_CONFIG, runProvisioning, startPanels, stopPanels, type Panels } from '../../integration/provisioning/orchestration/support.js';
import { testApp } from '../../support/http.js';
import { axeProblems as axeProblemsOf, browserTestsSkipped, CHROMIUM_ARGS, vnuErrors, which } from '../../support/browser-checks.js';
import { STATIC_PAGES } from '../../../portal/site/pages.js';
import { PRODUCT_PAGES } from '../../../portal/site/products.js';

const THEMES = ['light', 'dark'] as const;


describe('site e2e: a visitor buys a server in a real browser', function () {
  this.timeout(240_000);
  const chromiumPath = which('chromium');
  const javaPath = which('java');
  let server: Server;
  let panels: Panels | undefined;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const htmlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'site-html-'));
  const checked: string[] = [];
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
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    context = await browser.newContext();
    page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) cspErrors.push(`${page.url()}: ${msg.text()}`);
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await stopPanels(panels);
    fs.rmSync(htmlDir, { recursive: true, force: true });
  });

  function save(name: string, html: string): void {
    fs.writeFileSync(path.join(htmlDir, `${String(checked.length).padStart(3, '0')}-${name}.html`), html);
    checked.push(name);
  }

  async function axe(name: string): Promise<void> {
    axeProblems.push(...(await axeProblemsOf(page, name)));
  }

  /**
   * Checks the page now shown in both themes: axe on the live page, and its HTML kept for the
   * validator (the server's answer for a GET, the document as shown after a form post).
   */
  async function check(name: string, opts: { get?: boolean } = {}): Promise<void> {
    const html = opts.get === false ? await page.content() : await (await context.request.get(page.url())).text();
    for (const theme of THEMES) {
      await page.evaluate(async (t) => {
        document.documentElement.setAttribute('data-theme', t);
        // NOTE: colours fade between themes; axe must see the settled colours.
        const settled = Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)));
        await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 1000))]);
      }, theme);
      await axe(`${name} (${theme})`);
      save(`${name}-${theme}`, html.replace(/<html lang="en"( data-theme="(light|dark)")?>/, `<html lang="en" data-theme="${theme}">`));
    }
  }

  async function open(pathname: string, name: string): Promise<void> {
    const res = await page.goto(`${base}${pathname}`);
    expect(res?.status(), pathname).to.equal(200);
    await check(name);
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

  it('when the visitor adds extra RAM, backups and a coupon, then the summary follows and placing the order confirms it with bank details', async () => {
    await page.fill('#f-opt-extra-ram-gb', '2');
    await page.check('#f-addon-backups');
    // NOTE: with JavaScript the summary follows each change without leaving the page.
    await page.waitForFunction(() => /Daily backups/.test(document.querySelector('[data-checkout-summary]')?.textContent ?? ''));
    expect(page.url()).to.match(/\/account\/order\?plan=vps-start/);
    await page.selectOption('#f-os', 'debian-12');
    await page.fill('#f-coupon', 'launch10');
    await Promise.all([page.waitForURL(`${base}/account/order/quote`), page.click('button:has-text("Apply coupon and update total")')]);
    const summary = (await page.locator('[data-checkout-summary]').textContent()) ?? '';
    expect(summary).to.contain('Extra RAM');
    expect(summary).to.contain('Daily backups');
    expect(await page.locator('main').textContent()).to.contain('Coupon LAUNCH10 is applied');
    await check('cart-quoted', { get: false });
    await Promise.all([page.waitForURL(/\/account\/order\/placed\/ORD-\d+$/), page.click('button:has-text("Place order and continue to payment")')]);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).to.contain('Thank you: order');
    expect(text).to.contain('DE89370400440532013000');
    expect(text).to.contain('Confirm your email address');
    await check('confirmation');
    const order = await Order.findOne({ order: [['id', 'DESC']], rejectOnEmpty: true });
    const invoice = await Invoice.findOne({ where: { orderId: order.id }, rejectOnEmpty: true });
    expect([invoice.currency, Number(invoice.discountMinor) > 0]).to.deep.equal(['EUR', true]);
    expect((await Customer.findByPk(order.customerId, { rejectOnEmpty: true })).currency).to.equal('EUR');
    const kinds = (await InvoiceLine.findAll({ where: { invoiceId: invoice.id } })).map((l) => `${l.kind}:${l.description}`);
    expect(kinds).to.include.members(['option:Extra RAM', 'addon:Daily backups']);
  });

  it('when the bank transfer arrives and the visitor confirms their email, then the dashboard shows the service setting up', async () => {
    const order = await Order.findOne({ order: [['id', 'DESC']], rejectOnEmpty: true });
    const invoice = await Invoice.findOne({ where: { orderId: order.id }, rejectOnEmpty: true });
    const staff = await createStaff('finance');
    await recordBankTransferPayment(
      { invoiceId: invoice.id, amountMinor: Number(invoice.amountDueMinor), reference: `BANK-${invoice.number}`, receivedOn: clock.now().toISOString().slice(0, 10) },
      { ...systemCtx(), actor: { type: 'staff', userId: staff.id, role: 'finance' } },
    );
    await open('/account/dashboard', 'dashboard-unverified');
    expect(await page.locator('#email-unverified').textContent()).to.contain('Confirm your email address');
    const user = await User.findOne({ where: { email }, rejectOnEmpty: true });
    const { token } = await issueAuthToken(user.id, 'email_verification', systemCtx());
    await Promise.all([page.waitForURL(`${base}/account`), page.goto(`${base}/account/verify-email?token=${token}`)]);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).to.contain('Setting up');
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

  it('when the customer orders a dedicated server, then the confirmation says staff review it first', async () => {
    await page.goto(`${base}/pricing?type=dedicated&cycle=monthly&currency=EUR`);
    await Promise.all([page.waitForURL(/\/account\/order\?plan=dedi-e3/), page.click('#plan-dedi-e3 a:has-text("Order")')]);
    await check('cart-dedicated');
    await Promise.all([page.waitForURL(/\/account\/order\/placed\/ORD-\d+$/), page.click('button:has-text("Place order and continue to payment")')]);
    expect(await page.locator('[data-order-stage]').getAttribute('data-order-stage')).to.equal('review');
    expect(await page.locator('main').textContent()).to.contain('Our team reviews this order before setup');
    await check('confirmation-review');
    const order = await Order.findOne({ order: [['id', 'DESC']], rejectOnEmpty: true });
    expect(order.status).to.equal('pending_review');
  });

  it('when axe checks every site page and checkout step in light and dark, then it finds no serious or critical violation and the CSP blocks nothing', () => {
    expect(checked.length).to.be.greaterThan(50);
    expect(axeProblems, axeProblems.join('\n')).to.deep.equal([]);
    expect(cspErrors, cspErrors.join('\n')).to.deep.equal([]);
  });

  it('when vnu validates the HTML of every page in one run, then it reports no error', async () => {
    const files = fs.readdirSync(htmlDir).filter((f) => f.endsWith('.html')).map((f) => path.join(htmlDir, f));
    expect(files.length).to.equal(checked.length);
    const errors = await vnuErrors(javaPath!, files);
    expect(errors, errors.join('\n')).to.deep.equal([]);
  });
});
