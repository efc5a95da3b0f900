import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { config } from '../../../config/index.js';
import { MailOutbox, TicketAttachment } from '../../../src/models/index.js';
import { checkUploads, sanitizeFilename } from '../../../src/support/attachments/check-uploads.js';
import { openCustomerAttachment, openStaffAttachment } from '../../../src/support/attachments/open-attachment.js';
import { openTicket } from '../../../src/support/open-ticket.js';
import { replyToTicket } from '../../../src/support/reply-to-ticket.js';
import { notifyCustomer } from '../../../src/notify/notify.js';
import { createCustomer, createStaff } from '../../factories/identity.js';
import { createDepartment } from '../../factories/support.js';
import { resetDatabase } from '../../support/db.js';
import { restoreConfig, useConfig } from '../notify/helpers.js';
import { codeOf, customerCtx, FILES, staffCtx, tempDataDir } from './helpers.js';

const read = async (stream: NodeJS.ReadableStream): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

describe('support: ticket attachments', function () {
  this.timeout(60_000);
  let dataDir: string;
  beforeEach(async () => {
    await resetDatabase();
    dataDir = tempDataDir();
    useConfig({ smtpUrl: undefined, dataDir });
  });
  afterEach(restoreConfig);

  it('when files are attached, then their type is read from the bytes and names are cleaned', async () => {
    const checked = await checkUploads([
      { filename: 'screen.png', bytes: FILES.png },
      { filename: 'photo.jpeg', bytes: FILES.jpeg },
      { filename: '../../etc/anim.gif', bytes: FILES.gif },
      { filename: 'C:\\Users\\me\\invoice.pdf', bytes: FILES.pdf },
      { filename: 'logs.zip', bytes: FILES.zip },
    ]);
    expect(checked.map((c) => [c.originalName, c.contentType])).to.deep.equal([
      ['screen.png', 'image/png'],
      ['photo.jpeg', 'image/jpeg'],
      ['anim.gif', 'image/gif'],
      ['invoice.pdf', 'application/pdf'],
      ['logs.zip', 'application/zip'],
    ]);
    const [text] = await checkUploads([{ filename: 'boot.log', bytes: FILES.text }]);
    expect(text!.contentType).to.equal('text/plain; charset=utf-8');
    const [renamed] = await checkUploads([{ filename: 'picture.jpg', bytes: FILES.png }]);
    expect(renamed!.originalName, 'the name follows the bytes').to.equal('picture.jpg.png');
    expect(sanitizeFilename('a\u0000b<script>.txt', 'text')).to.equal('a_b_script_.txt');
  });

  it('when a program, a script, markup or an unknown binary is attached, then it is refused whatever its name', async () => {
    for (const [filename, bytes] of [
      ['setup.exe', FILES.exe],
      ['innocent.png', FILES.exe],
      ['tool', FILES.elf],
      ['notes.txt', FILES.script],
      ['page.html', Buffer.from('<html><script>alert(1)</script></html>')],
      ['logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
      ['data.bin', Buffer.from([0, 1, 2, 3, 255, 254])],
      ['run.bat', Buffer.from('echo hi')],
    ] as const) {
      expect(await codeOf(checkUploads([{ filename, bytes }])), filename).to.equal('attachment_type_rejected');
    }
  });

  it('when a file is over the size limit or empty, or too many are sent, then the message is refused', async () => {
    const big = Buffer.concat([FILES.pdf, Buffer.alloc(10 * 1024 * 1024)]);
    expect(await codeOf(checkUploads([{ filename: 'big.pdf', bytes: big }]))).to.equal('attachment_too_large');
    expect(await codeOf(checkUploads([{ filename: 'empty.txt', bytes: Buffer.alloc(0) }]))).to.equal('attachment_empty');
    expect(await codeOf(checkUploads(Array.from({ length: 6 }, (_, i) => ({ filename: `${i}.png`, bytes: FILES.png }))))).to.equal('too_many_attachments');
  });

  it("when a ticket has files, then they are stored outside the web root under random names, served to its customer and staff only", async () => {
    const customer = await createCustomer();
    const stranger = await createCustomer();
    const staff = await createStaff('support');
    const department = await createDepartment();
    const ticket = await openTicket({ customerId: customer.id, departmentId: department.id, subject: 'Logs', message: 'Attached', attachments: [{ filename: 'boot.log', bytes: FILES.text }] }, customerCtx(customer));
    const file = await TicketAttachment.findOne({ where: { ticketId: ticket.id }, rejectOnEmpty: true });
    expect(file.storedName).to.match(/^\d{4}\/\d{2}\/[A-Za-z0-9_-]{24}\.bin$/);
    const onDisk = path.join(config().dataDir, 'attachments', file.storedName);
    expect(onDisk.startsWith(dataDir)).to.equal(true);
    expect(fs.readFileSync(onDisk).equals(FILES.text)).to.equal(true);

    const download = await openCustomerAttachment(customer.id, ticket.id, file.id);
    expect(download.filename).to.equal('boot.log');
    expect((await read(download.stream)).equals(FILES.text)).to.equal(true);
    expect(await codeOf(openCustomerAttachment(stranger.id, ticket.id, file.id))).to.equal('attachment_not_found');
    expect((await read((await openStaffAttachment(file.id, staffCtx(staff))).stream)).length).to.equal(FILES.text.length);
    expect(await codeOf(openStaffAttachment(file.id, customerCtx(customer)))).to.equal('staff_only');

    await replyToTicket({ ticket: ticket.id, author: { kind: 'staff', userId: staff.id }, body: 'Internal log copy', internal: true, attachments: [{ filename: 'host.log', bytes: FILES.text }] }, staffCtx(staff));
    const internalFile = await TicketAttachment.findOne({ where: { originalName: 'host.log' }, rejectOnEmpty: true });
    expect(await codeOf(openCustomerAttachment(customer.id, ticket.id, internalFile.id)), 'files of internal notes').to.equal('attachment_not_found');
  });

  it('when a message with files fails, then no file is left behind', async () => {
    const customer = await createCustomer();
    const code = await codeOf(openTicket({ customerId: customer.id, departmentId: 999_999, subject: 'x', message: 'y', attachments: [{ filename: 'a.png', bytes: FILES.png }] }, customerCtx(customer)));
    expect(code).to.equal('department_invalid');
    const dir = path.join(dataDir, 'attachments');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.bin')) : [];
    expect(files).to.deep.equal([]);
  });

  it("when a staff reply's files fit in a mail, then they are attached to it; when they are too large together, then the mail points to the ticket", async () => {
    const customer = await createCustomer();
    const staff = await createStaff('support');
    const department = await createDepartment();
    const ticket = await openTicket({ customerId: customer.id, departmentId: department.id, subject: 'Logs', message: 'Please look' }, customerCtx(customer));
    const small = await replyToTicket({ ticket: ticket.id, author: { kind: 'staff', userId: staff.id }, body: 'Small files', attachments: [{ filename: 'a.log', bytes: FILES.text }, { filename: 'b.png', bytes: FILES.png }] }, staffCtx(staff));
    const files = await TicketAttachment.findAll({ where: { replyId: small.reply.id }, order: [['id', 'ASC']] });
    const smallMail = await MailOutbox.findOne({ where: { template: 'ticket-replied', dedupeKey: `ticket.replied:reply:${small.reply.id}:user:${customer.userId}` }, rejectOnEmpty: true });
    expect(smallMail.attachments).to.deep.equal(files.map((f) => ({ kind: 'ticket_attachment', attachmentId: f.id })));
    expect(smallMail.text).to.contain('Attached to this email: a.log, b.png');

    const sixMb = Buffer.concat([FILES.pdf, Buffer.alloc(6 * 1024 * 1024)]);
    const large = await replyToTicket({ ticket: ticket.id, author: { kind: 'staff', userId: staff.id }, body: 'Large files', attachments: [{ filename: 'one.pdf', bytes: sixMb }, { filename: 'two.pdf', bytes: sixMb }] }, staffCtx(staff));
    const largeMail = await MailOutbox.findOne({ where: { template: 'ticket-replied', dedupeKey: `ticket.replied:reply:${large.reply.id}:user:${customer.userId}` }, rejectOnEmpty: true });
    expect(largeMail.attachments).to.equal(null);
    expect(largeMail.text).to.contain('Files in the ticket: one.pdf, two.pdf').and.contain(`/account/tickets/${ticket.number}`);

    const note = await replyToTicket({ ticket: ticket.id, author: { kind: 'staff', userId: staff.id }, body: 'Internal', internal: true, attachments: [{ filename: 'secret.log', bytes: FILES.text }] }, staffCtx(staff));
    const secret = await TicketAttachment.findOne({ where: { replyId: note.reply.id }, rejectOnEmpty: true });
    const smuggled = { ticketId: ticket.id, replyId: small.reply.id, authorName: 'Sam', message: 'x', attachments: [{ id: secret.id, name: 'secret.log', sizeBytes: 10 }] };
    const refused = await notifyCustomer('ticket.replied', { customerId: customer.id, data: smuggled }, staffCtx(staff)).catch((err: Error) => err);
    expect(String(refused)).to.contain('ticket files of another message');
  });
});
