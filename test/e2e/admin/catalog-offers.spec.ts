import { expect } from 'chai';
import { Addon, ConfigOption, PlanAddon } from '../../../src/models/index.js';
import { planOffer } from '../../../src/site/plan-offer.js';
import { createPlan } from '../../factories/catalog.js';
import { resetDatabase } from '../../support/db.js';
import { apiAction, createStaff, expectForbidden, signedIn, type AdminJsResponse, type Browser } from './support.js';

/** The form error shown under a JSON field. */
const errorOf = (body: AdminJsResponse, field: string): string => String((body.record?.errors?.[field] as { message?: string } | undefined)?.message);

describe('back office: configurable options and add-ons of the catalog', function () {
  this.timeout(30_000);
  let admin: Browser;

  beforeEach(async () => {
    await resetDatabase();
    admin = await signedIn(await createStaff('admin'));
  });

  it('when an admin creates an add-on with panel settings, prices it and offers it on a plan, then the plan sells it at that price', async () => {
    const plan = await createPlan({ name: 'Game Large' }, 'game');
    const created = await apiAction(admin, 'addons', 'new', {
      payload: { code: 'backup_slots', name: 'Two backup slots', kind: 'backups', description: 'Two more backups of your world.', panelConfigJson: '{"backups": 2}', active: 'true', sortOrder: '1' },
    });
    expect(created.body.notice?.type).to.equal('success');
    const addon = await Addon.findOne({ where: { code: 'backup_slots' }, rejectOnEmpty: true });
    expect(addon.panelConfig).to.deep.equal({ backups: 2 });
    const shown = await apiAction(admin, 'addons', 'show', { recordId: addon.id });
    expect(JSON.parse(String(shown.body.record?.params.panelConfigJson))).to.deep.equal({ backups: 2 });

    const price = await apiAction(admin, 'addon_prices', 'new', { payload: { addonId: String(addon.id), cycle: 'monthly', currency: 'USD', amountMinor: '250', setupFeeMinor: '0', active: 'true' } });
    expect(price.body.notice?.type).to.equal('success');
    // NOTE: a sort order left empty takes its default.
    const offer = await apiAction(admin, 'plan_addons', 'new', { payload: { planId: String(plan.id), addonId: String(addon.id), included: 'false', sortOrder: '' } });
    expect(offer.body.notice?.type).to.equal('success');
    expect((await PlanAddon.findOne({ where: { addonId: addon.id }, rejectOnEmpty: true })).sortOrder).to.equal(0);
    const { addons } = await planOffer(plan.id, 'monthly', 'USD');
    expect(addons.map((a) => [a.code, a.name, a.priceMinor, a.included])).to.deep.equal([['backup_slots', 'Two backup slots', 250, false]]);
  });

  for (const [what, json, message] of [
    ['a misspelt key', '{"backup": 2}', 'does not use "backup"'],
    ['a count that is not a whole number', '{"backups": 1.5}', '"backups"'],
    ['text that is not JSON', '{"backups": ', 'Not valid JSON'],
  ] as const) {
    it(`when an admin saves add-on panel settings with ${what}, then the form says why and nothing is stored`, async () => {
      const res = await apiAction(admin, 'addons', 'new', { payload: { code: 'snapshots_x', name: 'Snapshots', kind: 'snapshots', panelConfigJson: json } });
      expect(res.body.notice?.type).to.equal('error');
      expect(errorOf(res.body, 'panelConfigJson')).to.contain(message);
      expect(await Addon.count()).to.equal(0);
    });
  }

  it('when an admin creates a select option, then its choices are stored from the JSON list; a select without choices or a quantity with choices is refused', async () => {
    const select = await apiAction(admin, 'config_options', 'new', {
      payload: { code: 'location', name: 'Location', kind: 'select', min: '0', step: '1', choicesJson: '[{"value": "ams", "label": "Amsterdam", "panelValue": 3}, {"value": "nyc", "label": "New York"}]', panelKey: '', active: 'true', sortOrder: '0' },
    });
    expect(select.body.notice?.type).to.equal('success');
    const option = await ConfigOption.findOne({ where: { code: 'location' }, rejectOnEmpty: true });
    expect(option.choices).to.deep.equal([{ value: 'ams', label: 'Amsterdam', panelValue: 3 }, { value: 'nyc', label: 'New York' }]);
    expect(option.panelKey).to.equal(null);

    const empty = await apiAction(admin, 'config_options', 'new', { payload: { code: 'os_licence', name: 'OS licence', kind: 'select', min: '0', step: '1', choicesJson: '' } });
    expect(errorOf(empty.body, 'choicesJson')).to.contain('A select option needs a list of choices');
    const twice = await apiAction(admin, 'config_options', 'new', { payload: { code: 'os_licence', name: 'OS licence', kind: 'select', min: '0', step: '1', choicesJson: '[{"value": "a", "label": "A"}, {"value": "a", "label": "B"}]' } });
    expect(errorOf(twice.body, 'choicesJson')).to.contain('two choices have the same value');
    const quantity = await apiAction(admin, 'config_options', 'new', { payload: { code: 'extra_ram_gb', name: 'Extra RAM', kind: 'quantity', min: '0', step: '1', choicesJson: '[{"value": "a", "label": "A"}]' } });
    expect(errorOf(quantity.body, 'choicesJson')).to.contain('Only a select option has choices');
    const typo = await apiAction(admin, 'config_options', 'new', { payload: { code: 'extra_ram_gb', name: 'Extra RAM', kind: 'quantity', min: '0', step: '1', panelKey: 'extraRam', choicesJson: '' } });
    expect(errorOf(typo.body, 'panelKey')).to.contain('"extraRam" is not a panel key');
    expect((await ConfigOption.findAll()).map((o) => o.code)).to.deep.equal(['location']);

    const ram = await apiAction(admin, 'config_options', 'new', { payload: { code: 'extra_ram_gb', name: 'Extra RAM', kind: 'quantity', unit: 'GB', min: '0', max: '64', step: '1', panelKey: 'extraRamGb', choicesJson: '' } });
    expect(ram.body.notice?.type).to.equal('success');
    expect((await ConfigOption.findOne({ where: { code: 'extra_ram_gb' }, rejectOnEmpty: true })).get({ plain: true })).to.include({ kind: 'quantity', panelKey: 'extraRamGb', max: 64, choices: null });
  });

  it('when support or finance open the catalog offers, then they can read them and cannot change them', async () => {
    const plan = await createPlan();
    const addon = await Addon.create({ code: 'managed', name: 'Managed support', kind: 'managed_support' });
    await PlanAddon.create({ planId: plan.id, addonId: addon.id });
    for (const role of ['support', 'finance'] as const) {
      const staff = await signedIn(await createStaff(role));
      const list = await apiAction(staff, 'plan_addons', 'list');
      expect(list.body.records?.map((r) => r.params.addonId)).to.deep.equal([addon.id]);
      expectForbidden(await apiAction(staff, 'addons', 'edit', { recordId: addon.id, payload: { name: 'Renamed' } }));
      expectForbidden(await apiAction(staff, 'config_options', 'new', { payload: { code: 'x', name: 'X', kind: 'quantity' } }));
    }
    expect((await Addon.findByPk(addon.id, { rejectOnEmpty: true })).name).to.equal('Managed support');
    expect(await ConfigOption.count()).to.equal(0);
  });
});
