import { expect } from 'chai';
import bcrypt from 'bcryptjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes, Sequelize } from 'sequelize';
import { authenticateWithPassword } from '../../../src/auth/authenticate-with-password.js';
import { systemCtx } from '../../../src/lib/context.js';
import { recurringTotal } from '../../../src/billing/catalog/configuration.js';
import { loadCurrentConfiguration } from '../../../src/billing/subscriptions/current-configuration.js';
import {
  Addon, AddonPrice, Customer, LedgerEntry, MailOutbox, OutboxMessage, Plan, PlanAddon, PlanPrice, Service, Subscription, SubscriptionAddon, Ticket, TicketDepartment, TicketReply, User,
  WhmcsImportMap,
} from '../../../src/models/index.js';
import { importWhmcs } from '../../../src/whmcs/import-whmcs.js';
import { openWhmcsSource, type WhmcsSource } from '../../../src/whmcs/source.js';
import { amountMinor } from '../../../src/whmcs/values.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';

const COLUMNS = JSON.parse(fs.readFileSync(path.resolve('test/fixtures/whmcs-8.4-columns.json'), 'utf8')) as { tables: Record<string, Array<[string, string]>> };

/** A WHMCS database in SQLite with the real 8.4.0 columns of the tables the importer reads (decimals kept as text, as MySQL sends them). */
async function whmcsDatabase(file: string): Promise<Sequelize> {
  const db = new Sequelize({ dialect: 'sqlite', storage: file, logging: false });
  for (const [table, columns] of Object.entries(COLUMNS.tables)) {
    const cols = columns.map(([name, type]) => `"${name}" ${name === 'id' ? 'INTEGER PRIMARY KEY' : /^(int|tinyint|smallint|bigint)/.test(type) ? 'INTEGER' : 'TEXT'}`);
    await db.query(`CREATE TABLE "${table}" (${cols.join(', ')})`);
  }
  return db;
}

async function insert(db: Sequelize, table: string, row: Record<string, unknown>): Promise<void> {
  const keys = Object.keys(row);
  await db.query(`INSERT INTO "${table}" (${keys.map((k) => `"${k}"`).join(', ')}) VALUES (${keys.map((k) => `:${k}`).join(', ')})`, { replacements: row, type: QueryTypes.INSERT });
}

const BCRYPT_WHMCS = bcrypt.hashSync('old-whmcs-pass', 4).replace(/^\$2[ab]\$/, '$2y$');

