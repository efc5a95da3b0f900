import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { createApiToken } from '../../../src/auth/api-tokens/create-api-token.js';
import { sequelize } from '../../../src/db/sequelize.js';
import { systemCtx } from '../../../src/lib/context.js';
import { Notification, Passkey, TicketAttachment, TicketReply, type ApiToken, type Order, type PaymentMethod, type Ticket } from '../../../src/models/index.js';
import { createPaymentMethod } from '../../factories/billing.js';
import { createOrder } from '../../factories/commerce.js';
import { createTicket } from '../../factories/support.js';
import { resetDatabase } from '../../support/db.js';
import { createAccountWithData, portalRoutes, signedIn, tokenOf, type Account, type Agent } from './support.js';

/** Everything the other customer owns that a portal route takes an id of. */
interface Theirs extends Account {
  ticket: Ticket;
  attachmentId: number;
  paymentMethod: PaymentMethod;
  notificationId: number;
  apiToken: ApiToken;
  passkeyId: number;
  sessionHandle: string;
  order: Order;
}

/**
 * A route that takes an id, tried with the other customer's: it answers 404 (GETs after following a
 * redirect to the canonical page), or, where `refused` says so, sends the customer back to their own
 * page with that message.
 */
interface ByIdProbe {
  route: string;
  url: (t: Theirs) => string;
  body?: Record<string, string>;
  multipart?: boolean;
  refused?: { location: string; message: string };
}

const BY_ID: ByIdProbe[] = [
  { route: 'POST /account/notifications/:id/read', url: (t) => `/account/notifications/${t.notificationId}/read`, body: { open: '1' } },
  { route: 'GET /account/tickets/:number', url: (t) => `/account/tickets/${t.ticket.number}` },
  { route: 'POST /account/tickets/:number/replies', url: (t) => `/account/tickets/${t.ticket.number}/replies`, body: { message: 'Hijacked reply' }, multipart: true },
  { route: 'POST /account/tickets/:number/close', url: (t) => `/account/tickets/${t.ticket.number}/close` },
  { route: 'POST /account/tickets/:number/reopen', url: (t) => `/account/tickets/${t.ticket.number}/reopen` },
  { route: 'GET /account/tickets/:number/attachments/:id', url: (t) => `/account/tickets/${t.ticket.number}/attachments/${t.attachmentId}` },
  { route: 'POST /account/security/passkeys/:id/delete', url: (t) => `/account/security/passkeys/${t.passkeyId}/delete` },
  // NOTE: a session handle is looked up among the signed-in user's own sessions and said to have ended, as one that
  // ended a moment ago (a second click) is: handles name no customer.
  { route: 'POST /account/security/sessions/:handle/revoke', url: (t) => `/account/security/sessions/${t.sessionHandle}/revoke`, refused: { location: '/account/security#sessions', message: 'That session has already ended.' } },
  { route: 'POST /account/api-tokens/:id/revoke', url: (t) => `/account/api-tokens/${t.apiToken.id}/revoke` },
  { route: 'GET /account/invoices/:id(\\d+)', url: (t) => `/account/invoices/${t.invoice.id}` },
  { route: 'GET /account/services/:id', url: (t) => `/account/services/${t.service.id}` },
  { route: 'POST /account/services/:id/credentials', url: (t) => `/account/services/${t.service.id}/credentials`, body: { password: 'correct horse battery staple' } },
  { route: 'POST /account/services/:id/power', url: (t) => `/account/services/${t.service.id}/power`, body: { action: 'shutdown', submission: '6f1c1a43-6a0e-4c39-9b39-2f0e8a4f3c31' } },
  { route: 'POST /account/services/:id/reinstall', url: (t) => `/account/services/${t.service.id}/reinstall`, body: { os: '1', confirm: 'on', submission: '6f1c1a43-6a0e-4c39-9b39-2f0e8a4f3c32' } },
  { route: 'POST /account/services/:id/reset-password', url: (t) => `/account/services/${t.service.id}/reset-password`, body: { submission: '6f1c1a43-6a0e-4c39-9b39-2f0e8a4f3c33' } },
  { route: 'GET /account/billing/invoices/:id', url: (t) => `/account/billing/invoices/${t.invoice.id}` },
  { route: 'GET /account/billing/invoices/:id/pay', url: (t) => `/account/billing/invoices/${t.invoice.id}/pay` },
  { route: 'GET /account/billing/invoices/:id/paypal/return', url: (t) => `/account/billing/invoices/${t.invoice.id}/paypal/return?token=ORDER-X` },
  { route: 'POST /account/billing/invoices/:id/pay', url: (t) => `/account/billing/invoices/${t.invoice.id}/pay`, body: { gateway: 'bank_transfer' } },
  { route: 'GET /account/billing/invoices/:id/pdf', url: (t) => `/account/billing/invoices/${t.invoice.id}/pdf` },
  { route: 'POST /account/billing/payment-methods/:id/default', url: (t) => `/account/billing/payment-methods/${t.paymentMethod.id}/default` },
  { route: 'POST /account/billing/payment-methods/:id/remove', url: (t) => `/account/billing/payment-methods/${t.paymentMethod.id}/remove` },
  { route: 'GET /account/subscriptions/:id', url: (t) => `/account/subscriptions/${t.subscription.id}` },
  { route: 'GET /account/subscriptions/:id/change', url: (t) => `/account/subscriptions/${t.subscription.id}/change` },
  { route: 'GET /account/subscriptions/:id/change/preview', url: (t) => `/account/subscriptions/${t.subscription.id}/change/preview?planId=${t.subscription.planId}&cycle=annual` },
  { route: 'POST /account/subscriptions/:id/change', url: (t) => `/account/subscriptions/${t.subscription.id}/change`, body: { planId: '1', cycle: 'annual', submission: '6f1c1a43-6a0e-4c39-9b39-2f0e8a4f3c34' } },
  { route: 'POST /account/subscriptions/:id/cancel', url: (t) => `/account/subscriptions/${t.subscription.id}/cancel`, body: { mode: 'immediately', reason: 'x' } },
  { route: 'POST /account/subscriptions/:id/undo-cancel', url: (t) => `/account/subscriptions/${t.subscription.id}/undo-cancel` },
  { route: 'GET /account/order/placed/:number', url: (t) => `/account/order/placed/${t.order.number}` },
];

