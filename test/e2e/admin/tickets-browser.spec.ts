import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { currentTotp } from '../../../src/auth/totp.js';
import { CannedResponse, TicketReply, type Ticket, type User } from '../../../src/models/index.js';
import { createInvoice } from '../../factories/billing.js';
import { createService } from '../../factories/commerce.js';
import { createCustomer, TEST_PASSWORD, TEST_TOTP_SECRET } from '../../factories/identity.js';
import { createTicket } from '../../factories/support.js';
import { resetDatabase } from '../../support/db.js';
import { adminApp, createStaff } from './support.js';
import { browserTestsSkipped, CHROMIUM_ARGS, which } from '../../support/browser-checks.js';

describe('back office: the ticket page in a real browser', function () {
  this.timeout(180_000);
  const chromiumPath = which('chromium');
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  let agent: User;
  let ticket: Ticket;
  const pageErrors: string[] = [];

  before(async function () {
    const skipped = browserTestsSkipped(['chromium']);
    if (skipped) {
      console.log(`    skipped: ${skipped}`);
      this.skip();
    }
    await resetDatabase();
    agent = await createStaff('support');
    const customer = await createCustomer({ user: { firstName: 'Ada' } });
    await createService({ customer, hostname: 'ada-vps.example.test' });
    const invoice = await createInvoice({ customer }, 'open');
    ticket = await createTicket({ customer, subject: 'Browser desk ticket' }, 'withInternalNote');
    await CannedResponse.create({ title: 'Reboot done', body: 'Hello {customer_name}, the node was rebooted.', departmentId: null });
    expect(invoice.number).to.be.a('string');

    server = createServer(await adminApp());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    page = await (await browser.newContext()).newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('dialog', (dialog) => void dialog.accept());

    await page.goto(`${base}/admin/login`);
    await page.fill('#email', agent.email);
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/admin/login/two-factor`), page.click('button[type="submit"]')]);
    await page.fill('#code', currentTotp(TEST_TOTP_SECRET));
    await Promise.all([page.waitForURL(`${base}/admin`), page.click('button[type="submit"]')]);
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('when support opens a ticket, then the thread with the internal note marked, the SLA, services and invoices are shown', async () => {
    await page.goto(`${base}/admin/resources/tickets/records/${ticket.id}/show`);
    await page.waitForSelector('[data-testid="ticket-desk"]', { timeout: 60_000 });
    const note = page.locator('[data-testid="internal-note"]');
    expect(await note.count()).to.equal(1);
    expect(await note.textContent()).to.contain('Internal note').and.contain('Checked the host: disk is fine.');
    expect(await page.locator('[data-testid="desk-sla"]').textContent()).to.contain('No answer yet');
    expect(await page.locator('[data-testid="desk-services"]').textContent()).to.contain('ada-vps.example.test');
    expect(await page.locator('[data-testid="desk-invoices"]').textContent()).to.contain('Invoices (1)');
    expect(pageErrors).to.deep.equal([]);
  });

  it('when support picks a canned response and sends it, then the reply appears in the thread and is stored as theirs', async () => {
    await page.selectOption('select[aria-label="Insert a canned response"]', { label: 'Reboot done' });
    await page.waitForFunction(() => (document.querySelector('#desk-body') as HTMLTextAreaElement | null)?.value.includes('Hello Ada'));
    await page.click('[data-testid="reply-form"] button:has-text("Send reply")');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="message"]')).some((m) => m.textContent?.includes('the node was rebooted')));
    const reply = await TicketReply.findOne({ where: { ticketId: ticket.id, authorKind: 'staff', internal: false }, rejectOnEmpty: true });
    expect([reply.authorId, reply.body]).to.deep.equal([agent.id, 'Hello Ada, the node was rebooted.']);
    expect(await page.locator('#desk-status').inputValue()).to.equal('awaiting_customer');
    expect(pageErrors).to.deep.equal([]);
  });
});