async function seedWhmcs(db: Sequelize): Promise<void> {
  await insert(db, 'tblcurrencies', { id: 1, code: 'USD', prefix: '$', suffix: ' USD', format: 1, rate: '1.00000', default: 1 });
  await insert(db, 'tblcurrencies', { id: 2, code: 'EUR', prefix: '€', suffix: ' EUR', format: 1, rate: '0.90000', default: 0 });
  await insert(db, 'tblcurrencies', { id: 3, code: 'BRL', prefix: 'R$', suffix: '', format: 1, rate: '5.00000', default: 0 });

  const client = { address2: '', phonenumber: '+1 555 0100', taxexempt: 0, status: 'Active', datecreated: '2021-03-04', credit: '0.00', tax_id: '', password: '' };
  await insert(db, 'tblclients', { ...client, id: 10, firstname: 'Ada', lastname: 'Lovelace', companyname: 'Analytical Ltd', email: 'ada@old.example', address1: '1 Engine St', city: 'London', state: '', postcode: 'N1', country: 'GB', currency: 1, credit: '12.50' });
  await insert(db, 'tblusers', { id: 100, first_name: 'Ada', last_name: 'Lovelace', email: 'ada@old.example', password: BCRYPT_WHMCS, email_verified_at: '2021-03-05 10:00:00' });
  await insert(db, 'tblusers_clients', { id: 1, auth_user_id: 100, client_id: 10, owner: 1 });
  await insert(db, 'tblclients', { ...client, id: 11, firstname: 'Old', lastname: 'Timer', companyname: '', email: 'old@old.example', address1: 'x', city: 'Paris', state: '', postcode: '75001', country: 'FR', currency: 2, password: 'd41d8cd98f00b204e9800998ecf8427e:ab' });
  await insert(db, 'tblclients', { ...client, id: 12, firstname: 'Real', lastname: 'Brazil', companyname: '', email: 'br@old.example', address1: 'x', city: 'Rio', state: '', postcode: '1', country: 'BR', currency: 3 });
  await insert(db, 'tblclients', { ...client, id: 13, firstname: 'Already', lastname: 'Here', companyname: '', email: 'taken@example.test', address1: 'x', city: 'x', state: '', postcode: '1', country: 'US', currency: 1 });

  const product = { description: 'Imported', hidden: 0, stockcontrol: 0, qty: 0, paytype: 'recurring', retired: 0, tax: 1, servertype: '' };
  await insert(db, 'tblproducts', { ...product, id: 1, type: 'other', name: 'VPS Small', servertype: 'virtfusion' });
  await insert(db, 'tblproducts', { ...product, id: 2, type: 'hostingaccount', name: 'Web Starter', servertype: 'cpanel', stockcontrol: 1, qty: 7 });
  await insert(db, 'tblproducts', { ...product, id: 3, type: 'other', name: 'Setup service', paytype: 'onetime' });
  const price = { type: 'product', msetupfee: '0.00', qsetupfee: '0.00', ssetupfee: '0.00', asetupfee: '0.00', bsetupfee: '0.00', tsetupfee: '0.00', biennially: '-1.00', triennially: '-1.00' };
  await insert(db, 'tblpricing', { ...price, id: 1, currency: 1, relid: 1, monthly: '9.99', quarterly: '28.50', semiannually: '-1.00', annually: '99.00', msetupfee: '5.00' });
  await insert(db, 'tblpricing', { ...price, id: 2, currency: 2, relid: 1, monthly: '8.99', quarterly: '-1.00', semiannually: '-1.00', annually: '-1.00' });
  await insert(db, 'tblpricing', { ...price, id: 3, currency: 1, relid: 2, monthly: '3.00', quarterly: '-1.00', semiannually: '-1.00', annually: '30.00' });

  const hosting = { orderid: 0, server: 4, paymentmethod: 'stripe', qty: 1, firstpaymentamount: '0.00', nextinvoicedate: '', termination_date: '0000-00-00', username: 'ada', suspendreason: '', assignedips: '' };
  await insert(db, 'tblhosting', { ...hosting, id: 500, userid: 10, packageid: 1, regdate: '2024-01-31', domain: 'vps1.ada.example', amount: '9.99', billingcycle: 'Monthly', nextduedate: '2026-12-31', domainstatus: 'Active', dedicatedip: '203.0.113.7', assignedips: '203.0.113.8\n203.0.113.9' });
  await insert(db, 'tblhosting', { ...hosting, id: 501, userid: 10, packageid: 2, regdate: '2023-05-01', domain: 'ada.example', amount: '30.00', billingcycle: 'Annually', nextduedate: '2027-05-01', domainstatus: 'Suspended', dedicatedip: '', suspendreason: 'Overdue on invoice 77' });
  await insert(db, 'tblhosting', { ...hosting, id: 502, userid: 10, packageid: 1, regdate: '2022-01-01', domain: '', amount: '200.00', billingcycle: 'Biennially', nextduedate: '2027-01-01', domainstatus: 'Active', dedicatedip: '' });
  await insert(db, 'tblhosting', { ...hosting, id: 503, userid: 12, packageid: 1, regdate: '2022-01-01', domain: '', amount: '9.99', billingcycle: 'Monthly', nextduedate: '2027-01-01', domainstatus: 'Active', dedicatedip: '' });

  const addon = { description: 'Kept seven days', hidden: 0, retired: 0, weight: 1, billingcycle: 'recurring', tax: 1, allowqty: 0 };
  await insert(db, 'tbladdons', { ...addon, id: 20, name: 'Daily backups', packages: '1,2' });
  await insert(db, 'tbladdons', { ...addon, id: 21, name: 'Licence transfer', packages: '1', billingcycle: 'onetime' });
  await insert(db, 'tbladdons', { ...addon, id: 22, name: 'Free monitoring', packages: '1', billingcycle: 'free', hidden: 1 });
  await insert(db, 'tblpricing', { ...price, id: 4, type: 'addon', currency: 1, relid: 20, monthly: '2.00', quarterly: '-1.00', semiannually: '-1.00', annually: '20.00' });
  await insert(db, 'tblpricing', { ...price, id: 5, type: 'addon', currency: 2, relid: 20, monthly: '1.80', quarterly: '-1.00', semiannually: '-1.00', annually: '-1.00' });
  const live = { orderid: 0, userid: 10, server: 0, name: '', qty: 1, firstpaymentamount: '0.00', setupfee: '0.00', tax: '', status: 'Active', regdate: '2024-02-01', nextinvoicedate: '', termination_date: '0000-00-00', paymentmethod: 'stripe', notes: '' };
  await insert(db, 'tblhostingaddons', { ...live, id: 700, hostingid: 500, addonid: 20, recurring: '2.00', billingcycle: 'Monthly', nextduedate: '2026-12-31' });
  await insert(db, 'tblhostingaddons', { ...live, id: 701, hostingid: 500, addonid: 22, recurring: '0.00', billingcycle: 'Free Account', nextduedate: null });
  await insert(db, 'tblhostingaddons', { ...live, id: 702, hostingid: 501, addonid: 20, recurring: '2.00', billingcycle: 'Monthly', nextduedate: '2026-12-01' });
  await insert(db, 'tblhostingaddons', { ...live, id: 703, hostingid: 500, addonid: 0, name: 'Custom firewall rules', recurring: '5.00', billingcycle: 'Monthly', nextduedate: '2026-12-31' });
  await insert(db, 'tblhostingaddons', { ...live, id: 704, hostingid: 500, addonid: 20, recurring: '2.00', billingcycle: 'Monthly', nextduedate: '2026-10-31', status: 'Cancelled' });
  await insert(db, 'tblhostingaddons', { ...live, id: 705, hostingid: 501, addonid: 20, recurring: '20.00', billingcycle: 'Annually', nextduedate: '2027-04-01' });

  const department = { email: 'help@old.example', clientsonly: '', piperepliesonly: '', noautoresponder: '', hidden: '', host: '', port: '', login: '', password: '', feedback_request: 0 };
  await insert(db, 'tblticketdepartments', { ...department, id: 1, name: 'Technical Support', description: 'Servers and panels', order: 1 });
  await insert(db, 'tblticketdepartments', { ...department, id: 2, name: 'Billing', description: 'Invoices', order: 2 });
  const ticket = { contactid: 0, requestor_id: 0, name: '', email: '', cc: '', c: '', ipaddress: '', admin: '', attachments_removed: 0, flag: 0, clientunread: 0, adminunread: '', replyingadmin: 0, replyingtime: '', service: '', merged_ticket_id: 0, editor: 'plain' };
  await insert(db, 'tbltickets', { ...ticket, id: 900, tid: 'ABC-123456', did: 1, userid: 10, date: '2026-10-01 09:00:00', title: 'Server will not boot', message: 'My VPS is stuck at the BIOS.', status: 'Answered', urgency: 'High', attachment: '123456_console.png', lastreply: '2026-10-01 10:30:00' });
  await insert(db, 'tbltickets', { ...ticket, id: 901, tid: 'GST-000001', did: 2, userid: 0, name: 'Guest', email: 'guest@else.example', date: '2026-10-02 09:00:00', title: 'Pre-sales', message: 'Do you sell GPUs?', status: 'Closed', urgency: 'Low', attachment: '', lastreply: '2026-10-02 09:00:00' });
  await insert(db, 'tbltickets', { ...ticket, id: 902, tid: 'BRL-000002', did: 2, userid: 12, date: '2026-10-03 09:00:00', title: 'Invoice', message: 'Wrong amount', status: 'Open', urgency: 'Medium', attachment: '', lastreply: '2026-10-03 09:00:00' });
  await insert(db, 'tbltickets', { ...ticket, id: 903, tid: 'ABC-654321', did: 2, userid: 10, date: '2026-09-01 08:00:00', title: 'Refund', message: 'Please refund the last invoice.', status: 'Closed', urgency: 'Medium', attachment: '', lastreply: '2026-09-02 12:00:00' });
  const reply = { userid: 0, contactid: 0, requestor_id: 0, name: '', email: '', attachment: '', attachments_removed: 0, rating: 0, editor: 'plain' };
  await insert(db, 'tblticketreplies', { ...reply, id: 1, tid: 900, admin: 'Grace Hopper', date: '2026-10-01 09:45:00', message: 'We reset the boot order; try again.', attachment: '654321_steps.pdf' });
  await insert(db, 'tblticketreplies', { ...reply, id: 2, tid: 900, userid: 10, admin: '', date: '2026-10-01 10:30:00', message: 'It boots now, thanks!' });
  await insert(db, 'tblticketreplies', { ...reply, id: 3, tid: 903, admin: 'Grace Hopper', date: '2026-09-02 12:00:00', message: 'Refunded to your card.' });
}

