import { expect } from 'chai';
import { OrderItem } from '../../../../src/models/index.js';
import { resetDatabase } from '../../../support/db.js';
import { PANEL_CONFIG, createPaidSubscription, createPanelPlan, payAndProvision, reloadService, runProvisioning, startPanels, stopPanels, type Panels } from './support.js';

describe('Provisioning orchestration: the operating system chosen at checkout', () => {
  let panels: Panels | undefined;

  beforeEach(async () => {
    await resetDatabase();
    panels = await startPanels();
  });

  afterEach(async () => {
    await stopPanels(panels);
    panels = undefined;
  });

  async function provisionWithOs(os: string | null): Promise<number | null> {
    const plan = await createPanelPlan('virtfusion', { panelConfig: { ...PANEL_CONFIG.virtfusion, osTemplates: [{ id: 1, name: 'ubuntu-24.04' }, { id: 2, name: 'debian-12' }] } });
    const subscription = await createPaidSubscription(plan);
    const item = await OrderItem.findByPk(subscription.orderItemId!, { rejectOnEmpty: true });
    if (os) await item.update({ options: { ...(item.options ?? {}), os } });
    const service = await payAndProvision(subscription);
    await runProvisioning();
    const row = await reloadService(service.id);
    expect(row.status).to.equal('active');
    return panels!.virtfusion.state.servers.get(Number(row.externalId))?.osTemplateId ?? null;
  }

  it('when the customer picked an OS by its name, then the server is built with that template', async () => {
    expect(await provisionWithOs('debian-12')).to.equal(2);
  });

  it('when the customer picked nothing, then the plan default template is used', async () => {
    expect(await provisionWithOs(null)).to.equal(1);
  });

  it('when the choice is not a template the plan lists, then the plan default is used rather than failing the order', async () => {
    expect(await provisionWithOs('windows-95')).to.equal(1);
  });
});
