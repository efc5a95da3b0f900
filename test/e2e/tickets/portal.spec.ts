import { expect } from 'chai';
import { Notification, Ticket, TicketAttachment } from '../../../src/models/index.js';
import { replyToTicket } from '../../../src/support/reply-to-ticket.js';
import { createService } from '../../factories/commerce.js';
import { createStaff } from '../../factories/identity.js';
import { createDepartment } from '../../factories/support.js';
import { resetDatabase } from '../../support/db.js';
import { FILES, staffCtx, tempDataDir } from '../../integration/support/helpers.js';
import { restoreConfig, useConfig } from '../../integration/notify/helpers.js';
import { checkMarkup, csrfOf, multipartAction, signedInCustomer, type Agent } from './helpers.js';

async function newTicket(agent: Agent, fields: Record<string, string>, files: Array<[string, Buffer]> = []) {
  const form = await agent.get('/account/tickets/new');
  let req = agent.post(multipartAction(form.text));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  for (const [name, bytes] of files) req = req.attach('attachments', bytes, name);
  return req;
}

describe('portal e2e: support tickets', function () {
  this.timeout(120_000);
  beforeEach(async () => {
    await resetDatabase();
    useConfig({ smtpUrl: undefined, dataDir: tempDataDir() });
  });
  afterEach(restoreConfig);

  it('when a customer opens a ticket with a file, then it is listed, shown with its file, and the file downloads', async () => {
    const { agent, customer } = await signedInCustomer();
    const department = await createDepartment({ name: 'Technical support' });
    const service = await createService({ customer, hostname: 'web-01.example.test' });
    await createService({ hostname: 'not-mine.example.test' });

    const empty = await agent.get('/account/tickets');
    expect(empty.status).to.equal(200);
    expect(empty.text).to.contain('No tickets here');
    expect((await agent.get('/account/support')).headers.location).to.equal('/account/tickets');
    const form = await agent.get('/account/tickets/new');
    expect(form.text).to.contain('Technical support').and.contain('web-01.example.test').and.not.contain('not-mine.example.test');
    checkMarkup(form.text);

    const created = await newTicket(agent, { departmentId: String(department.id), priority: 'high', serviceId: String(service.id), subject: 'Website down', message: 'Since 10:00.\n\nSee the log.' }, [['error.log', FILES.text]]);
    expect(created.status).to.equal(303);
    expect(created.headers.location).to.equal('/account/tickets/T-000001');

    const page = await agent.get('/account/tickets/T-000001');
    expect(page.status).to.equal(200);
    checkMarkup(page.text);
    expect(page.text).to.contain('Website down').and.contain('Since 10:00.').and.contain('See the log.').and.contain('Your ticket T-000001 was sent');
    const link = /href="(\/account\/tickets\/T-000001\/attachments\/\d+)"[^>]*>error\.log</.exec(page.text)?.[1];
    expect(link).to.be.a('string');
    const file = await agent.get(link!);
    expect(file.status).to.equal(200);
    expect(file.headers['content-type']).to.equal('text/plain; charset=utf-8');
    expect(file.headers['content-disposition']).to.match(/^attachment; filename="error\.log"/);
    expect(file.headers['x-content-type-options']).to.equal('nosniff');
    expect(file.text).to.equal(FILES.text.toString());

    const list = await agent.get('/account/tickets?status=open');
    expect(list.text).to.contain('T-000001').and.contain('Website down');
    checkMarkup(list.text);
    expect((await agent.get('/account/tickets?status=closed')).text).to.not.contain('T-000001');
  });

  it("when another customer asks for a ticket, its file, or posts to it, then they get 404", async () => {
    const owner = await signedInCustomer();
    const department = await createDepartment();
    await newTicket(owner.agent, { departmentId: String(department.id), subject: 'Private matter', message: 'Secret details' }, [['a.png', FILES.png]]);
    const file = await TicketAttachment.findOne({ rejectOnEmpty: true });
    const { agent } = await signedInCustomer();
    const token = csrfOf((await agent.get('/account/tickets')).text);
    expect((await agent.get('/account/tickets/T-000001')).status).to.equal(404);
    expect((await agent.get(`/account/tickets/T-000001/attachments/${file.id}`)).status).to.equal(404);
    expect((await agent.post('/account/tickets/T-000001/close').type('form').send({ _csrf: token })).status).to.equal(404);
    expect((await agent.post(`/account/tickets/T-000001/replies?_csrf=${token}`).field('message', 'hijack')).status).to.equal(404);
    expect((await agent.get('/account/tickets')).text).to.not.contain('Private matter');
    expect((await Ticket.findOne({ rejectOnEmpty: true })).status).to.equal('open');
  });

  it('when staff reply and write an internal note, then the page shows the reply and never the note', async () => {
    const { agent, customer } = await signedInCustomer();
    const department = await createDepartment();
    await newTicket(agent, { departmentId: String(department.id), subject: 'Billing question', message: 'Why two invoices?' });
    const staff = await createStaff('support', { firstName: 'Sam' });
    const ticket = await Ticket.findOne({ where: { customerId: customer.id }, rejectOnEmpty: true });
    await replyToTicket({ ticket: ticket.id, author: { kind: 'staff', userId: staff.id }, body: 'SECRET-NOTE: check for fraud', internal: true, attachments: [{ filename: 'fraud.txt', bytes: FILES.text }] }, staffCtx(staff));
    await replyToTicket({ ticket: ticket.id, author: { kind: 'staff', userId: staff.id }, body: 'One is a renewal.' }, staffCtx(staff));
    const page = await agent.get('/account/tickets/T-000001');
    expect(page.text).to.contain('One is a renewal.').and.contain('Sam (staff)').and.contain('Waiting for your reply');
    expect(page.text).to.not.contain('SECRET-NOTE').and.not.contain('fraud.txt');
    const internalFile = await TicketAttachment.findOne({ where: { originalName: 'fraud.txt' }, rejectOnEmpty: true });
    expect((await agent.get(`/account/tickets/T-000001/attachments/${internalFile.id}`)).status).to.equal(404);
  });

  it('when a customer replies with a refused or oversize file, then the form says why and keeps the text; a good reply is added', async () => {
    const { agent } = await signedInCustomer();
    const department = await createDepartment();
    await newTicket(agent, { departmentId: String(department.id), subject: 'Help', message: 'First' });
    const action = multipartAction((await agent.get('/account/tickets/T-000001')).text);
    const exe = await agent.post(action).field('message', 'My draft text').attach('attachments', FILES.exe, 'tool.png');
    expect(exe.status).to.equal(422);
    expect(exe.text).to.contain('programs and scripts cannot be attached').and.contain('My draft text');
    const big = await agent.post(action).field('message', 'Big one').attach('attachments', Buffer.concat([FILES.pdf, Buffer.alloc(10 * 1024 * 1024 + 10)]), 'dump.pdf');
    expect(big.status).to.equal(422);
    expect(big.text).to.contain('dump.pdf is larger than 10 MB');
    const ok = await agent.post(action).field('message', 'Second message').attach('attachments', FILES.gif, 'anim.gif');
    expect(ok.status).to.equal(303);
    const page = await agent.get('/account/tickets/T-000001');
    expect(page.text).to.contain('Second message').and.contain('anim.gif').and.contain('Waiting for support');
  });

  it('when a form is posted without the CSRF token, then it is refused', async () => {
    const { agent } = await signedInCustomer();
    const department = await createDepartment();
    const res = await agent.post('/account/tickets').field('departmentId', String(department.id)).field('subject', 'x').field('message', 'y');
    expect(res.status).to.equal(403);
    expect(await Ticket.count()).to.equal(0);
  });

  it('when a customer closes and reopens a ticket, then the status follows', async () => {
    const { agent } = await signedInCustomer();
    const department = await createDepartment();
    await newTicket(agent, { departmentId: String(department.id), subject: 'Done soon', message: 'x' });
    const token = csrfOf((await agent.get('/account/tickets/T-000001')).text);
    expect((await agent.post('/account/tickets/T-000001/close').type('form').send({ _csrf: token })).status).to.equal(303);
    let page = await agent.get('/account/tickets/T-000001');
    expect(page.text).to.contain('Reopen ticket').and.contain('is closed');
    expect((await agent.post('/account/tickets/T-000001/reopen').type('form').send({ _csrf: token })).status).to.equal(303);
    page = await agent.get('/account/tickets/T-000001');
    expect(page.text).to.contain('Close ticket').and.contain('Waiting for support');
  });

  it('when a field is missing, then the new-ticket form is shown again with the error next to it', async () => {
    const { agent } = await signedInCustomer();
    await createDepartment();
    const res = await newTicket(agent, { departmentId: '', subject: 'ab', message: 'Some text' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Please choose a department.').and.contain('at least 3 characters').and.contain('Some text');
    checkMarkup(res.text);
  });
});

describe('portal e2e: notifications', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('when a customer has unread notifications, then the bell counts them on every page, and reading them clears it', async () => {
    const { agent, user } = await signedInCustomer();
    const other = await signedInCustomer();
    await Notification.bulkCreate([
      { userId: user.id, type: 'invoice.issued', title: 'New invoice INV-1', url: '/account/billing/invoices/1' },
      { userId: user.id, type: 'ticket.replied', title: 'New reply on T-000009', url: '/account/tickets/T-000009' },
      { userId: other.user.id, type: 'invoice.issued', title: 'Not yours', url: '/account' },
    ]);
    const security = await agent.get('/account/security');
    expect(security.text).to.contain('Notifications, 2 unread').and.match(/badge--count[^>]*>2</);

    const list = await agent.get('/account/notifications');
    expect(list.status).to.equal(200);
    checkMarkup(list.text);
    expect(list.text).to.contain('New invoice INV-1').and.contain('New reply on T-000009').and.not.contain('Not yours');
    const token = csrfOf(list.text);
    const mine = await Notification.findOne({ where: { title: 'New reply on T-000009' }, rejectOnEmpty: true });
    const opened = await agent.post(`/account/notifications/${mine.id}/read`).type('form').send({ _csrf: token, open: '1' });
    expect(opened.headers.location).to.equal('/account/tickets/T-000009');
    const theirs = await Notification.findOne({ where: { title: 'Not yours' }, rejectOnEmpty: true });
    expect((await agent.post(`/account/notifications/${theirs.id}/read`).type('form').send({ _csrf: token })).status).to.equal(404);
    expect((await agent.get('/account/notifications?filter=unread')).text).to.contain('New invoice INV-1').and.not.contain('New reply on T-000009');

    await agent.post('/account/notifications/read-all').type('form').send({ _csrf: token });
    const after = await agent.get('/account/security');
    expect(after.text).to.contain('<span class="visually-hidden">Notifications</span>');
    expect(after.text).to.not.contain('badge--count');
    expect((await Notification.findByPk(theirs.id, { rejectOnEmpty: true })).readAt).to.equal(null);
  });
});