describe('WHMCS import', function () {
  this.timeout(60_000);
  let file: string;
  let db: Sequelize;
  let source: WhmcsSource;

  beforeEach(async () => {
    await resetDatabase();
    await createCustomer({ user: { email: 'taken@example.test' } });
    file = path.join(os.tmpdir(), `whmcs-${process.pid}-${Date.now()}.sqlite`);
    db = await whmcsDatabase(file);
    await seedWhmcs(db);
    source = openWhmcsSource(`sqlite:${file}`);
  });

  afterEach(async () => {
    await source.close();
    await db.close();
    fs.rmSync(file, { force: true });
  });

  it('when a WHMCS database is imported, then clients, plans and services exist with their details and what could not be imported is reported', async () => {
    const report = await importWhmcs(source, systemCtx());

    expect(report.counts).to.deep.equal({
      client: { imported: 2, already: 0 }, product: { imported: 2, already: 0 }, addon: { imported: 2, already: 0 },
      service: { imported: 2, already: 0 }, service_addon: { imported: 2, already: 0 },
      department: { imported: 2, already: 0 }, ticket: { imported: 2, already: 0 },
    });
    expect(report.problems.map((p) => `${p.entity} #${p.whmcsId}`)).to.deep.equal([
      'client #12', 'client #13', 'product #3', 'addon #21', 'service #502', 'service #503',
      'service_addon #702', 'service_addon #703', 'service_addon #704', 'service_addon #705', 'ticket #901', 'ticket #902',
    ]);
    expect(report.problems.find((p) => p.whmcsId === 13)?.reason).to.contain('taken@example.test');

    const ada = await Customer.findOne({ include: [{ model: User, as: 'user', where: { email: 'ada@old.example' } }] });
    expect(ada).to.include({ company: 'Analytical Ltd', billingCountry: 'GB', currency: 'USD', status: 'active', isBusiness: true });
    const adaUser = await User.unscoped().findByPk(ada!.userId);
    expect(adaUser).to.include({ firstName: 'Ada', legacyHashAlgo: 'bcrypt', passwordHash: null, legacyPasswordHash: BCRYPT_WHMCS });
    expect(Number(ada!.creditBalanceMinor)).to.equal(1250);
    expect(await LedgerEntry.count({ where: { customerId: ada!.id, kind: 'credit_grant' } })).to.equal(1);

    const vps = await Plan.findOne({ where: { name: 'VPS Small' }, include: [{ model: PlanPrice, as: 'prices' }] });
    expect(vps).to.include({ type: 'vps', driver: 'virtfusion', visibility: 'hidden' });
    expect(vps!.prices!.map((p) => `${p.cycle} ${p.currency} ${p.amountMinor} ${p.setupFeeMinor}`).sort()).to.deep.equal([
      'annual USD 9900 0',
      'monthly EUR 899 0',
      'monthly USD 999 500',
      'quarterly USD 2850 0',
    ]);
    expect(await Plan.findOne({ where: { name: 'Web Starter' } })).to.include({ type: 'web', driver: 'manual', stock: 7 });

    const subs = await Subscription.findAll({ where: { customerId: ada!.id }, order: [['id', 'ASC']] });
    expect(subs.map((s) => [s.status, s.cycle, s.priceMinor, s.currentPeriodEnd?.toISOString(), s.currentPeriodStart?.toISOString(), s.anchorDay])).to.deep.equal([
      ['active', 'monthly', 999, '2026-12-31T00:00:00.000Z', '2026-11-30T00:00:00.000Z', 31],
      ['suspended', 'annual', 3000, '2027-05-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z', 1],
    ]);
    const services = await Service.findAll({ where: { customerId: ada!.id }, order: [['id', 'ASC']] });
    expect(services.map((s) => [s.status, s.hostname, s.domain, s.ipAddresses])).to.deep.equal([
      ['active', 'vps1.ada.example', null, ['203.0.113.7', '203.0.113.8', '203.0.113.9']],
      ['suspended', null, 'ada.example', null],
    ]);
    expect(services[1]!.suspensionReason).to.equal('Overdue on invoice 77');
  });

  it('when WHMCS add-ons are imported, then they keep their prices and plans, and live service add-ons renew with their subscription; the rest is reported with the reason', async () => {
    const report = await importWhmcs(source, systemCtx());
    const reasons = Object.fromEntries(report.problems.filter((p) => p.entity.includes('addon')).map((p) => [`${p.entity} #${p.whmcsId}`, p.reason]));
    expect(reasons['addon #21']).to.equal('it is billed once, not with its service');
    expect(reasons['service_addon #702']).to.contain('billed "Monthly" while its service is billed annual');
    expect(reasons['service_addon #703']).to.contain('custom add-on');
    expect(reasons['service_addon #704']).to.equal('its status "Cancelled" is not imported');
    expect(reasons['service_addon #705']).to.contain('next due date (2027-04-01) is not its service\'s (2027-05-01)');

    const backups = await Addon.findOne({ where: { code: 'whmcs_20' }, include: [{ model: AddonPrice, as: 'prices' }], rejectOnEmpty: true });
    expect([backups.name, backups.active]).to.deep.equal(['Daily backups', true]);
    expect(backups.prices!.map((p) => `${p.cycle} ${p.currency} ${p.amountMinor}`).sort()).to.deep.equal(['annual USD 2000', 'monthly EUR 180', 'monthly USD 200']);
    const plans = await Plan.findAll({ where: { name: ['VPS Small', 'Web Starter'] }, order: [['name', 'ASC']] });
    expect((await PlanAddon.findAll({ where: { addonId: backups.id }, order: [['planId', 'ASC']] })).map((o) => o.planId)).to.deep.equal(plans.map((p) => p.id).sort((a, b) => a - b));
    const monitoring = await Addon.findOne({ where: { code: 'whmcs_22' }, rejectOnEmpty: true });
    expect(await PlanAddon.count({ where: { addonId: monitoring.id } })).to.equal(0);

    const vps = await Subscription.findOne({ where: { priceMinor: 999 }, rejectOnEmpty: true });
    const rows = await SubscriptionAddon.findAll({ where: { subscriptionId: vps.id }, order: [['id', 'ASC']] });
    expect(rows.map((r) => [r.addonId, r.status, Number(r.priceMinor), r.quantity])).to.deep.equal([[backups.id, 'active', 200, 1], [monitoring.id, 'active', 0, 1]]);
    const current = await loadCurrentConfiguration(vps);
    expect(recurringTotal(current.config).minor).to.equal(1199);
  });

  it('when WHMCS tickets are imported, then each client ticket keeps its conversation, dates, status and department, with a staff-only note; guest tickets are reported', async () => {
    const billing = await TicketDepartment.create({ name: 'Billing', slug: 'billing' });
    const report = await importWhmcs(source, systemCtx());
    expect(report.problems.find((p) => p.entity === 'ticket' && p.whmcsId === 901)?.reason).to.contain('guest');

    const technical = await TicketDepartment.findOne({ where: { name: 'Technical Support' }, rejectOnEmpty: true });
    expect([technical.slug, technical.active, await TicketDepartment.count({ where: { name: 'Billing' } })]).to.deep.equal(['technical-support', true, 1]);
    const ada = await Customer.findOne({ include: [{ model: User, as: 'user', where: { email: 'ada@old.example' } }], rejectOnEmpty: true });
    const tickets = await Ticket.findAll({ where: { customerId: ada.id }, order: [['createdAt', 'ASC']] });
    expect(tickets.map((t) => [t.subject, t.status, t.priority, t.departmentId, t.createdAt.toISOString(), t.lastReplyBy, t.lastReplyAt?.toISOString(), t.firstResponseAt?.toISOString()])).to.deep.equal([
      ['Refund', 'closed', 'normal', billing.id, '2026-09-01T08:00:00.000Z', 'staff', '2026-09-02T12:00:00.000Z', '2026-09-02T12:00:00.000Z'],
      ['Server will not boot', 'awaiting_customer', 'high', technical.id, '2026-10-01T09:00:00.000Z', 'customer', '2026-10-01T10:30:00.000Z', '2026-10-01T09:45:00.000Z'],
    ]);
    expect(tickets[0]!.closedAt?.toISOString()).to.equal('2026-09-02T12:00:00.000Z');
    expect(tickets.map((t) => t.number)).to.satisfy((numbers: string[]) => numbers.every((n) => /^T-\d{6,}$/.test(n)));
    const replies = await TicketReply.findAll({ where: { ticketId: tickets[1]!.id }, order: [['createdAt', 'ASC'], ['id', 'ASC']] });
    expect(replies.map((r) => [r.authorKind, r.authorId, r.internal, r.body, r.createdAt.toISOString()])).to.deep.equal([
      ['customer', ada.userId, false, 'My VPS is stuck at the BIOS.', '2026-10-01T09:00:00.000Z'],
      ['system', null, true, 'Imported from WHMCS ticket #ABC-123456. Its attachments stayed in WHMCS: console.png, steps.pdf.', '2026-10-01T09:00:00.000Z'],
      ['staff', null, false, 'We reset the boot order; try again.', '2026-10-01T09:45:00.000Z'],
      ['customer', ada.userId, false, 'It boots now, thanks!', '2026-10-01T10:30:00.000Z'],
    ]);
    expect(await OutboxMessage.count()).to.equal(0);
    expect(await MailOutbox.count()).to.equal(0);
  });

  it('when an imported client signs in with the WHMCS password, then it works once and the hash becomes argon2id', async () => {
    await importWhmcs(source, systemCtx());
    await authenticateWithPassword({ email: 'ada@old.example', password: 'old-whmcs-pass' }, systemCtx());
    const user = await User.unscoped().findOne({ where: { email: 'ada@old.example' } });
    expect(user!.legacyPasswordHash).to.equal(null);
    expect(user!.passwordHash).to.match(/^\$argon2id\$/);
  });

  it('when the import runs twice, then nothing is imported twice and the credit is granted once', async () => {
    await importWhmcs(source, systemCtx());
    const second = await importWhmcs(source, systemCtx());
    expect(second.counts).to.deep.equal({
      client: { imported: 0, already: 2 }, product: { imported: 0, already: 2 }, addon: { imported: 0, already: 2 },
      service: { imported: 0, already: 2 }, service_addon: { imported: 0, already: 2 },
      department: { imported: 0, already: 2 }, ticket: { imported: 0, already: 2 },
    });
    expect(await User.count({ where: { email: 'ada@old.example' } })).to.equal(1);
    expect(await Subscription.count()).to.equal(2);
    expect(await LedgerEntry.count({ where: { kind: 'credit_grant' } })).to.equal(1);
    expect(await WhmcsImportMap.count()).to.equal(14);
    expect(await SubscriptionAddon.count()).to.equal(2);
    expect(await Ticket.count()).to.equal(2);
    expect(await TicketReply.count()).to.equal(7);
  });

  it('when two imports start at once, then one is refused and every record exists once', async () => {
    const results = await Promise.allSettled([importWhmcs(source, systemCtx()), importWhmcs(source, systemCtx())]);
    const refused = results.filter((r) => r.status === 'rejected');
    for (const r of refused) expect((r as PromiseRejectedResult).reason.code).to.equal('import_running');
    expect(results.some((r) => r.status === 'fulfilled')).to.equal(true);
    expect(await Customer.count()).to.equal(3);
    expect(await Subscription.count()).to.equal(2);
    expect(await LedgerEntry.count({ where: { kind: 'credit_grant' } })).to.equal(1);
  });

  it('when a new WHMCS service appears after an import, then the next run adds only it', async () => {
    await importWhmcs(source, systemCtx());
    await insert(db, 'tblhosting', { id: 504, userid: 11, packageid: 1, regdate: '2025-02-10', domain: 'new.example', amount: '8.99', billingcycle: 'Monthly', nextduedate: '2026-12-10', domainstatus: 'Active', dedicatedip: '', assignedips: '', termination_date: '0000-00-00', server: 0, username: '' });
    const report = await importWhmcs(source, systemCtx());
    expect(report.counts.service).to.deep.equal({ imported: 1, already: 2 });
    const sub = await Subscription.findOne({ where: { priceMinor: 899 } });
    expect(sub).to.include({ currency: 'EUR', cycle: 'monthly' });
  });

  it('when an amount arrives as decimal text, then it becomes exact minor units; as a number, then it is refused', () => {
    expect(amountMinor({ credit: '12.50' }, 'credit', 'USD')).to.equal(1250);
    expect(amountMinor({ credit: '1200.00' }, 'credit', 'JPY')).to.equal(1200);
    expect(() => amountMinor({ credit: 12.5 }, 'credit', 'USD')).to.throw('must come as decimal text');
  });
});
