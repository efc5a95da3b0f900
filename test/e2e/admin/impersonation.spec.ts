import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { config, loadConfig, setConfig } from '../../../config/index.js';
import { currentTotp } from '../../../src/auth/totp.js';
import { createApp } from '../../../src/http/app.js';
import { clock } from '../../../src/lib/clock.js';
import { AuditLog, User } from '../../../src/models/index.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { csrfFrom } from '../../support/http.js';
import { apiAction, createStaff, csrfOf, expectForbidden, TEST_PASSWORD, TEST_TOTP_SECRET, type Browser } from './support.js';
import { portalCsrf, staffBrowser, wholeBrowser } from './whole-app.js';

/** Starts an impersonation through the back-office action and returns the hand-over link. */
async function startLink(agent: Browser, customerId: number, reason = 'Customer cannot find their invoice'): Promise<string> {
  const res = await apiAction(agent, 'customers', 'impersonate', { recordId: customerId, payload: { reason } });
  const body = res.body as { redirectUrl?: string; notice?: { type: string; message: string } };
  expect(body.notice?.type, body.notice?.message).to.equal('success');
  expect(body.redirectUrl).to.match(/^\/account\/impersonation\/start\?token=/);
  return body.redirectUrl!;
}

describe('back office: viewing the portal as a customer', () => {
  beforeEach(async () => {
    await resetDatabase();
    clock.reset();
  });
  afterEach(() => clock.reset());

  it('when support impersonates with a reason, then the portal opens as the customer with the banner, the start is audited, and returning ends it', async () => {
    const staff = await createStaff('support');
    const customer = await createCustomer({ company: 'Acme Hosting', user: { firstName: 'Ada', lastName: 'Lovelace' } });
    const agent = await staffBrowser(staff);

    const link = await startLink(agent, customer.id);
    const started = await AuditLog.findOne({ where: { action: 'customer.impersonation_started' } });
    expect(started).to.include({ actorType: 'staff', actorId: staff.id, entityType: 'customer', entityId: String(customer.id), reason: 'Customer cannot find their invoice' });

    const open = await agent.get(link);
    expect(open.status).to.equal(303);
    expect(open.headers.location).to.equal('/account');
    expect(open.headers['referrer-policy']).to.equal('no-referrer');

    const page = await agent.get('/account');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('data-testid="impersonation-banner"');
    expect(page.text).to.match(/You are viewing as Ada Lovelace \([^)]*\) —/);
    expect(page.text).to.contain('return to back office');

    // The back office is still there in the same browser.
    expect((await agent.get('/admin/api/resources/customers/actions/list')).status).to.equal(200);

    const csrf = await portalCsrf(agent, '/account');
    const back = await agent.post('/account/impersonation/stop').type('form').send({ _csrf: csrf });
    expect(back.status).to.equal(303);
    expect(back.headers.location).to.equal(`/admin/resources/customers/records/${customer.id}/show`);
    const ended = await AuditLog.findOne({ where: { action: 'customer.impersonation_ended' } });
    expect(ended).to.include({ actorType: 'staff', actorId: staff.id, entityId: String(customer.id) });
    expect(ended!.after).to.deep.include({ startedAuditId: started!.id, ended: 'returned' });

    const after = await agent.get('/account');
    expect(after.status).to.equal(303);
    expect(after.headers.location).to.match(/^\/account\/login/);
  });

  it('when staff view as the customer, then changing the password, two-factor or payment methods is refused with a clear message and nothing changes', async () => {
    const staff = await createStaff('admin');
    const customer = await createCustomer();
    const hashBefore = (await User.findByPk(customer.userId))!.passwordHash;
    const agent = await staffBrowser(staff);
    await agent.get(await startLink(agent, customer.id));
    const csrf = await portalCsrf(agent, '/account');

    for (const path of ['/account/security/password', '/account/security/two-factor/disable', '/account/billing/payment-methods/1/remove']) {
      const res = await agent.post(path).type('form').send({ _csrf: csrf, currentPassword: 'x', password: 'a brand new password 123', passwordConfirmation: 'a brand new password 123' });
      expect(res.status, path).to.equal(403);
      expect(res.text, path).to.contain('You are viewing this account as staff');
    }
    expect((await User.findByPk(customer.userId))!.passwordHash).to.equal(hashBefore);
    // Viewing still works.
    expect((await agent.get('/account/security')).status).to.not.equal(403);
  });

  it('when a hand-over link is used twice, then the second use opens nothing', async () => {
    const staff = await createStaff('support');
    const customer = await createCustomer();
    const agent = await staffBrowser(staff);
    const link = await startLink(agent, customer.id);
    expect((await agent.get(link)).status).to.equal(303);

    const other = await wholeBrowser();
    const reused = await other.get(link);
    expect(reused.status).to.equal(422);
    expect(reused.text).to.contain('invalid or has already been used');
    const portal = await other.get('/account');
    expect(portal.status).to.equal(303);
    expect(portal.headers.location).to.match(/^\/account\/login/);
  });

  it('when two browsers use the same link at once, then exactly one is signed in as the customer', async () => {
    const staff = await createStaff('support');
    const customer = await createCustomer();
    const agent = await staffBrowser(staff);
    const link = await startLink(agent, customer.id);
    const [a, b] = [await wholeBrowser(), await wholeBrowser()];
    const results = await Promise.all([a.get(link), b.get(link)]);
    expect(results.map((r) => r.status).sort()).to.deep.equal([303, 422]);
  });

  it('when the link is older than a minute or was tampered with, then it is refused', async () => {
    const staff = await createStaff('support');
    const customer = await createCustomer();
    const agent = await staffBrowser(staff);
    const link = await startLink(agent, customer.id);

    const tampered = link.replace(/token=([^.]+)\./, (_m, body: string) => `token=${body.slice(0, -2)}xx.`);
    const forged = await (await wholeBrowser()).get(tampered);
    expect(forged.status).to.equal(422);

    clock.advance(61_000);
    const late = await (await wholeBrowser()).get(link);
    expect(late.status).to.equal(422);
    expect(late.text).to.contain('has expired');
  });

  it('when finance tries to impersonate, then it is refused and nothing is audited; a missing reason starts nothing', async () => {
    const customer = await createCustomer();
    const finance = await staffBrowser(await createStaff('finance'));
    expectForbidden(await apiAction(finance, 'customers', 'impersonate', { recordId: customer.id, payload: { reason: 'Just looking around' } }));

    const support = await staffBrowser(await createStaff('support'));
    const missing = await apiAction(support, 'customers', 'impersonate', { recordId: customer.id, payload: { reason: ' ' } });
    expect(missing.body.notice?.message).to.match(/^invalidActionInput: reason/);
    expect((missing.body as { redirectUrl?: string }).redirectUrl).to.equal(undefined);
    expect(await AuditLog.count({ where: { action: 'customer.impersonation_started' } })).to.equal(0);
  });

  it('when the staff member lost the support role before using the link, then the portal refuses it', async () => {
    const staff = await createStaff('support');
    const customer = await createCustomer();
    const agent = await staffBrowser(staff);
    const link = await startLink(agent, customer.id);
    await User.update({ role: 'finance' }, { where: { id: staff.id } });
    const res = await (await wholeBrowser()).get(link);
    expect(res.status).to.equal(403);
  });

  it('when an impersonation runs past an hour, then the portal ends it (audited) and goes back to the back office', async () => {
    const staff = await createStaff('support');
    const customer = await createCustomer();
    const agent = await staffBrowser(staff);
    await agent.get(await startLink(agent, customer.id));
    clock.advance(61 * 60_000);
    const res = await agent.get('/account');
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(`/admin/resources/customers/records/${customer.id}/show`);
    const ended = await AuditLog.findOne({ where: { action: 'customer.impersonation_ended' } });
    expect(ended!.after).to.deep.include({ ended: 'timed_out' });
  });
});

