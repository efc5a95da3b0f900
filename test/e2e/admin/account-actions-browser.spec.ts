import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { AuditLog, Customer, ProvisioningTask, Service, Subscription } from '../../../src/models/index.js';
import { createService } from '../../factories/commerce.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { startBrowserRig, type BrowserRig } from '../../support/browser-checks.js';
import { adminApp, createStaff, signInPage } from './support.js';

describe('back office e2e: account suspension, expiry and restore forms in a real browser', function () {
  this.timeout(240_000);
  let rig: BrowserRig;
  let base: string;
  let page: Page;

  before(async function () {
    await resetDatabase();
    rig = await startBrowserRig(this, adminApp);
    base = rig.base;
    page = await signedInPage('support');
  });

  /** A page of its own browser context, signed in as a new staff member of `role`. */
  async function signedInPage(role: 'admin' | 'support'): Promise<Page> {
    const fresh = await rig.newPage();
    await signInPage(fresh, base, await createStaff(role));
    return fresh;
  }

  after(() => rig?.close());

  async function openForm(path: string): Promise<void> {
    await page.goto(`${base}${path}`);
    await page.waitForSelector('[data-testid="action-form"]');
  }

  it('when support suspends an account choosing "also suspend services", then the record page shows and the account and its service are suspended', async () => {
    const customer = await createCustomer();
    const service = await createService({ customer });
    await openForm(`/admin/resources/customers/records/${customer.id}/suspendAccount`);
    expect(await page.textContent('[data-testid="action-form"]')).to.contain('signed out of the portal at once');
    await page.fill('[data-testid="action-form"] [name="reason"]', 'Spam complaints from three networks');
    await page.selectOption('[data-testid="action-form"] [name="suspendServices"]', 'yes');
    await Promise.all([page.waitForURL(`${base}/admin/resources/customers/records/${customer.id}/show`), page.click('[data-testid="action-submit"]')]);
    expect((await Customer.findByPk(customer.id))!.status).to.equal('suspended');
    expect(await ProvisioningTask.count({ where: { serviceId: service.id, action: 'suspend' } })).to.equal(1);
  });

  it('when support extends a service expiry by days, then the period end moves; a day in the past shows the refusal on the form', async () => {
    const service = await createService();
    const end = (await Subscription.findByPk(service.subscriptionId))!.currentPeriodEnd!;
    await openForm(`/admin/resources/services/records/${service.id}/extendExpiry`);
    await page.fill('[data-testid="action-form"] [name="until"]', '2020-01-01');
    await page.fill('[data-testid="action-form"] [name="reason"]', 'Outage');
    await page.click('[data-testid="action-submit"]');
    await page.waitForSelector('[data-testid="action-error"]');
    expect(await page.textContent('[data-testid="action-error"]')).to.contain('must be in the future');

    await page.fill('[data-testid="action-form"] [name="until"]', '');
    await page.fill('[data-testid="action-form"] [name="days"]', '10');
    await Promise.all([page.waitForURL(`${base}/admin/resources/services/records/${service.id}/show`), page.click('[data-testid="action-submit"]')]);
    expect((await Subscription.findByPk(service.subscriptionId))!.currentPeriodEnd!.getTime()).to.equal(end.getTime() + 10 * 86_400_000);
  });

  it('when the admin restores an archived service from the services list form, then it is back in the list and audited', async () => {
    const service = await createService({}, 'archived');
    const admin = await signedInPage('admin');
    await admin.goto(`${base}/admin/resources/services/actions/restoreArchived`);
    await admin.waitForSelector('[data-testid="action-form"]');
    await admin.fill('[data-testid="action-form"] [name="service"]', service.reference);
    await admin.fill('[data-testid="action-form"] [name="reason"]', 'Archived by mistake');
    await Promise.all([admin.waitForURL(`${base}/admin/resources/services`), admin.click('[data-testid="action-submit"]')]);
    expect((await Service.findByPk(service.id))?.id).to.equal(service.id);
    expect(await AuditLog.count({ where: { action: 'service.restored', entityId: String(service.id) } })).to.equal(1);
    expect(rig.pageErrors).to.deep.equal([]);
  });
});
