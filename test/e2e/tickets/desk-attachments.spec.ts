import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { MailOutbox, type Ticket, TicketAttachment, TicketReply, type Customer, type User } from '../../../src/models/index.js';
import { openTicket } from '../../../src/support/open-ticket.js';
import { attachmentsDir } from '../../../src/support/attachments/storage.js';
import { createDepartment } from '../../factories/support.js';
import { startFakeSmtp, type FakeSmtp } from '../../fakes/smtp.js';
import { restoreConfig, runMailDelivery, useConfig } from '../../integration/notify/helpers.js';
import { customerCtx, FILES, tempDataDir } from '../../integration/support/helpers.js';
import { resetDatabase } from '../../support/db.js';
import { readDeskUploads } from '../../../admin/tickets/desk-uploads.js';
import { createStaff, signedIn, type Browser } from '../admin/support.js';
import { signedInCustomer, type Agent } from './helpers.js';

interface DeskAnswer {
  desk?: { messages: Array<{ body: string; internal: boolean; attachments: Array<{ id: number; name: string; sizeBytes: number }> }>; uploads: { maxFiles: number; maxMb: number } };
  notice?: { message: string; type: string };
}

/** Posts a reply or note from the ticket desk as the browser does: multipart, files as `attachments.N`. */
async function postDesk(staff: Browser, ticketId: number, fields: Record<string, string>, files: Array<[string, Buffer]> = []): Promise<DeskAnswer> {
  let req = staff.post(`/admin/api/resources/tickets/records/${ticketId}/desk`);
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  files.forEach(([filename, bytes], i) => (req = req.attach(`attachments.${i}`, bytes, filename)));
  const res = await req;
  expect(res.status, res.text).to.equal(200);
  return res.body as DeskAnswer;
}

/** The portal's link to a file of a ticket page, by its name (undefined when the page does not show it). */
const fileLink = (html: string, name: string): string | undefined => new RegExp(`href="(/account/tickets/T-\\d+/attachments/\\d+)"[^>]*>${name.replace('.', '\\.')}<`).exec(html)?.[1];

const storedFiles = (): string[] => (fs.existsSync(attachmentsDir()) ? fs.readdirSync(attachmentsDir(), { recursive: true }).map(String).filter((f) => f.endsWith('.bin')) : []);