const SUBMISSION = '6f1c1a43-6a0e-4c39-9b39-2f0e8a4f3c40';

/** Every form of /account, posted without its token, with fields that would change something of the signed-in customer's. */
function csrfForms(m: Account & { paymentMethodId: number; notificationId: number; apiTokenId: number }): Array<[string, Record<string, string>]> {
  const sub = `/account/subscriptions/${m.subscription.id}`;
  const svc = `/account/services/${m.service.id}`;
  const password = 'correct horse battery staple';
  return [
    ['/account/notifications/read-all', {}],
    [`/account/notifications/${m.notificationId}/read`, {}],
    ['/account/tickets', { subject: 'No token', message: 'No token', priority: 'high' }],
    ['/account/tickets/T-000001/replies', { message: 'No token' }],
    ['/account/tickets/T-000001/close', {}],
    ['/account/tickets/T-000001/reopen', {}],
    ['/account/login', { email: 'x@example.test', password }],
    ['/account/logout', {}],
    ['/account/login/two-factor', { code: '123456' }],
    ['/account/login/passkey/options', { mode: 'passwordless' }],
    ['/account/login/passkey', { response: '{}' }],
    ['/account/register', { email: 'new@example.test', password: 'a long enough password', firstName: 'A', lastName: 'B', country: 'US' }],
    ['/account/verify-email/resend', {}],
    ['/account/forgot-password', { email: 'x@example.test' }],
    ['/account/reset-password', { token: 'x'.repeat(43), password: 'a long enough password', passwordConfirm: 'a long enough password' }],
    ['/account/confirm-password', { password }],
    ['/account/security/password', { currentPassword: password, newPassword: 'another long password', newPasswordConfirm: 'another long password' }],
    ['/account/security/two-factor/setup', {}],
    ['/account/security/two-factor/enable', { code: '123456' }],
    ['/account/security/two-factor/disable', { password }],
    ['/account/security/recovery-codes', { password }],
    ['/account/security/passkeys/options', {}],
    ['/account/security/passkeys', { response: '{}' }],
    ['/account/security/passkeys/1/delete', {}],
    ['/account/security/passwordless', { enabled: 'true' }],
    ['/account/security/sessions/0123456789abcdef0123456789abcdef/revoke', {}],
    ['/account/security/sessions/revoke-others', {}],
    ['/account/api-tokens', { name: 'No token', expires: '30' }],
    [`/account/api-tokens/${m.apiTokenId}/revoke`, {}],
    [`${svc}/credentials`, { password }],
    [`${svc}/power`, { action: 'shutdown', submission: SUBMISSION }],
    [`${svc}/reinstall`, { os: '1', confirm: 'on', submission: SUBMISSION }],
    [`${svc}/reset-password`, { submission: SUBMISSION }],
    ['/account/billing/payment-methods/add', {}],
    [`/account/billing/payment-methods/${m.paymentMethodId}/default`, {}],
    [`/account/billing/payment-methods/${m.paymentMethodId}/remove`, {}],
    [`/account/billing/invoices/${m.invoice.id}/pay`, { gateway: 'bank_transfer' }],
    [`${sub}/change`, { planId: String(m.subscription.planId), cycle: 'annual', submission: SUBMISSION }],
    [`${sub}/cancel`, { mode: 'immediately', reason: 'No token' }],
    [`${sub}/undo-cancel`, {}],
    ['/account/profile', { company: 'Hijacked', currency: 'EUR' }],
    ['/account/order/quote', { plan: 'x', cycle: 'monthly' }],
    ['/account/order', { plan: 'x', cycle: 'monthly', nonce: SUBMISSION }],
  ];
}

