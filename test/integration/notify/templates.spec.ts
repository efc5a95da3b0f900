import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { systemCtx } from '../../../src/lib/context.js';
import { EmailTemplate, MailOutbox } from '../../../src/models/index.js';
import { EMAILS_DIR } from '../../../src/notify/email-views.js';
import { enqueueMail } from '../../../src/notify/enqueue-mail.js';
import { previewEmailTemplate } from '../../../src/notify/preview-email-template.js';
import { renderEmailTemplate } from '../../../src/notify/render-email-template.js';
import { listEmailTemplates, TEMPLATE_CATALOG, type EmailTemplateEntry } from '../../../src/notify/template-catalog.js';
import { resetDatabase } from '../../support/db.js';

const templateFiles = () => fs.readdirSync(EMAILS_DIR).filter((f) => f.endsWith('.hbs') && !f.endsWith('.txt.hbs') && !f.startsWith('layout'));

describe('notify: email templates', () => {
  beforeEach(resetDatabase);

  it('when a template file exists, then the catalog documents it (and every entry has a file or a fallback notice)', () => {
    for (const file of templateFiles()) expect(TEMPLATE_CATALOG.has(file.replace(/\.hbs$/, '')), file).to.equal(true);
    for (const [key, entry] of TEMPLATE_CATALOG) {
      expect(fs.existsSync(path.join(EMAILS_DIR, `${key}.hbs`)) || Boolean(entry.notice), key).to.equal(true);
      expect(entry.variables.length, key).to.be.greaterThan(0);
    }
    const listed = listEmailTemplates().find((t) => t.key === 'invoice-issued')!;
    expect(listed.variables.map((v) => v.name)).to.include.members(['appName', 'name', 'invoiceNumber', 'payUrl']);
  });

  it('when every template is previewed with its sample data, then each renders a subject, an HTML page and a text part', async () => {
    for (const { key } of listEmailTemplates()) {
      const preview = await previewEmailTemplate(key);
      expect(preview.subject, key).to.be.a('string').and.not.match(/^\s*$/);
      expect(preview.html, key).to.match(/^<!DOCTYPE html>/i);
      expect(preview.html, key).to.contain('Alex');
      expect(preview.text, key).to.contain('Alex');
      expect(preview.text, key).to.not.contain('<p');
    }
    expect((await previewEmailTemplate('payment-received')).text, 'the sample names the amount the template shows').to.contain('We received $24.00 (Visa ending 4242)');
    expect((await previewEmailTemplate('payment-refunded')).text).to.contain('We refunded $24.00 of invoice');
  });

  it('when a catalog template has no file yet, then a plain notice in the shared layout is used', async () => {
    const catalog = TEMPLATE_CATALOG as Map<string, EmailTemplateEntry>;
    const notice = TEMPLATE_CATALOG.get('payment-failed')!.notice!;
    catalog.set('not-written-yet', { key: 'not-written-yet', description: 'test', subject: 'Payment of {{invoiceNumber}} failed', essential: true, variables: [], notice });
    try {
      const rendered = await renderEmailTemplate('not-written-yet', { name: 'Alex', invoiceNumber: 'INV-9', amountDueMinor: 2400, currency: 'USD', payUrl: 'https://x.test/pay/9' });
      expect(rendered.source).to.equal('notice');
      expect(rendered.subject).to.equal('Payment of INV-9 failed');
      expect(rendered.html).to.match(/^<!DOCTYPE html>/).and.contain('Your payment did not go through').and.contain('Pay now').and.contain('$24.00');
      expect(rendered.text).to.contain('Pay now: https://x.test/pay/9');
    } finally {
      catalog.delete('not-written-yet');
    }
  });

  it('when data has amounts in minor units and dates, then templates also get them formatted', async () => {
    await EmailTemplate.create({ key: 'dunning-reminder', subject: 'Due {{dueDate}}', html: '<p>{{amountDue}} by {{dueDate}}, suspension {{suspendDate}}; kept: {{total}}</p>' });
    const rendered = await renderEmailTemplate('dunning-reminder', { amountDueMinor: 123456, currency: 'EUR', dueAt: new Date('2025-03-08T12:00:00Z'), suspendAt: '2025-03-13T00:00:00.000Z', totalMinor: 1, total: 'as given' });
    expect(rendered.subject).to.equal('Due March 8, 2025');
    expect(rendered.text).to.contain('€1,234.56 by March 8, 2025, suspension March 13, 2025; kept: as given');
  });

  it('when staff saved an override, then it wins over the built-in template, inside the shared layout', async () => {
    await EmailTemplate.create({ key: 'welcome', subject: 'Hi {{name}}, welcome aboard', html: '<p>Custom welcome for <strong>{{name}}</strong> &amp; {{email}}</p>', text: null });
    const rendered = await renderEmailTemplate('welcome', { name: 'Kim <script>', email: 'kim@example.test' }, { subject: 'ignored' });
    expect(rendered.source).to.equal('override');
    expect(rendered.subject).to.equal('Hi Kim <script>, welcome aboard');
    expect(rendered.html).to.match(/^<!DOCTYPE html>/).and.contain('<strong>Kim &lt;script&gt;</strong>');
    expect(rendered.text).to.contain('Custom welcome for Kim <script> & kim@example.test');

    await enqueueMail({ to: 'kim@example.test', template: 'welcome', subject: 'Welcome', data: { name: 'Kim' }, dedupeKey: 'welcome:kim' }, systemCtx());
    const row = await MailOutbox.findOne({ rejectOnEmpty: true });
    expect(row.subject).to.equal('Hi Kim, welcome aboard');
  });

  it('when staff broke an override, then mail still goes out with the built-in template, and the preview of the draft says why', async () => {
    await EmailTemplate.create({ key: 'order-approved', subject: 'Approved {{#if}}', html: '<p>{{#each}}</p>' });
    const rendered = await renderEmailTemplate('order-approved', { name: 'Kim', orderNumber: 'ORD-1', orderUrl: 'https://x.test/o/1' });
    expect(rendered.source).to.equal('file');
    expect(rendered.html).to.contain('ORD-1');
    const err = await previewEmailTemplate('order-approved', { subject: 'x', html: '{{#if}}' }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).to.equal('email_template_invalid');
  });

  it('when staff disabled a template, then optional mail is skipped but essential mail still goes', async () => {
    await EmailTemplate.bulkCreate([
      { key: 'welcome', subject: 'Welcome', html: '<p>Hi</p>', enabled: false },
      { key: 'password-reset', subject: 'Reset', html: '<p>Reset {{link}}</p>', enabled: false },
    ]);
    expect((await enqueueMail({ to: 'a@example.test', template: 'welcome', subject: 'W', data: {}, dedupeKey: 'w:a' }, systemCtx())).queued).to.equal(false);
    expect((await enqueueMail({ to: 'a@example.test', template: 'password-reset', subject: 'R', data: { link: 'https://x.test/r' }, dedupeKey: 'r:a' }, systemCtx())).queued).to.equal(true);
  });

  it('when an older whole-document template is rendered, then it is not wrapped in the layout a second time', async () => {
    const rendered = await renderEmailTemplate('password-reset', { name: 'Kim', link: 'https://x.test/r', minutes: 60, ip: '203.0.113.1' }, { subject: 'Reset' });
    expect(rendered.html.match(/<html/g)).to.have.length(1);
    expect(rendered.text.match(/^-- $/gm)).to.have.length(1);
  });
});
