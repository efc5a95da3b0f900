import { expect } from 'chai';
import { AuditLog, EmailTemplate } from '../../../src/models/index.js';
import { renderEmailTemplate } from '../../../src/notify/render-email-template.js';
import { resetDatabase } from '../../support/db.js';
import { createStaff, signedIn, type Browser } from './support.js';

const PAGE = '/admin/api/pages/emailTemplates';

async function op(agent: Browser, fields: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await agent.post(PAGE).field(fields);
  expect(res.status, res.text).to.equal(200);
  return res.body as Record<string, unknown>;
}

describe('back office: email template editor', function () {
  this.timeout(60_000);
  let admin: Browser;

  beforeEach(async () => {
    await resetDatabase();
    admin = await signedIn(await createStaff('admin'));
  });

  it('when an admin opens the editor, then every template is listed with its description and variables, and one opens with its built-in source', async () => {
    const list = (await admin.get(PAGE)).body as { allowed: boolean; templates: Array<{ key: string; variables: Array<{ name: string }> }> };
    expect(list.allowed).to.equal(true);
    const welcome = list.templates.find((t) => t.key === 'welcome');
    expect(welcome?.variables.map((v) => v.name)).to.include.members(['appName', 'accountUrl']);
    const loaded = (await op(admin, { op: 'load', key: 'welcome' })).template as { overridden: boolean; subject: string; html: string };
    expect(loaded.overridden).to.equal(false);
    expect(loaded.subject).to.equal('Welcome to {{appName}}');
    expect(loaded.html.length).to.be.greaterThan(20);
  });

  it('when an admin previews, saves and resets a template, then mail uses the edit until the reset, and each change is audited', async () => {
    const draft = { key: 'welcome', subject: 'Hello from {{appName}}', html: '<p>Dear {{name}}, your account is ready.</p>', text: '' };
    const preview = (await op(admin, { op: 'preview', ...draft })).preview as { subject: string; html: string; text: string };
    expect(preview.subject).to.equal('Hello from EZSCALE');
    expect(preview.html).to.contain('Dear Alex, your account is ready.');
    expect(await EmailTemplate.count()).to.equal(0);

    const saved = await op(admin, { op: 'save', ...draft, enabled: 'true' });
    expect(saved.notice).to.contain('Saved');
    const mail = await renderEmailTemplate('welcome', { name: 'Sam', email: 'sam@example.test' });
    expect([mail.source, mail.subject]).to.deep.equal(['override', 'Hello from EZSCALE']);
    expect(mail.html).to.contain('Dear Sam');

    await op(admin, { op: 'reset', key: 'welcome' });
    expect(await EmailTemplate.count()).to.equal(0);
    expect((await renderEmailTemplate('welcome', { name: 'Sam' })).source).to.not.equal('override');
    expect((await AuditLog.findAll({ where: { entityType: 'email_template' }, order: [['id', 'ASC']] })).map((a) => a.action)).to.deep.equal([
      'email_template.created',
      'email_template.reset',
    ]);
  });

  it('when a draft does not render, or essential mail is turned off, then the editor shows why and nothing is saved', async () => {
    const broken = await op(admin, { op: 'save', key: 'welcome', subject: 'Hi', html: '<p>{{#if name}}unclosed</p>', enabled: 'true' });
    expect(broken.error).to.contain('does not render');
    const essential = await op(admin, { op: 'save', key: 'password-reset', subject: 'Reset', html: '<p>{{link}}</p>', enabled: 'false' });
    expect(essential.error).to.contain('essential');
    expect(await EmailTemplate.count()).to.equal(0);
  });

  it('when support or finance open the editor or post a change, then they are refused and nothing is saved', async () => {
    for (const role of ['support', 'finance'] as const) {
      const agent = await signedIn(await createStaff(role));
      expect((await agent.get(PAGE)).body).to.deep.equal({ allowed: false, templates: [] });
      const res = await agent.post(PAGE).field({ op: 'save', key: 'welcome', subject: 'x', html: '<p>x</p>' });
      expect(res.body).to.deep.equal({ allowed: false, templates: [] });
    }
    expect(await EmailTemplate.count()).to.equal(0);
  });
});
