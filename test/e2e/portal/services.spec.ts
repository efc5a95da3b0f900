import { expect } from 'chai';
import { AuditLog, type Service } from '../../../src/models/index.js';
import { openCredentials } from '../../../src/provisioning/orchestration/credentials.js';
import { createBandwidthUsage } from '../../factories/billing.js';
import { createService } from '../../factories/commerce.js';
import { TEST_PASSWORD } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import {
  createPaidSubscription, createPanelPlan, payAndProvision, reloadService, runProvisioning, startPanels, stopPanels, type Panels,
} from '../../integration/provisioning/orchestration/support.js';
import { createAccountWithData, signedIn, type Agent } from './support.js';

/** The hidden fields of the form posting to `action` on a page. */
function formOf(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]!] = m[2]!;
  return fields;
}

describe('portal e2e: service controls and graphs', function () {
  this.timeout(60_000);
  let panels: Panels | undefined;
  let agent: Agent;
  let service: Service;
  let page: string;

  beforeEach(async () => {
    await resetDatabase();
    panels = await startPanels();
    const subscription = await createPaidSubscription(await createPanelPlan('virtfusion', { specs: { cpuCores: 2, memoryMb: 2048, diskGb: 40 } }));
    service = await payAndProvision(subscription);
    await runProvisioning();
    agent = await signedIn(subscription.customer!);
    page = `/account/services/${service.id}`;
  });

  afterEach(async () => {
    await stopPanels(panels);
    panels = undefined;
  });

  it('when a customer presses restart, then the panel restarts the server once and the page says so; the same form again sends nothing more', async () => {
    const fields = formOf((await agent.get(page)).text, `${page}/power`);
    const first = await agent.post(`${page}/power`).type('form').send({ ...fields, action: 'restart' });
    expect(first.status).to.equal(303);
    expect(first.headers.location).to.equal(page);
    expect((await agent.get(page)).text).to.contain('The server is restarting.');
    const again = await agent.post(`${page}/power`).type('form').send({ ...fields, action: 'restart' });
    expect(again.status).to.equal(303);
    expect(panels!.virtfusion.state.powerActions.map((a) => a.action)).to.deep.equal(['restart']);
    expect(await AuditLog.count({ where: { action: 'service.power_sent', entityId: service.id } })).to.equal(1);
  });

  it('when the same restart form is posted twice at once, then the panel gets one restart', async () => {
    const fields = formOf((await agent.get(page)).text, `${page}/power`);
    const results = await Promise.all([1, 2].map(() => agent.post(`${page}/power`).type('form').send({ ...fields, action: 'restart' })));
    expect(results.map((r) => r.status)).to.deep.equal([303, 303]);
    expect(panels!.virtfusion.state.powerActions).to.have.length(1);
  });

  it('when the service is suspended, then the buttons are disabled with the reason and a posted restart changes nothing', async () => {
    await service.update({ status: 'suspended', suspendedAt: new Date(), suspensionReason: 'Overdue invoice' });
    const html = (await agent.get(page)).text;
    expect(html).to.contain('This service is suspended; pay the open invoice to use these controls again.');
    expect(html).to.match(/value="restart"[^>]*disabled/);
    const res = await agent.post(`${page}/power`).type('form').send({ ...formOf(html, `${page}/power`), action: 'restart' });
    expect(res.status).to.equal(303);
    expect((await agent.get(page)).text).to.contain('This service is suspended');
    expect(panels!.virtfusion.state.powerActions).to.have.length(0);
  });

  it('when a customer reinstalls with a wrong password, nothing happens; with their password and an offered OS, the panel reinstalls it', async () => {
    const html = (await agent.get(page)).text;
    expect(html).to.contain('<option value="2">');
    const fields = formOf(html, `${page}/reinstall`);
    await agent.post(`${page}/reinstall`).type('form').send({ ...fields, osTemplate: '2', confirm: 'yes', password: 'not my password' });
    expect((await agent.get(page)).text).to.contain('That password is not correct. Nothing was reinstalled.');
    const server = () => [...panels!.virtfusion.state.servers.values()][0]!;
    expect(server().osTemplateId).to.equal(1);
    await agent.post(`${page}/reinstall`).type('form').send({ ...fields, osTemplate: '2', confirm: 'yes', password: TEST_PASSWORD });
    expect((await agent.get(page)).text).to.contain('The reinstall has started.');
    expect(server().osTemplateId).to.equal(2);
  });

  it('when a customer resets the server password, then the new one is shown once and stored encrypted; the same form again only points to the access details', async () => {
    const fields = formOf((await agent.get(page)).text, `${page}/reset-password`);
    const res = await agent.post(`${page}/reset-password`).type('form').send({ ...fields, password: TEST_PASSWORD });
    expect(res.status).to.equal(200);
    const fresh = [...panels!.virtfusion.state.servers.values()][0]!.password!;
    expect(res.text).to.contain('The server password was reset.');
    expect(res.text).to.contain(fresh);
    expect(openCredentials((await reloadService(service.id)).credentialsEnc)?.password).to.equal(fresh);
    const again = await agent.post(`${page}/reset-password`).type('form').send({ ...fields, password: TEST_PASSWORD });
    expect(again.status).to.equal(303);
    expect((await agent.get(page)).text).to.contain('The password was already reset.');
    expect([...panels!.virtfusion.state.servers.values()][0]!.password).to.equal(fresh);
  });

  it('when the service has traffic, then the page has the resource and bandwidth tables with the chart scripts', async () => {
    const day = new Date().toISOString().slice(0, 10);
    await createBandwidthUsage({ service, day, bytesIn: 3 * 1024 ** 3, bytesOut: 1024 ** 3 });
    const html = (await agent.get(page)).text;
    expect(html).to.contain(`data-day="${day}" data-in="${3 * 1024 ** 3}"`);
    expect(html).to.contain('3.0 GB');
    expect(html).to.contain('id="svc-resources-table"');
    expect(html).to.contain('<script src="/account/vendor/chart.umd.min.js" defer></script>');
    expect(html).to.contain('<script src="/assets/js/charts.js" defer></script>');
    const vendor = await agent.get('/account/vendor/chart.umd.min.js');
    expect(vendor.status).to.equal(200);
    expect(vendor.headers['content-type']).to.match(/javascript/);
  });
});

