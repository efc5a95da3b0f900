import { expect } from 'chai';
import { systemCtx } from '../../../src/lib/context.js';
import { decryptSecret } from '../../../src/lib/crypto.js';
import { AuditLog, Setting } from '../../../src/models/index.js';
import { setSetting } from '../../../src/settings/index.js';
import { resetDatabase } from '../../support/db.js';
import { apiAction, createStaff, signedIn, type Browser } from './support.js';

const KEY = 'bandwidth.elastiflow_password';
const PLAIN = 'elastiflow-s3cret-value';

describe('back office: secrets', () => {
  let admin: Browser;

  beforeEach(async () => {
    await resetDatabase();
    admin = await signedIn(await createStaff('admin'));
    await setSetting(KEY, PLAIN, systemCtx());
    await setSetting('support.auto_close_days', 5, systemCtx());
  });

  it('when the admin lists, opens, edits or searches settings, then a secret value (plain or encrypted) is never in the response', async () => {
    const stored = (await Setting.findByPk(KEY))!.value!;
    const responses = await Promise.all([
      admin.get('/admin/api/resources/settings/actions/list'),
      admin.get('/admin/api/resources/settings/actions/search/elastiflow'),
      admin.get(`/admin/api/resources/settings/records/${KEY}/show`),
      admin.get(`/admin/api/resources/settings/records/${KEY}/edit`),
      admin.get('/admin/api/resources/settings/actions/list').query({ 'filters.value': 'v1:' }),
      admin.get('/admin/resources/settings'),
    ]);
    for (const [i, res] of responses.entries()) {
      expect(res.status, `request ${i}`).to.equal(200);
      expect(res.text).to.not.contain(PLAIN).and.not.contain(stored);
    }
    const list = responses[0]!.body as { records: Array<{ id: string; params: Record<string, unknown> }> };
    const byKey = Object.fromEntries(list.records.map((r) => [r.id, r.params.value]));
    expect(byKey[KEY]).to.equal('•••••••• (set)');
    expect(byKey['support.auto_close_days']).to.equal('5');
  });

  it('when the admin lists sessions, then no session id or session data leaves the server', async () => {
    const cookie = (await admin.get('/admin')).request.cookies;
    const sid = decodeURIComponent(/ezs_admin=s:([^.;]+)/.exec(decodeURIComponent(cookie))?.[1] ?? '');
    expect(sid).to.have.length.greaterThan(10);
    const res = await admin.get('/admin/api/resources/sessions/actions/list');
    expect(res.status).to.equal(200);
    expect(res.text).to.not.contain(sid);
    for (const r of res.body.records as Array<{ id: string; params: Record<string, unknown> }>) {
      expect(r.id).to.match(/^[a-f0-9]{32}$/);
      expect(r.params).to.not.have.any.keys('sid', 'data');
    }
    expect((await admin.get(`/admin/api/resources/sessions/records/${encodeURIComponent(sid)}/show`)).body.notice?.message).to.equal('forbiddenError');
  });

  it('when the admin saves a new secret, then it is stored encrypted and the audit row masks it', async () => {
    const res = await apiAction(admin, 'settings', 'edit', { recordId: KEY, payload: { value: 'the-new-password' } });
    expect(res.body.notice?.type).to.equal('success');
    expect(JSON.stringify(res.body)).to.not.contain('the-new-password');
    const row = (await Setting.findByPk(KEY))!;
    expect(row.encrypted).to.equal(true);
    expect(decryptSecret(row.value!)).to.equal('the-new-password');
    const audits = await AuditLog.findAll({ where: { entityType: 'setting', entityId: KEY } });
    expect(JSON.stringify(audits.map((a) => [a.before, a.after]))).to.not.contain('the-new-password').and.not.contain(PLAIN);
  });

  it('when the admin saves a secret setting with an empty value, then the stored secret is kept', async () => {
    const before = (await Setting.findByPk(KEY))!.value;
    const res = await apiAction(admin, 'settings', 'edit', { recordId: KEY, payload: { value: '' } });
    expect(res.body.notice?.message).to.equal('secretKept');
    expect((await Setting.findByPk(KEY))!.value).to.equal(before);
  });

  it('when a setting is given an invalid value, then the form shows the error and nothing is stored', async () => {
    const res = await apiAction(admin, 'settings', 'edit', { recordId: 'support.auto_close_days', payload: { value: '500' } });
    expect(res.body.notice?.type).to.equal('error');
    expect(res.body.record?.errors).to.have.property('value');
    expect((await Setting.findByPk('support.auto_close_days'))!.value).to.equal('5');
  });
});