/** The route pattern a concrete form URL belongs to (`/account/services/7/power` -> `POST /account/services/:id/power`). */
function routeOf(routes: string[], url: string): string | undefined {
  return routes.find((r) => {
    const [method, pattern] = r.split(' ');
    if (method !== 'POST') return false;
    const source = pattern!.replace(/:[a-z]+(\([^)]*\))?/gi, '[^/]+');
    return new RegExp(`^${source}$`).test(url);
  });
}

/** Every row of every table but the session store, to prove a request changed nothing. */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const s = sequelize();
  const tables = (await s.getQueryInterface().showAllTables()).map((t) => (typeof t === 'string' ? t : (t as { tableName: string }).tableName));
  const out: Record<string, unknown[]> = {};
  for (const table of tables.filter((t) => t !== 'sessions').sort()) {
    const quoted = s.getDialect() === 'sqlite' ? `"${table}"` : `\`${table}\``;
    out[table] = await s.query(`SELECT * FROM ${quoted} ORDER BY 1`, { type: QueryTypes.SELECT });
  }
  return out;
}

describe("portal e2e: another customer's ids", function () {
  this.timeout(120_000);
  let mine: Account;
  let theirs: Theirs;
  let agent: Agent;

  before(async () => {
    await resetDatabase();
    mine = await createAccountWithData('mine');
    const account = await createAccountWithData('theirs');
    const ticket = await createTicket({ customer: account.customer, subject: 'Ticket theirs' });
    const reply = await TicketReply.findOne({ where: { ticketId: ticket.id }, rejectOnEmpty: true });
    const attachment = await TicketAttachment.create({ ticketId: ticket.id, replyId: reply.id, originalName: 'theirs.log', storedName: 'theirs-stored.log', contentType: 'text/plain', sizeBytes: 5, sha256: '0'.repeat(64) });
    const userId = account.customer.userId;
    const notification = await Notification.create({ userId, type: 'ticket.replied', title: 'Notification theirs', url: '/account/tickets' });
    const { record: apiToken } = await createApiToken({ userId, name: 'Token theirs', abilities: ['read'], expiresAt: null }, systemCtx());
    const passkey = await Passkey.create({ userId, credentialId: 'cred-theirs', publicKey: 'key-theirs', name: 'Passkey theirs' });
    // NOTE: the handle of one of their sessions, as their own security page lists it to their other session.
    await signedIn(account.customer);
    const security = (await (await signedIn(account.customer)).get('/account/security')).text;
    const sessionHandle = /\/account\/security\/sessions\/([^/"]+)\/revoke/.exec(security)?.[1];
    if (!sessionHandle) throw new Error('no other session listed');
    theirs = {
      ...account,
      ticket,
      attachmentId: attachment.id,
      paymentMethod: await createPaymentMethod({ customer: account.customer }, 'default'),
      notificationId: notification.id,
      apiToken,
      passkeyId: passkey.id,
      sessionHandle,
      order: await createOrder({ customer: account.customer }),
    };
    agent = await signedIn(mine.customer);
  });

  /** No data of theirs in `text`; what the customer typed in the URL (an order number) may be echoed back. */
  function expectNothingOfTheirs(text: string, url = ''): void {
    for (const secret of ['host-theirs', 'Plan theirs', 'Line theirs', 'Company theirs', 'Ticket theirs', 'theirs.log', 'Token theirs', 'Passkey theirs', 'Notification theirs', theirs.invoice.number!, theirs.order.number]) {
      if (!url.includes(secret)) expect(text).not.to.contain(secret);
    }
  }

  it('when the portal routes are listed, then every route that takes an id is tried below and every form is in the CSRF list', async () => {
    const routes = await portalRoutes();
    const withId = routes.filter((r) => r.includes('/:'));
    expect(withId.filter((r) => !BY_ID.some((p) => p.route === r)), 'routes with an id missing from BY_ID').to.deep.equal([]);
    expect(BY_ID.map((p) => p.route).filter((r) => !routes.includes(r)), 'BY_ID entries the portal no longer has').to.deep.equal([]);
    const forms = csrfForms({ ...mine, paymentMethodId: 1, notificationId: 1, apiTokenId: 1 }).map(([url]) => routeOf(routes, url));
    expect(routes.filter((r) => r.startsWith('POST ') && !forms.includes(r)), 'forms missing from the CSRF list').to.deep.equal([]);
  });

  it("when a customer tries every route that takes an id with another customer's ids, then each answers 404 (or says it is not found) with none of their data, and nothing changes", async () => {
    const _csrf = await tokenOf(agent, '/account/profile');
    const before = await snapshot();
    for (const probe of BY_ID) {
      const url = probe.url(theirs);
      const [method] = probe.route.split(' ');
      let res;
      if (method === 'GET') res = await agent.get(url).redirects(2);
      else if (probe.multipart) res = await agent.post(`${url}?_csrf=${encodeURIComponent(_csrf)}`).field('message', probe.body?.message ?? '');
      else res = await agent.post(url).type('form').send({ _csrf, ...probe.body });
      if (probe.refused) {
        expect(res.status, probe.route).to.equal(303);
        expect(res.headers.location, probe.route).to.equal(probe.refused.location);
        const shown = await agent.get(probe.refused.location);
        expect(shown.text, probe.route).to.contain(probe.refused.message);
        expectNothingOfTheirs(shown.text);
      } else {
        expect(res.status, probe.route).to.equal(404);
      }
      expectNothingOfTheirs(res.text ?? '', url);
    }
    const after = await snapshot();
    for (const table of Object.keys(before)) expect(after[table], table).to.deep.equal(before[table]);
  });

  it("when a customer lists invoices, services, subscriptions, tickets, notifications, payment methods and tokens, then none of another customer's rows appear", async () => {
    const lists = ['/account', '/account/services', '/account/billing/invoices', '/account/billing/payments', '/account/billing/payment-methods', '/account/billing/renewals', '/account/subscriptions', '/account/profile', '/account/tickets', '/account/notifications', '/account/api-tokens', '/account/security'];
    for (const path of lists) {
      const res = await agent.get(path);
      expect(res.status, path).to.equal(200);
      expectNothingOfTheirs(res.text);
    }
  });

  it('when a customer asks for a non-numeric id, then it answers 404', async () => {
    expect((await agent.get('/account/billing/invoices/abc')).status).to.equal(404);
    expect((await agent.get('/account/services/1e3')).status).to.equal(404);
    expect((await agent.get('/account/subscriptions/1e3/change')).status).to.equal(404);
  });
});

describe('portal e2e: forms without their CSRF token', function () {
  this.timeout(120_000);

  it('when every portal form is posted without its CSRF token, then each answers 403 and no row anywhere changes', async () => {
    await resetDatabase();
    const mine = await createAccountWithData('mine');
    await createTicket({ customer: mine.customer, subject: 'Ticket mine' });
    const userId = mine.customer.userId;
    const notification = await Notification.create({ userId, type: 'ticket.replied', title: 'Notification mine', url: '/account/tickets' });
    const { record: apiToken } = await createApiToken({ userId, name: 'Token mine', abilities: ['read'], expiresAt: null }, systemCtx());
    const method = await createPaymentMethod({ customer: mine.customer });
    const agent = await signedIn(mine.customer);
    const forms = csrfForms({ ...mine, paymentMethodId: method.id, notificationId: notification.id, apiTokenId: apiToken.id });
    const before = await snapshot();
    for (const [path, fields] of forms) {
      const res = await agent.post(path).type('form').send(fields);
      expect(res.status, path).to.equal(403);
      const forged = await agent.post(path).set('Accept', 'application/json').send({ ...fields, _csrf: 'forged' });
      expect(forged.status, `${path} (forged token)`).to.equal(403);
      expect(forged.body.code, `${path} (forged token)`).to.equal('csrf_invalid');
    }
    const after = await snapshot();
    for (const table of Object.keys(before)) expect(after[table], table).to.deep.equal(before[table]);
    expect((await agent.get('/account/profile')).status).to.equal(200);
  });
});
