import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { CannedResponse, TicketReply, type Ticket, type User } from '../../../src/models/index.js';
import { createInvoice } from '../../factories/billing.js';
import { createService } from '../../factories/commerce.js';
import { createCustomer } from '../../factories/identity.js';
import { createTicket } from '../../factories/support.js';
import { resetDatabase } from '../../support/db.js';
import { adminApp, createStaff, signInPage } from './support.js';
import { startBrowserRig, type BrowserRig } from '../../support/browser-checks.js';

describe('back office: the ticket page in a real browser', function () {
  this.timeout(180_000);
  let rig: BrowserRig;
  let base: string;
  let page: Page;
  let agent: User;
  let ticket: Ticket;

  before(async function () {
    await resetDatabase();
    rig = await startBrowserRig(this, adminApp);
    base = rig.base;
    agent = await createStaff('support');
    const customer = await createCustomer({ user: { firstName: 'Ada' } });
    await createService({ customer, hostname: 'ada-vps.example.test' });
    const invoice = await createInvoice({ customer }, 'open');
    ticket = await createTicket({ customer, subject: 'Browser desk ticket' }, 'withInternalNote');
    await CannedResponse.create({ title: 'Reboot done', body: 'Hello {customer_name}, the node was rebooted.', departmentId: null });
    expect(invoice.number).to.be.a('string');

    page = await rig.newPage();
    page.on('dialog', (dialog) => void dialog.accept());

    await signInPage(page, base, agent);
  });

  after(() => rig?.close());

  it('when support opens a ticket, then the thread with the internal note marked, the SLA, services and invoices are shown', async () => {
    await page.goto(`${base}/admin/resources/tickets/records/${ticket.id}/show`);
    await page.waitForSelector('[data-testid="ticket-desk"]', { timeout: 60_000 });
    const note = page.locator('[data-testid="internal-note"]');
    expect(await note.count()).to.equal(1);
    expect(await note.textContent()).to.contain('Internal note').and.contain('Checked the host: disk is fine.');
    expect(await page.locator('[data-testid="desk-sla"]').textContent()).to.contain('No answer yet');
    expect(await page.locator('[data-testid="desk-services"]').textContent()).to.contain('ada-vps.example.test');
    expect(await page.locator('[data-testid="desk-invoices"]').textContent()).to.contain('Invoices (1)');
    expect(rig.pageErrors).to.deep.equal([]);
  });

  it('when support picks a canned response and sends it, then the reply appears in the thread and is stored as theirs', async () => {
    await page.selectOption('select[aria-label="Insert a canned response"]', { label: 'Reboot done' });
    await page.waitForFunction(() => (document.querySelector('#desk-body') as HTMLTextAreaElement | null)?.value.includes('Hello Ada'));
    await page.click('[data-testid="reply-form"] button:has-text("Send reply")');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="message"]')).some((m) => m.textContent?.includes('the node was rebooted')));
    const reply = await TicketReply.findOne({ where: { ticketId: ticket.id, authorKind: 'staff', internal: false }, rejectOnEmpty: true });
    expect([reply.authorId, reply.body]).to.deep.equal([agent.id, 'Hello Ada, the node was rebooted.']);
    expect(await page.locator('#desk-status').inputValue()).to.equal('awaiting_customer');
    expect(rig.pageErrors).to.deep.equal([]);
  });
});
