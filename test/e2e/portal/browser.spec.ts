import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { authenticator } from 'otplib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { config, setConfig } from '../../../config/index.js';
import { accountRouter } from '../../../portal/account/index.js';
import { Customer, Invoice, MailOutbox, Order, Service, Subscription, SubscriptionOption, User, type Plan } from '../../../src/models/index.js';
import { createBandwidthUsage } from '../../factories/billing.js';
import { createConfigOption, createPlan, createPlanConfigOption } from '../../factories/catalog.js';
import { createTicket } from '../../factories/support.js';
import { startFakeStripe, type FakeStripe } from '../../fakes/stripe/server.js';
import { resetDatabase } from '../../support/db.js';
import { buildTestApp } from '../../support/http.js';
import { axeProblems as axeProblemsOf, browserTestsSkipped, CHROMIUM_ARGS, vnuErrors, which } from '../../support/browser-checks.js';
import { PANEL_CONFIG, runProvisioning, startPanels, stopPanels, type Panels } from '../../integration/provisioning/orchestration/support.js';

const EMAIL = 'ada.story@example.test';
const PASSWORD = 'a long password for ada';
const HOSTNAME = 'ada-01.example.test';

describe('portal e2e: a customer lives the main path in a real browser', function () {
  this.timeout(300_000);
  const chromiumPath = which('chromium');
  const javaPath = which('java');
  let panels: Panels | undefined;
  let stripe: FakeStripe | undefined;
  let server: Server | undefined;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let plan: Plan;
  let plus: Plan;
  let totpSecret: string;
  let service: Service;
  let subscription: Subscription;
  const htmlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-html-'));
  const pagesChecked: string[] = [];
  const axeProblems: string[] = [];
  const cspErrors: string[] = [];

  before(async function () {
    const skipped = browserTestsSkipped(['chromium', 'java']);
    if (skipped) {
      console.log(`    skipped: ${skipped}`);
      this.skip();
    }
    await resetDatabase();
    panels = await startPanels();
    stripe = await startFakeStripe();
    const panelConfig = { ...PANEL_CONFIG.virtfusion, osTemplates: ['debian-12', 'ubuntu-24.04'] };
    plan = await createPlan({ name: 'VPS Story', type: 'vps', driver: 'virtfusion', monthlyMinor: 1500, panelConfig, specs: { cpuCores: 2, memoryMb: 2048, diskGb: 40 }, bandwidthQuotaGb: 1000 });
    plus = await createPlan({ name: 'VPS Story Plus', type: 'vps', driver: 'virtfusion', monthlyMinor: 4000, panelConfig });
    const ram = await createConfigOption({ code: 'extra_ram_gb', name: 'Extra RAM', unit: 'GB', max: 16, panelKey: 'extraRamGb' });
    for (const p of [plan, plus]) await createPlanConfigOption({ planId: p.id, optionId: ram.id });

    server = createServer(await buildTestApp({ surfaces: ['webhooks'], extraRouters: [{ path: '/account', router: accountRouter() }] }));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // NOTE: mails link to this server, and card payments go to the fake Stripe (its hosted Checkout page included).
    setConfig({ ...config(), appUrl: base, stripe: { ...config().stripe, secretKey: stripe.secretKey, webhookSecret: stripe.webhookSecret, apiBase: stripe.url } });
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    // NOTE: axe is injected as an inline script, which our CSP forbids; the walk bypasses it, and a later
    // test opens the pages with scripts again under the enforced policy.
    context = await browser.newContext({ bypassCSP: true });
    page = await context.newPage();
    // NOTE: generous waits: CI machines run several suites at once.
    page.setDefaultTimeout(60_000);
    page.on('dialog', (dialog) => void dialog.accept());
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await stripe?.close();
    await stopPanels(panels);
    fs.rmSync(htmlDir, { recursive: true, force: true });
  });

  /** Runs axe on the page now shown and keeps its HTML for the validator (the server's answer to a GET, else the document shown). */
  async function check(name: string, opts: { get?: boolean } = {}): Promise<void> {
    axeProblems.push(...(await axeProblemsOf(page, name)));
    const html = opts.get === false ? await page.content() : await (await context.request.get(page.url())).text();
    fs.writeFileSync(path.join(htmlDir, `${String(pagesChecked.length).padStart(2, '0')}-${name}.html`), html);
    pagesChecked.push(name);
  }

  async function open(pathname: string, name: string): Promise<void> {
    const res = await page.goto(`${base}${pathname}`);
    expect(res?.status(), pathname).to.equal(200);
    await check(name);
  }

  async function signIn(): Promise<void> {
    await page.goto(`${base}/account/login`);
    await page.fill('#login-email', EMAIL);
    await page.fill('#login-password', PASSWORD);
    await page.click('button[type="submit"]:has-text("Sign in")');
  }

  async function signOut(): Promise<void> {
    await Promise.all([page.waitForURL(/\/account\/login/), page.click('button:has-text("Sign out")')]);
  }

  it('when a visitor registers and follows the link of the mail we captured, then their address is confirmed', async () => {
    await open('/account/register', 'register');
    await page.fill('#register-first-name', 'Ada');
    await page.fill('#register-last-name', 'Story');
    await page.fill('#register-email', EMAIL);
    await page.fill('#register-password', PASSWORD);
    await page.selectOption('#register-country', 'US');
    await Promise.all([page.waitForURL(`${base}/account`), page.click('button:has-text("Create account")')]);
    expect(await page.locator('#email-unverified').textContent()).to.contain('Confirm your email address');
    await check('dashboard-unverified');
    const mail = await MailOutbox.findOne({ where: { toAddress: EMAIL, template: 'verify-email' }, rejectOnEmpty: true });
    const link = /(http:\/\/\S+\/account\/verify-email\?token=[^\s"<]+)/.exec(mail.text ?? '')?.[1];
    expect(link).to.match(new RegExp(`^${base}/`));
    await Promise.all([page.waitForURL(`${base}/account`), page.goto(link!)]);
    expect(await page.locator('#email-unverified').count()).to.equal(0);
    expect((await User.findOne({ where: { email: EMAIL }, rejectOnEmpty: true })).emailVerifiedAt).to.be.instanceOf(Date);
  });

  it('when the customer signs out and in again, then they land on their dashboard', async () => {
    await signOut();
    await check('login');
    await signIn();
    await page.waitForURL(`${base}/account`);
    expect(await page.locator('h1').first().textContent()).to.equal('Dashboard');
    await check('dashboard');
  });

  it('when the customer turns on two-factor authentication, then signing in asks for the code from their app and the code lets them in', async () => {
    await open('/account/security', 'security');
    await Promise.all([page.waitForURL(`${base}/account/security/two-factor/setup`), page.click('button:has-text("Set up two-factor authentication")')]);
    await check('totp-setup');
    totpSecret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    await page.fill('#totp-code', authenticator.generate(totpSecret));
    await page.click('button:has-text("Turn on two-factor authentication")');
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    await check('recovery-codes', { get: false });
    expect((await User.findOne({ where: { email: EMAIL }, rejectOnEmpty: true })).totpEnabledAt).to.be.instanceOf(Date);

    await open('/account', 'dashboard-2fa');
    await signOut();
    await signIn();
    await page.waitForURL(`${base}/account/login/two-factor`);
    await check('two-factor');
    await page.fill('#two-factor-code', authenticator.generate(totpSecret));
    await Promise.all([page.waitForURL(`${base}/account`), page.click('button:has-text("Verify")')]);
    expect(await page.locator('h1').first().textContent()).to.equal('Dashboard');
  });

  it('when the customer orders a VPS and pays its invoice on the Stripe Checkout page, then the invoice is paid and the server is set up on the panel', async () => {
    await open(`/account/order?plan=${plan.slug}&cycle=monthly`, 'cart');
    await page.selectOption('#f-os', 'debian-12');
    await page.fill('#f-hostname', HOSTNAME);
    await Promise.all([page.waitForURL(/\/account\/order\/placed\/ORD-[\w-]+$/), page.click('button:has-text("Place order and continue to payment")')]);
    await check('order-placed');
    const order = await Order.findOne({ order: [['id', 'DESC']], rejectOnEmpty: true });
    const invoice = await Invoice.findOne({ where: { orderId: order.id }, rejectOnEmpty: true });
    expect(invoice.status).to.equal('open');

    await Promise.all([page.waitForURL(new RegExp(`^${stripe!.url}/checkout/`)), page.click('button:has-text("Pay by card")')]);
    const sessionId = new URL(page.url()).pathname.split('/').pop()!;
    await Promise.all([page.waitForURL(`${base}/account/billing/invoices/${invoice.id}?payment=processing`), page.click('button:has-text("Pay")')]);
    await check('invoice-processing');
    // NOTE: Stripe tells us by webhook, as in production; the worker then sets the server up.
    const delivery = stripe!.webhook('checkout.session.completed', stripe!.get(sessionId)!);
    const answer = await fetch(`${base}/webhooks/stripe`, { method: 'POST', headers: delivery.headers, body: delivery.rawBody });
    expect(answer.status).to.equal(200);
    await invoice.reload();
    expect(invoice.status).to.equal('paid');
    await runProvisioning();
    service = await Service.findOne({ where: { customerId: order.customerId }, rejectOnEmpty: true });
    subscription = await Subscription.findByPk(service.subscriptionId!, { rejectOnEmpty: true });
    expect([service.status, service.hostname, subscription.status]).to.deep.equal(['active', HOSTNAME, 'active']);
    expect(panels!.virtfusion.state.servers.size).to.equal(1);
    for (let i = 0; i < 3; i++) {
      await createBandwidthUsage({ service, day: new Date(Date.now() - i * 86_400_000).toISOString().slice(0, 10), bytesIn: (i + 1) * 1024 ** 3, bytesOut: 1024 ** 3 });
    }
    await createTicket({ customer: await Customer.findByPk(order.customerId, { rejectOnEmpty: true }), subject: 'Story ticket' });
    await page.reload();
    expect(await page.locator('main').textContent()).to.match(/\bPaid\b/);
    await check('invoice-paid');
  });

  it('when the customer opens the service from the dashboard and presses restart, then the panel restarts it and the page comes back with its graphs', async () => {
    await open('/account', 'dashboard-active');
    await page.click(`main a:has-text("${HOSTNAME}")`);
    await page.waitForURL(`${base}/account/services/${service.id}`);
    await page.waitForSelector('[data-chart="bandwidth"] canvas');
    await check('service');
    await Promise.all([page.waitForResponse((r) => r.url() === `${base}/account/services/${service.id}` && r.request().method() === 'GET'), page.click('button[value="restart"]')]);
    await page.waitForLoadState('load');
    expect(page.url()).to.equal(`${base}/account/services/${service.id}`);
    expect(panels!.virtfusion.state.powerActions.map((a) => a.action)).to.deep.equal(['restart']);
  });

  it('when the customer upgrades to a bigger plan with extra RAM, then the preview shows what changes and the proration lines, and confirming bills exactly that', async () => {
    await open(`/account/subscriptions/${subscription.id}`, 'subscription');
    await Promise.all([page.waitForURL(`${base}/account/subscriptions/${subscription.id}/change`), page.click('a:has-text("Change plan, cycle, options or add-ons")')]);
    await check('change-plan');
    await page.click('label.choice:has-text("VPS Story Plus")');
    await page.fill('#f-opt-extra-ram-gb', '2');
    await Promise.all([page.waitForURL(/\/change\/preview\?/), page.click('button:has-text("See the price")')]);
    expect((await page.locator('#pv-changes tbody tr:has-text("Extra RAM") > *').allTextContents()).map((c) => c.trim())).to.deep.equal(['Extra RAM', '0', '2']);
    const lines = (await page.locator('#pv-lines').textContent()) ?? '';
    expect(lines).to.contain('Unused time on VPS Story');
    expect(lines).to.contain('Remaining time on VPS Story Plus');
    const total = ((await page.locator('#pv-lines tfoot tr:last-child td').textContent()) ?? '').trim();
    await check('plan-preview');
    await Promise.all([page.waitForURL(/\/account\/billing\/invoices\/\d+$/), page.click('button:has-text("Confirm the change")')]);
    expect(await page.locator('main').textContent()).to.contain('Remaining time on VPS Story Plus');
    await check('proration-invoice');
    const proration = await Invoice.findOne({ where: { subscriptionId: subscription.id, kind: 'proration' }, rejectOnEmpty: true });
    expect(`$${(Number(proration.totalMinor) / 100).toFixed(2)}`).to.equal(total);
    await subscription.reload();
    expect(subscription.planId).to.equal(plus.id);
    expect((await SubscriptionOption.findAll({ where: { subscriptionId: subscription.id } })).map((o) => o.quantity)).to.deep.equal([2]);
  });

  it('when the customer cancels at the end of the period with a survey answer, then the page says when it ends and offers to undo', async () => {
    await page.goto(`${base}/account/subscriptions/${subscription.id}`);
    await page.check('input[name="reason"][value="Too expensive"]');
    await page.click('button:has-text("Cancel subscription")');
    await page.getByText('Keep my subscription').waitFor();
    expect((await page.locator('main').textContent()) ?? '').to.contain('and will not renew.');
    await subscription.reload();
    expect([subscription.cancelAtPeriodEnd, subscription.cancellationReason, subscription.status]).to.deep.equal([true, 'Too expensive', 'active']);
    await check('subscription-cancelling');
  });

  it('when every other portal page is opened, then it renders', async () => {
    for (const [pathname, name] of [
      ['/account/services', 'services'],
      ['/account/billing/invoices', 'invoices'],
      ['/account/billing/payments', 'payments'],
      ['/account/billing/payment-methods', 'payment-methods'],
      ['/account/billing/renewals', 'renewals'],
      ['/account/subscriptions', 'subscriptions'],
      ['/account/profile', 'profile'],
      ['/account/notifications', 'notifications'],
      ['/account/api-tokens', 'api-tokens'],
      ['/account/tickets', 'tickets'],
      ['/account/tickets/new', 'ticket-new'],
    ] as const) {
      await open(pathname, name);
    }
  });

  it('when axe checks every page visited, then it finds no serious or critical violation', () => {
    expect(pagesChecked.length).to.be.greaterThan(25);
    expect(axeProblems, axeProblems.join('\n')).to.deep.equal([]);
  });

  it('when the service page and the dashboard load under the enforced CSP, then the graphs are drawn and nothing is refused', async () => {
    const strict = await browser.newContext({ storageState: await context.storageState() });
    const tab = await strict.newPage();
    tab.setDefaultTimeout(60_000);
    tab.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) cspErrors.push(`${tab.url()}: ${msg.text()}`);
    });
    await tab.goto(`${base}/account/services/${service.id}`);
    await tab.waitForSelector('[data-chart="bandwidth"] canvas');
    await tab.goto(`${base}/account`);
    await tab.waitForLoadState('load');
    await strict.close();
    expect(cspErrors, cspErrors.join('\n')).to.deep.equal([]);
  });

  it('when the HTML of every page visited is validated, then vnu reports no error', async () => {
    const files = fs.readdirSync(htmlDir).filter((f) => f.endsWith('.html')).map((f) => path.join(htmlDir, f));
    expect(files.length).to.equal(pagesChecked.length);
    const errors = await vnuErrors(javaPath!, files);
    expect(errors, errors.join('\n')).to.deep.equal([]);
  });
});
