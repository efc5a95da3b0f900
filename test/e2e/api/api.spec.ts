import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { createApiToken } from '../../../src/auth/api-tokens/create-api-token.js';
import { clock } from '../../../src/lib/clock.js';
import { systemCtx } from '../../../src/lib/context.js';
import { ApiToken, AuditLog, ProvisioningTask, Subscription, Ticket } from '../../../src/models/index.js';
import { createInvoice } from '../../factories/billing.js';
import { createPlan } from '../../factories/catalog.js';
import { createService, createSubscription } from '../../factories/commerce.js';
import { createCustomer, createStaff } from '../../factories/identity.js';
import { createDepartment } from '../../factories/support.js';
import { resetDatabase } from '../../support/db.js';
import { buildTestApp } from '../../support/http.js';
import { createPaidSubscription, createPanelPlan, payAndProvision, runProvisioning, startPanels, stopPanels, type Panels } from '../../integration/provisioning/orchestration/support.js';
import { createAccountWithData, signedIn, tokenOf, type Account } from '../portal/support.js';

async function tokenFor(userId: number, abilities: string[], expiresAt: Date | null = null): Promise<string> {
  return (await createApiToken({ userId, name: 'test', abilities, expiresAt }, systemCtx())).token;
}

describe('REST API /api/v1', function () {
  this.timeout(60_000);
  let app: Express;
  let mine: Account;
  let theirs: Account;
  let readToken: string;
  let writeToken: string;

  before(async () => {
    app = await buildTestApp({ surfaces: ['api', 'account'] });
  });

  beforeEach(async () => {
    await resetDatabase();
    mine = await createAccountWithData('mine');
    theirs = await createAccountWithData('theirs');
    readToken = await tokenFor(mine.customer.userId, ['read']);
    writeToken = await tokenFor(mine.customer.userId, ['read', 'write']);
  });

  const get = (path: string, token?: string) => {
    const r = request(app).get(`/api/v1${path}`);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  };
  const post = (path: string, token: string, body: object, key?: string) => {
    const r = request(app).post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body);
    return key ? r.set('Idempotency-Key', key) : r;
  };

  describe('authentication', () => {
    it('when no token, a malformed one or an unknown one is sent, then it answers 401 problem+json and no data', async () => {
      for (const token of [undefined, 'nope', 'ezs_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB']) {
        const res = await get('/invoices', token);
        expect(res.status).to.equal(401);
        expect(res.type).to.equal('application/problem+json');
        expect(res.body.code).to.equal('invalid_token');
        expect(res.text).not.to.contain('Line mine');
      }
    });

    it('when a token is revoked or expired, or its account is suspended, then it is refused', async () => {
      const revoked = await tokenFor(mine.customer.userId, ['read']);
      await ApiToken.update({ revokedAt: clock.now() }, { where: { tokenPrefix: revoked.slice(4, 16) } });
      expect((await get('/me', revoked)).status).to.equal(401);

      const expiring = await tokenFor(mine.customer.userId, ['read'], new Date(clock.now().getTime() + 1000));
      await ApiToken.update({ expiresAt: new Date(clock.now().getTime() - 1000) }, { where: { tokenPrefix: expiring.slice(4, 16) } });
      expect((await get('/me', expiring)).status).to.equal(401);

      const later = await createCustomer();
      const token = await tokenFor(later.userId, ['read']);
      expect((await get('/me', token)).status).to.equal(200);
      await later.update({ status: 'suspended' });
      expect((await get('/me', token)).status).to.equal(401);
    });

    it('when a token is used, then /me names its owner and the token records when it was last used', async () => {
      const res = await get('/me', readToken);
      expect(res.status).to.equal(200);
      expect(res.body.data.customer.id).to.equal(mine.customer.id);
      expect(res.body.data.token.abilities).to.deep.equal(['read']);
      const row = await ApiToken.findOne({ where: { tokenPrefix: readToken.slice(4, 16) } });
      expect(row?.lastUsedAt).to.be.instanceOf(Date);
    });

    it('when a token asks for a path the API does not have, then it answers a problem+json 404', async () => {
      const res = await get('/no-such-thing', readToken);
      expect(res.status).to.equal(404);
      expect(res.body).to.include({ code: 'route_not_found', status: 404 });
    });

    it('when the OpenAPI document is asked for, then it lists the routes without a token', async () => {
      const res = await request(app).get('/api/v1/openapi.json');
      expect(res.status).to.equal(200);
      expect(res.body.openapi).to.equal('3.1.0');
      expect(Object.keys(res.body.paths)).to.include.members(['/services', '/invoices/{id}/pdf', '/tickets', '/admin/services/{id}/suspend']);
    });
  });

  describe('customer records', () => {
    it("when a customer lists invoices and services, then only their own appear, with amounts in minor units and decimals", async () => {
      const invoices = await get('/invoices', readToken);
      expect(invoices.status).to.equal(200);
      expect(invoices.body.data.map((i: { id: number }) => i.id)).to.deep.equal([mine.invoice.id]);
      expect(invoices.body.data[0].total).to.deep.equal({ minor: mine.invoice.totalMinor, decimal: (mine.invoice.totalMinor / 100).toFixed(2), currency: mine.invoice.currency });
      expect(invoices.body.meta).to.deep.equal({ page: 1, per_page: 25, total: 1 });

      const services = await get('/services', readToken);
      expect(services.body.data.map((s: { hostname: string }) => s.hostname)).to.deep.equal(['host-mine.example.test']);
    });

    it("when a customer asks for another customer's invoice, PDF, service, subscription or ticket, then each answers 404", async () => {
      const ticket = await Ticket.create({ number: 'T-900001', customerId: theirs.customer.id, departmentId: (await createDepartment()).id, subject: 'Theirs' });
      for (const path of [`/invoices/${theirs.invoice.id}`, `/invoices/${theirs.invoice.id}/pdf`, `/services/${theirs.service.id}`, `/tickets/${ticket.id}`, `/bandwidth?service_id=${theirs.service.id}`]) {
        const res = await get(path, readToken);
        expect(res.status, path).to.equal(404);
        expect(res.text).not.to.contain('theirs');
      }
      const cancel = await post(`/subscriptions/${theirs.subscription.id}/cancel`, writeToken, { reason: 'not mine' });
      expect(cancel.status).to.equal(404);
      expect((await Subscription.findByPk(theirs.subscription.id))?.cancelAtPeriodEnd).to.equal(false);
    });

    it('when a customer downloads an invoice PDF, then it is a PDF named after the invoice', async () => {
      const res = await get(`/invoices/${mine.invoice.id}/pdf`, readToken).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(res.status).to.equal(200);
      expect(res.type).to.equal('application/pdf');
      expect((res.body as Buffer).subarray(0, 5).toString()).to.equal('%PDF-');
      expect(res.headers['content-disposition']).to.contain(`${mine.invoice.number}.pdf`);
    });

    it('when bad paging or filters are sent, then it answers 422 naming the field', async () => {
      const res = await get('/invoices?per_page=500', readToken);
      expect(res.status).to.equal(422);
      expect(res.body.details.errors[0].path).to.equal('per_page');
      expect((await get('/invoices?status=draft', readToken)).status).to.equal(422);
    });
  });

  describe('changes', () => {
    it('when a read-only token tries a change, then it answers 403 and nothing changes', async () => {
      const res = await post(`/subscriptions/${mine.subscription.id}/cancel`, readToken, { reason: 'Too expensive' });
      expect(res.status).to.equal(403);
      expect(res.body.code).to.equal('ability_missing');
      expect((await Subscription.findByPk(mine.subscription.id))?.cancelAtPeriodEnd).to.equal(false);
    });

    it('when a cancellation at period end is sent twice with one Idempotency-Key, then it is scheduled once and the retry is a replay', async () => {
      const first = await post(`/subscriptions/${mine.subscription.id}/cancel`, writeToken, { reason: 'Moving on' }, 'cancel-1');
      const second = await post(`/subscriptions/${mine.subscription.id}/cancel`, writeToken, { reason: 'Moving on' }, 'cancel-1');
      expect([first.status, second.status]).to.deep.equal([200, 200]);
      expect(first.body.data.cancel_at_period_end).to.equal(true);
      expect(second.headers['idempotent-replayed']).to.equal('true');
      expect(await AuditLog.count({ where: { entityType: 'subscription', entityId: mine.subscription.id } })).to.be.at.most(1);

      const conflicting = await post(`/subscriptions/${mine.subscription.id}/cancel`, writeToken, { reason: 'Other reason' }, 'cancel-1');
      expect(conflicting.status).to.equal(409);
    });

    it('when a cancellation has no reason, then it answers 422 and the subscription is unchanged', async () => {
      const res = await post(`/subscriptions/${mine.subscription.id}/cancel`, writeToken, { mode: 'immediately' });
      expect(res.status).to.equal(422);
      expect((await Subscription.findByPk(mine.subscription.id))?.status).to.equal(mine.subscription.status);
    });

    it('when a ticket is opened twice at once with one Idempotency-Key, then one ticket exists, opened through the API', async () => {
      const department = await createDepartment();
      const body = { department_id: department.id, subject: 'Server slow', message: 'Since this morning.', service_id: mine.service.id };
      const [a, b] = await Promise.all([post('/tickets', writeToken, body, 'ticket-1'), post('/tickets', writeToken, body, 'ticket-1')]);
      const statuses = [a.status, b.status].sort();
      expect(statuses[0]).to.equal(201);
      expect([201, 409]).to.include(statuses[1]);
      const tickets = await Ticket.findAll({ where: { customerId: mine.customer.id } });
      expect(tickets.map((t) => [t.subject, t.openedVia])).to.deep.equal([['Server slow', 'api']]);
      const again = await post('/tickets', writeToken, body, 'ticket-1');
      expect(again.status).to.equal(201);
      expect(again.body.data.id).to.equal(tickets[0]!.id);
      expect(await Ticket.count()).to.equal(1);
    });

    it("when a ticket names another customer's service, then it answers 422 and no ticket is opened", async () => {
      const department = await createDepartment();
      const res = await post('/tickets', writeToken, { department_id: department.id, subject: 'x', message: 'y', service_id: theirs.service.id });
      expect(res.status).to.equal(422);
      expect(await Ticket.count()).to.equal(0);
    });
  });

  describe('power actions on a panel', () => {
    let panels: Panels | undefined;
    beforeEach(async () => {
      panels = await startPanels();
    });
    afterEach(async () => {
      await stopPanels(panels);
    });

    it('when a customer restarts their VPS, then the panel gets one restart; a suspended service or an unknown action is refused', async () => {
      const subscription = await createPaidSubscription(await createPanelPlan('virtfusion'));
      const service = await payAndProvision(subscription);
      await runProvisioning();
      const token = await tokenFor(subscription.customer!.userId, ['read', 'write']);

      const res = await post(`/services/${service.id}/power`, token, { action: 'restart' });
      expect(res.status).to.equal(202);
      expect(panels!.virtfusion.state.powerActions.map((p) => p.action)).to.deep.equal(['restart']);

      expect((await post(`/services/${service.id}/power`, token, { action: 'explode' })).status).to.equal(422);
      expect((await post(`/services/${service.id}/power`, writeToken, { action: 'boot' })).status).to.equal(404);
      expect(panels!.virtfusion.state.powerActions).to.have.length(1);
    });
  });

  describe('staff tokens', () => {
    it('when a support token searches customers and suspends a service, then the suspension is queued once per key and audited', async () => {
      const support = await createStaff('support');
      const token = await tokenFor(support.id, ['admin:read', 'admin:write']);
      const found = await get(`/admin/customers?q=${encodeURIComponent('Company mine')}`, token);
      expect(found.status).to.equal(200);
      expect(found.body.data.map((c: { id: number }) => c.id)).to.deep.equal([mine.customer.id]);

      const service = await createService({ subscription: await createSubscription({ customer: mine.customer }) }, 'active');
      const first = await post(`/admin/services/${service.id}/suspend`, token, { reason: 'Abuse report' }, 'suspend-1');
      const second = await post(`/admin/services/${service.id}/suspend`, token, { reason: 'Abuse report' }, 'suspend-1');
      expect([first.status, second.status]).to.deep.equal([202, 202]);
      expect(await ProvisioningTask.count({ where: { serviceId: service.id, action: 'suspend' } })).to.equal(1);
      expect(await AuditLog.count({ where: { action: 'service.suspend_requested', entityId: service.id } })).to.equal(1);
    });

    it('when a finance token tries to suspend, or a customer token reaches /admin, then it is refused and nothing is queued', async () => {
      const finance = await createStaff('finance');
      const token = await tokenFor(finance.id, ['admin:read', 'admin:write']);
      const refused = await post(`/admin/services/${mine.service.id}/suspend`, token, { reason: 'x' });
      expect(refused.status).to.equal(403);
      expect(refused.body.code).to.equal('role_forbidden');
      expect((await get('/admin/customers', writeToken)).status).to.equal(403);
      expect(await ProvisioningTask.count({ where: { action: 'suspend' } })).to.equal(0);
    });

    it('when a customer asks for a staff ability, then the token is not created', async () => {
      let code = '';
      try {
        await createApiToken({ userId: mine.customer.userId, name: 'sneaky', abilities: ['admin:read'] }, systemCtx());
      } catch (err) {
        code = (err as { code: string }).code;
      }
      expect(code).to.equal('api_token_abilities_invalid');
      expect(await ApiToken.count({ where: { name: 'sneaky' } })).to.equal(0);
    });
  });

  describe('portal page', () => {
    it('when a customer creates a token in the portal, then it is shown once, works, and stops working once revoked', async () => {
      const agent = await signedIn(mine.customer);
      const created = await agent.post('/account/api-tokens').type('form').send({ _csrf: await tokenOf(agent, '/account/api-tokens'), name: 'Monitoring', expires: '30' });
      expect(created.status).to.equal(303);
      const page = await agent.get('/account/api-tokens');
      const token = /ezs_[A-Za-z0-9]{12}_[A-Za-z0-9]{32}/.exec(page.text)?.[0];
      expect(token, 'the new token is on the page').to.be.a('string');
      expect((await agent.get('/account/api-tokens')).text).not.to.contain(token!);

      expect((await get('/invoices', token)).status).to.equal(200);
      expect((await post(`/subscriptions/${mine.subscription.id}/cancel`, token!, { reason: 'x' })).status).to.equal(403);

      const row = await ApiToken.findOne({ where: { name: 'Monitoring' } });
      const revoked = await agent.post(`/account/api-tokens/${row!.id}/revoke`).type('form').send({ _csrf: await tokenOf(agent, '/account/api-tokens') });
      expect(revoked.status).to.equal(303);
      expect((await get('/invoices', token)).status).to.equal(401);
    });

    it("when a customer tries to revoke another customer's token or posts without CSRF, then nothing changes", async () => {
      const agent = await signedIn(mine.customer);
      const theirToken = await tokenFor(theirs.customer.userId, ['read']);
      const row = await ApiToken.findOne({ where: { tokenPrefix: theirToken.slice(4, 16) } });
      const refused = await agent.post(`/account/api-tokens/${row!.id}/revoke`).type('form').send({ _csrf: await tokenOf(agent, '/account/api-tokens') });
      expect(refused.status).to.equal(404);
      expect((await get('/me', theirToken)).status).to.equal(200);
      const noCsrf = await agent.post('/account/api-tokens').type('form').send({ name: 'x' });
      expect(noCsrf.status).to.equal(403);
      expect(await ApiToken.count({ where: { userId: mine.customer.userId } })).to.equal(2);
    });
  });

  it("when a customer has two services, then both are listed and another customer's invoices are not", async () => {
    const plan = await createPlan({ name: 'Extra plan' }, 'game');
    const subscription = await createSubscription({ plan, customer: mine.customer });
    await createService({ subscription, hostname: 'game-mine.example.test' });
    await createInvoice({ customer: theirs.customer });
    const services = await get('/services', readToken);
    expect(services.body.data.map((s: { hostname: string }) => s.hostname).sort()).to.deep.equal(['game-mine.example.test', 'host-mine.example.test']);
    expect((await get('/invoices', readToken)).body.meta.total).to.equal(1);
  });
});
