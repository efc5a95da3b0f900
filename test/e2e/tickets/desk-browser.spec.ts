import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { TicketAttachment, TicketReply, type Ticket } from '../../../src/models/index.js';
import { createCustomer } from '../../factories/identity.js';
import { createTicket } from '../../factories/support.js';
import { restoreConfig, useConfig } from '../../integration/notify/helpers.js';
import { FILES, tempDataDir } from '../../integration/support/helpers.js';
import { startBrowserRig, type BrowserRig } from '../../support/browser-checks.js';
import { resetDatabase } from '../../support/db.js';
import { adminApp, createStaff, signInPage } from '../admin/support.js';

describe('ticket desk in a real browser: files on a staff reply', function () {
  this.timeout(180_000);
  let rig: BrowserRig;
  let base: string;
  let page: Page;
  let ticket: Ticket;

  before(async function () {
    await resetDatabase();
    rig = await startBrowserRig(this, adminApp);
    base = rig.base;
    useConfig({ smtpUrl: undefined, dataDir: tempDataDir() });
    const staff = await createStaff('support');
    ticket = await createTicket({ customer: await createCustomer({ user: { firstName: 'Ada' } }), subject: 'Files from the desk' });

    page = await rig.newPage();

    await signInPage(page, base, staff);
    await page.goto(`${base}/admin/resources/tickets/records/${ticket.id}/show`);
    await page.waitForSelector('[data-testid="ticket-desk"]', { timeout: 60_000 });
  });

  after(async () => {
    await rig?.close();
    restoreConfig();
  });

  it('when support attaches a program, then the page says why and the text stays for another try', async () => {
    expect(await page.locator('#desk-attachments-help').textContent()).to.contain('Up to 5 files of 10 MB each');
    await page.fill('#desk-body', 'Try this tool.');
    await page.setInputFiles('#desk-attachments', { name: 'tool.png', mimeType: 'image/png', buffer: FILES.exe });
    await page.click('[data-testid="reply-form"] button:has-text("Send reply")');
    await page.waitForSelector('text=tool.png: programs and scripts cannot be attached.');
    expect(await page.locator('#desk-body').inputValue()).to.equal('Try this tool.');
    expect(await TicketAttachment.count()).to.equal(0);
  });

  it('when support sends a reply with a file, then the thread shows it with a download link and it is stored on the reply', async () => {
    await page.fill('#desk-body', 'The boot log is attached.');
    await page.setInputFiles('#desk-attachments', { name: 'boot.log', mimeType: 'text/plain', buffer: FILES.text });
    await page.click('[data-testid="reply-form"] button:has-text("Send reply")');
    const link = page.locator('[data-testid="message"] a', { hasText: 'boot.log' });
    await link.waitFor();
    expect(await page.locator('#desk-body').inputValue()).to.equal('');
    expect(await page.locator('#desk-attachments').evaluate((input) => (input as HTMLInputElement).files?.length ?? 0)).to.equal(0);
    const reply = await TicketReply.findOne({ where: { ticketId: ticket.id, body: 'The boot log is attached.' }, rejectOnEmpty: true });
    const files = await TicketAttachment.findAll({ where: { replyId: reply.id } });
    expect(files.map((f) => f.originalName)).to.deep.equal(['boot.log']);
    expect(await link.getAttribute('href')).to.equal(`/admin/tickets/attachments/${files[0]!.id}`);
    const download = await page.request.get(`${base}/admin/tickets/attachments/${files[0]!.id}`);
    expect(await download.text()).to.equal(FILES.text.toString());
    expect(rig.pageErrors).to.deep.equal([]);
  });
});
