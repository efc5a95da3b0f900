import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { AuditLog, CreditNote, Notification, Order } from '../../../src/models/index.js';
import { createInvoice } from '../../factories/billing.js';
import { createOrder } from '../../factories/commerce.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { createStaff, signInPage } from './support.js';
import { portalAndAdminApp } from './whole-app.js';
import { startBrowserRig, type BrowserRig } from '../../support/browser-checks.js';

describe('back office e2e: in a real browser', function () {
  this.timeout(240_000);
  let rig: BrowserRig;
  let base: string;
  let page: Page;

  before(async function () {
    await resetDatabase();
    rig = await startBrowserRig(this, portalAndAdminApp);
    base = rig.base;
    page = await rig.newPage();
  });

  after(() => rig?.close());

  /** Opens a record action's page and submits its form. */
  async function runAction(path: string, fields: Record<string, string> = {}): Promise<void> {
    await page.goto(`${base}${path}`);
    await page.waitForSelector('[data-testid="action-form"]');
    for (const [name, value] of Object.entries(fields)) await page.fill(`[data-testid="action-form"] [name="${name}"]`, value);
    await page.click('[data-testid="action-submit"]');
  }

  it('when an admin signs in with password and TOTP, then the dashboard renders with its chart and the bell counts unread notifications', async () => {
    const staff = await createStaff('admin');
    await Notification.create({ userId: staff.id, type: 'order.review', title: 'Order waits for review' });
    await page.goto(`${base}/admin`);
    expect(page.url()).to.equal(`${base}/admin/login`);
    await signInPage(page, base, staff);
    await page.waitForSelector('[data-testid="stat-Customers"]');
    await page.waitForSelector('canvas');
    expect(await page.locator('canvas').count()).to.be.greaterThan(0);
    const bell = page.locator('[data-testid="notification-bell"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="notification-bell"]')?.getAttribute('aria-label') === 'Notifications: 1 unread');
    expect(await bell.getAttribute('href')).to.equal(`/admin/resources/notifications?filters.userId=${staff.id}`);
  });

  it('when the admin approves an order in its form, then the order is approved and the record page is shown', async () => {
    const order = await createOrder({}, 'pendingReview');
    await runAction(`/admin/resources/orders/records/${order.id}/approve`);
    await page.waitForURL(`${base}/admin/resources/orders/records/${order.id}/show`);
    expect((await Order.findByPk(order.id))!.status).to.equal('approved');
  });

  it('when the admin refunds an invoice to credit, then an empty reason is refused on the form and a reason refunds it', async () => {
    const invoice = await createInvoice({}, 'paid');
    await runAction(`/admin/resources/invoices/records/${invoice.id}/refundToCredit`);
    await page.waitForSelector('[data-testid="action-error"]');
    expect(await page.textContent('[data-testid="action-error"]')).to.contain('Reason');
    expect(await CreditNote.count({ where: { invoiceId: invoice.id } })).to.equal(0);

    await page.fill('[data-testid="action-form"] [name="reason"]', 'Service outage compensation');
    await page.click('[data-testid="action-submit"]');
    await page.waitForURL(`${base}/admin/resources/invoices/records/${invoice.id}/show`);
    const note = await CreditNote.findOne({ where: { invoiceId: invoice.id } });
    expect(note?.refundTo).to.equal('credit');
  });

  it('when the admin views the portal as a customer, then the banner shows and returning lands on the customer in the back office', async () => {
    const customer = await createCustomer({ user: { firstName: 'Grace', lastName: 'Hopper' } });
    await runAction(`/admin/resources/customers/records/${customer.id}/impersonate`, { reason: 'Checking what the customer sees' });
    await page.waitForURL(`${base}/account`);
    const banner = page.locator('[data-testid="impersonation-banner"]');
    expect(await banner.textContent()).to.match(/You are viewing as Grace Hopper \(.+\) —\s+return to back office/);

    await Promise.all([page.waitForURL(`${base}/admin/resources/customers/records/${customer.id}/show`), banner.locator('button').click()]);
    expect(await AuditLog.count({ where: { action: 'customer.impersonation_ended', entityId: String(customer.id) } })).to.equal(1);
    expect(rig.pageErrors).to.deep.equal([]);
  });
});
