import { expect } from 'chai';
import { Plan } from '../../../src/models/index.js';
import { createPlan } from '../../factories/catalog.js';
import { resetDatabase } from '../../support/db.js';
import { apiAction, createStaff, signedIn, type AdminJsResponse, type Browser } from '../../e2e/admin/support.js';

/** The form error shown under the JSON field. */
const errorOf = (body: AdminJsResponse): string => String((body.record?.errors?.panelConfigJson as { message?: string } | undefined)?.message);

const VALID = { packageId: 3, hypervisorGroupId: 1, osTemplateId: 1 };

describe("Back office: a plan's panel mapping edited as JSON and checked against its driver", () => {
  let admin: Browser;
  let plan: Plan;

  beforeEach(async () => {
    await resetDatabase();
    admin = await signedIn(await createStaff('admin'));
    plan = await createPlan({ type: 'vps', driver: 'virtfusion', panelConfig: VALID });
  });

  const stored = async (): Promise<unknown> => (await Plan.findByPk(plan.id, { rejectOnEmpty: true })).panelConfig;

  it('when staff open a plan, then its mapping is shown as one JSON text', async () => {
    const res = await apiAction(admin, 'plans', 'show', { recordId: plan.id });
    expect(JSON.parse(String(res.body.record?.params.panelConfigJson))).to.deep.equal(VALID);
  });

  it('when staff save a valid mapping, then it is stored as typed JSON', async () => {
    const json = JSON.stringify({ packageId: 4, hypervisorGroupId: 2, osTemplateId: 7, ipv4: 2, osTemplates: ['debian-12'] });
    const res = await apiAction(admin, 'plans', 'edit', { recordId: plan.id, payload: { name: plan.name, driver: 'virtfusion', panelConfigJson: json } });
    expect(res.body.notice?.type).to.equal('success');
    expect(await stored()).to.deep.equal({ packageId: 4, hypervisorGroupId: 2, osTemplateId: 7, ipv4: 2, osTemplates: ['debian-12'] });
  });

  for (const [what, json, message] of [
    ['text that is not JSON', '{"packageId": 4,', 'Not valid JSON'],
    ['a mapping missing what VirtFusion needs', '{"packageId": 4}', 'needs "hypervisorGroupId", "osTemplateId"'],
    ['a misspelt key', JSON.stringify({ ...VALID, pakageId: 4 }), 'does not use "pakageId"'],
    ['a package id that is not a number', JSON.stringify({ ...VALID, packageId: 'big' }), '"packageId"'],
  ] as const) {
    it(`when staff save ${what}, then the form shows why and the stored mapping is unchanged`, async () => {
      const res = await apiAction(admin, 'plans', 'edit', { recordId: plan.id, payload: { name: 'Renamed', driver: 'virtfusion', panelConfigJson: json } });
      expect(res.body.notice?.type).to.equal('error');
      expect(errorOf(res.body)).to.contain(message);
      const row = await Plan.findByPk(plan.id, { rejectOnEmpty: true });
      expect([row.name, row.panelConfig]).to.deep.equal([plan.name, VALID]);
    });
  }

  it('when the driver changes, then the mapping is checked against the new driver', async () => {
    const res = await apiAction(admin, 'plans', 'edit', { recordId: plan.id, payload: { driver: 'enhance', panelConfigJson: JSON.stringify(VALID) } });
    expect(errorOf(res.body)).to.contain('needs "planId"');
    const ok = await apiAction(admin, 'plans', 'edit', { recordId: plan.id, payload: { driver: 'enhance', panelConfigJson: '{"planId": 2}' } });
    expect(ok.body.notice?.type).to.equal('success');
    expect((await Plan.findByPk(plan.id, { rejectOnEmpty: true })).get({ plain: true })).to.include({ driver: 'enhance' });
    expect(await stored()).to.deep.equal({ planId: 2 });
  });

  it('when an older plan with an incomplete mapping is renamed without touching the mapping, then the rename is saved', async () => {
    await plan.update({ panelConfig: { packageId: 1 } });
    const json = JSON.stringify({ packageId: 1 }, null, 2);
    const res = await apiAction(admin, 'plans', 'edit', { recordId: plan.id, payload: { name: 'VPS Renamed', driver: 'virtfusion', panelConfigJson: json } });
    expect(res.body.notice?.type).to.equal('success');
    const row = await Plan.findByPk(plan.id, { rejectOnEmpty: true });
    expect([row.name, row.panelConfig]).to.deep.equal(['VPS Renamed', { packageId: 1 }]);
  });
});