describe('portal e2e: service pages while setting up, and for other customers', function () {
  this.timeout(60_000);

  before(async () => {
    await resetDatabase();
  });

  it('when a service is still being set up, then its controls are shown disabled with the reason', async () => {
    const mine = await createAccountWithData('setup');
    const pending = await createService({ customer: mine.customer }, 'provisioning');
    const agent = await signedIn(mine.customer);
    const html = (await agent.get(`/account/services/${pending.id}`)).text;
    expect(html).to.contain('We are still setting this service up; these controls work once it is ready.');
    expect(html).to.match(/value="boot"[^>]*disabled/);
  });

  it("when a customer posts a control for another customer's service, then it answers 404; without CSRF 403", async () => {
    const mine = await createAccountWithData('owner');
    const theirs = await createAccountWithData('other');
    const agent = await signedIn(mine.customer);
    const html = (await agent.get(`/account/services/${mine.service.id}`)).text;
    const fields = formOf(html, `/account/services/${mine.service.id}/power`);
    for (const action of ['power', 'reinstall', 'reset-password']) {
      const res = await agent.post(`/account/services/${theirs.service.id}/${action}`).type('form').send({ ...fields, action: 'restart', osTemplate: '1', confirm: 'yes', password: TEST_PASSWORD });
      expect(res.status, action).to.equal(404);
      expect(res.text).not.to.contain('host-other');
      const noToken = await agent.post(`/account/services/${mine.service.id}/${action}`).type('form').send({ action: 'restart', submission: fields.submission });
      expect(noToken.status, action).to.equal(403);
    }
  });
});
