import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { Addon } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { startBrowserRig, type BrowserRig } from '../../support/browser-checks.js';
import { adminApp, createStaff, signInPage } from './support.js';

describe('back office e2e: add-ons in the catalog, in a real browser', function () {
  this.timeout(240_000);
  let rig: BrowserRig;
  let page: Page;

  before(async function () {
    await resetDatabase();
    rig = await startBrowserRig(this, adminApp);
    page = await rig.newPage();
    await signInPage(page, rig.base, await createStaff('admin'));
  });

  after(() => rig?.close());

  const field = (name: string) => `[data-testid="property-edit-${name}"]`;

  it('when an admin creates an add-on with panel settings through the form, then it is stored and shown as JSON; a misspelt key shows under the field and changes nothing', async () => {
    await page.goto(`${rig.base}/admin/resources/addons/actions/new`);
    await page.fill(`${field('code')} input`, 'backup_slots');
    await page.fill(`${field('name')} input`, 'Two backup slots');
    await page.click(`${field('kind')} input`);
    await page.keyboard.type('backups');
    await page.keyboard.press('Enter');
    await page.fill(`${field('panelConfigJson')} textarea`, '{"backups": 2}');
    await Promise.all([page.waitForURL(`${rig.base}/admin/resources/addons`), page.click('[data-testid="button-save"]')]);
    const addon = await Addon.findOne({ where: { code: 'backup_slots' }, rejectOnEmpty: true });
    // NOTE: Sort order was left empty: it takes the model's default.
    expect([addon.name, addon.kind, addon.panelConfig, addon.sortOrder]).to.deep.equal(['Two backup slots', 'backups', { backups: 2 }, 0]);
    await page.goto(`${rig.base}/admin/resources/addons/records/${addon.id}/show`);
    expect(await page.textContent('[data-testid="property-show-panelConfigJson"]')).to.contain('"backups": 2');

    await page.goto(`${rig.base}/admin/resources/addons/records/${addon.id}/edit`);
    await page.fill(`${field('panelConfigJson')} textarea`, '{"backup": 3}');
    await page.click('[data-testid="button-save"]');
    await page.waitForSelector(`${field('panelConfigJson')} :text("does not use \\"backup\\"")`);
    expect((await Addon.findByPk(addon.id, { rejectOnEmpty: true })).panelConfig).to.deep.equal({ backups: 2 });
    expect(rig.pageErrors).to.deep.equal([]);
  });

  it('when an admin opens a new price, then the amount must be filled in (never a price of 0 by leaving it empty) while the sort order of an offer may stay empty', async () => {
    await page.goto(`${rig.base}/admin/resources/addon_prices/actions/new`);
    expect(await page.getAttribute(`${field('amountMinor')} input`, 'required')).to.not.equal(null);
    await page.goto(`${rig.base}/admin/resources/plan_addons/actions/new`);
    expect(await page.getAttribute(`${field('sortOrder')} input`, 'required')).to.equal(null);
  });
});