describe('back office: viewing the portal as a customer across hosts (ADMIN_HOST and ACCOUNT_HOST)', () => {
  const HOSTS = { ACCOUNT_HOST: 'account.ezscale.test', ADMIN_HOST: 'admin.ezscale.test' };
  let previous: ReturnType<typeof config>;
  let app: Express;

  before(async () => {
    previous = config();
    setConfig(loadConfig({ ...process.env, ...HOSTS }));
    app = await createApp({ surfaces: ['admin', 'account'] });
  });
  after(() => setConfig(previous));
  beforeEach(resetDatabase);

  it('when support starts on the admin host, then the link opens the account host, and returning goes back to the admin host', async () => {
    const staff = await createStaff('support');
    const customer = await createCustomer();
    const agent = request.agent(app);
    const onAdmin = (req: request.Test) => req.set('Host', HOSTS.ADMIN_HOST).set('X-Forwarded-For', '10.77.0.1');
    const onAccount = (req: request.Test) => req.set('Host', HOSTS.ACCOUNT_HOST).set('X-Forwarded-For', '10.77.0.1');

    const form = await onAdmin(agent.get('/admin/login'));
    await onAdmin(agent.post('/admin/login')).type('form').send({ _csrf: csrfOf(form.text), email: staff.email, password: TEST_PASSWORD }).expect(303);
    const challenge = await onAdmin(agent.get('/admin/login/two-factor'));
    await onAdmin(agent.post('/admin/login/two-factor')).type('form').send({ _csrf: csrfOf(challenge.text), code: currentTotp(TEST_TOTP_SECRET) }).expect(303);

    const started = await onAdmin(agent.post(`/admin/api/resources/customers/records/${customer.id}/impersonate`)).field({ reason: 'Check the invoice page' });
    const link = (started.body as { redirectUrl?: string }).redirectUrl!;
    expect(link).to.match(/^https?:\/\/account\.ezscale\.test\/account\/impersonation\/start\?token=/);

    const url = new URL(link);
    expect((await onAccount(agent.get(`${url.pathname}${url.search}`))).headers.location).to.equal('/account');
    const page = await onAccount(agent.get('/account'));
    expect(page.text).to.contain('You are viewing as');
    const back = await onAccount(agent.post('/account/impersonation/stop')).type('form').send({ _csrf: csrfFrom(page.text)! });
    expect(back.headers.location).to.match(new RegExp(`^https?://admin\\.ezscale\\.test/admin/resources/customers/records/${customer.id}/show$`));
  });
});