describe('ticket desk e2e: staff attachments', function () {
  this.timeout(120_000);
  let smtp: FakeSmtp;
  let staffUser: User;
  let staff: Browser;
  let owner: { agent: Agent; user: User; customer: Customer };
  let ticket: Ticket;

  beforeEach(async () => {
    await resetDatabase();
    smtp = await startFakeSmtp();
    useConfig({ smtpUrl: smtp.url, dataDir: tempDataDir() });
    staffUser = await createStaff('support');
    [staff, owner] = await Promise.all([signedIn(staffUser), signedInCustomer()]);
    const department = await createDepartment({ name: 'Technical support' });
    ticket = await openTicket({ customerId: owner.customer.id, departmentId: department.id, subject: 'Server will not boot', message: 'Stuck at GRUB.' }, customerCtx(owner.customer));
  });
  afterEach(async () => {
    restoreConfig();
    await smtp.close();
  });

  it('when staff reply with files, then the customer sees them in the portal, downloads them, and gets them with the mail', async () => {
    const answer = await postDesk(staff, ticket.id, { op: 'reply', body: 'Here is the console log and a screenshot.' }, [
      ['console.log', FILES.text],
      ['screen.png', FILES.png],
    ]);
    expect(answer.notice).to.deep.equal({ message: 'Reply sent to the customer with 2 files', type: 'success' });
    expect(answer.desk?.uploads).to.deep.equal({ maxFiles: 5, maxMb: 10 });
    const reply = answer.desk!.messages.at(-1)!;
    expect(reply.body).to.equal('Here is the console log and a screenshot.');
    expect(reply.attachments.map((a) => [a.name, a.sizeBytes])).to.deep.equal([['console.log', FILES.text.length], ['screen.png', FILES.png.length]]);
    expect(storedFiles()).to.have.length(2);

    const page = await owner.agent.get(`/account/tickets/${ticket.number}`);
    expect(page.text).to.contain('Here is the console log and a screenshot.');
    const log = await owner.agent.get(fileLink(page.text, 'console.log')!);
    expect(log.status).to.equal(200);
    expect(log.headers['content-type']).to.equal('text/plain; charset=utf-8');
    expect(log.text).to.equal(FILES.text.toString());
    const png = await owner.agent.get(fileLink(page.text, 'screen.png')!).buffer(true);
    expect(png.headers['content-type']).to.equal('image/png');
    expect(Buffer.compare(png.body as Buffer, FILES.png)).to.equal(0);

    const staffCopy = await staff.get(`/admin/tickets/attachments/${reply.attachments[1]!.id}`).buffer(true);
    expect(staffCopy.status).to.equal(200);
    expect(Buffer.compare(staffCopy.body as Buffer, FILES.png)).to.equal(0);

    await runMailDelivery();
    const mails = (await smtp.waitFor(1)).filter((m) => m.envelope.to.includes(owner.user.email) && m.parsed.subject?.startsWith('Re: '));
    expect(mails).to.have.length(1);
    const { parsed } = mails[0]!;
    expect(parsed.text).to.contain('Attached to this email: console.log, screen.png');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).to.deep.equal([['console.log', 'text/plain'], ['screen.png', 'image/png']]);
    expect(parsed.attachments[1]!.content.equals(FILES.png)).to.equal(true);
  });

  it('when staff attach a program, then the desk says why and nothing is stored or sent', async () => {
    const answer = await postDesk(staff, ticket.id, { op: 'reply', body: 'Run this tool.' }, [['tool.png', FILES.exe]]);
    expect(answer.notice).to.deep.equal({ message: 'tool.png: programs and scripts cannot be attached.', type: 'error' });
    expect(answer.desk!.messages.map((m) => m.body)).to.deep.equal(['Stuck at GRUB.']);
    expect(await TicketReply.count({ where: { ticketId: ticket.id } })).to.equal(1);
    expect(await TicketAttachment.count()).to.equal(0);
    expect(storedFiles()).to.deep.equal([]);
    expect(await MailOutbox.count({ where: { template: 'ticket-replied' } })).to.equal(0);

    const tooMany = await postDesk(staff, ticket.id, { op: 'reply', body: 'Six files.' }, Array.from({ length: 6 }, (_, i): [string, Buffer] => [`log${i}.txt`, FILES.text]));
    expect(tooMany.notice).to.deep.equal({ message: 'Attach at most 5 files to one message.', type: 'error' });
    expect(await TicketAttachment.count()).to.equal(0);
  });

  it("when another customer asks for a staff reply's file, then they get 404", async () => {
    const answer = await postDesk(staff, ticket.id, { op: 'reply', body: 'Invoice copy attached.' }, [['copy.pdf', FILES.pdf]]);
    const file = answer.desk!.messages.at(-1)!.attachments[0]!;
    const stranger = await signedInCustomer();
    expect((await stranger.agent.get(`/account/tickets/${ticket.number}/attachments/${file.id}`)).status).to.equal(404);
    expect((await owner.agent.get(`/account/tickets/${ticket.number}/attachments/${file.id}`)).status).to.equal(200);
  });

  it("when staff add an internal note with a file, then staff see it but the customer never does, in the portal or by mail", async () => {
    const answer = await postDesk(staff, ticket.id, { op: 'note', body: 'NOTE-ONLY: suspected abuse' }, [['evidence.txt', FILES.text]]);
    expect(answer.notice).to.deep.equal({ message: 'Internal note added with 1 file', type: 'success' });
    const note = answer.desk!.messages.at(-1)!;
    expect(note.internal).to.equal(true);
    expect(note.attachments.map((a) => a.name)).to.deep.equal(['evidence.txt']);
    expect((await staff.get(`/admin/tickets/attachments/${note.attachments[0]!.id}`)).status).to.equal(200);

    const page = await owner.agent.get(`/account/tickets/${ticket.number}`);
    expect(page.text).to.contain('Stuck at GRUB.').and.not.contain('NOTE-ONLY').and.not.contain('evidence.txt');
    expect((await owner.agent.get(`/account/tickets/${ticket.number}/attachments/${note.attachments[0]!.id}`)).status).to.equal(404);
    expect(await MailOutbox.count({ where: { toAddress: owner.user.email, template: 'ticket-replied' } })).to.equal(0);
  });

  it('when the upload parser lists files out of order, then they keep the order staff attached them in', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-upload-'));
    const temp = (name: string, bytes: Buffer) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      return { path: file, name, size: bytes.length };
    };
    const payload = { op: 'reply', body: 'x', 'attachments.1': temp('second.png', FILES.png), 'attachments.0': temp('first.log', FILES.text), 'attachments.2': { path: '', name: '', size: 0 } };
    expect((await readDeskUploads(payload)).map((u) => u.filename)).to.deep.equal(['first.log', 'second.png']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
