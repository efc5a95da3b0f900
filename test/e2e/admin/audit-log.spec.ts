import { expect } from 'chai';
import { parseRfc4180 } from './csv.js';
import { AuditLog } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { apiAction, createStaff, signedIn, type Browser } from './support.js';

const at = (iso: string) => new Date(iso);

describe('back office: audit log', () => {
  let admin: Browser;
  let otherId: number;

  beforeEach(async () => {
    await resetDatabase();
    const staff = await createStaff('admin');
    otherId = (await createStaff('support')).id;
    admin = await signedIn(staff);
    await AuditLog.bulkCreate([
      { actorType: 'staff', actorId: otherId, action: 'invoice.voided', entityType: 'invoice', entityId: '7', before: { status: 'open' }, after: { status: 'void' }, reason: 'Billed twice, "sorry"', createdAt: at('2026-03-01T10:00:00Z') },
      { actorType: 'staff', actorId: otherId, action: 'invoice.issued', entityType: 'invoice', entityId: '8', before: { status: 'draft' }, after: { status: 'open', number: 'INV-0008' }, createdAt: at('2026-03-02T10:00:00Z') },
      { actorType: 'system', actorId: null, action: 'subscription.renewed', entityType: 'subscription', entityId: '3', before: null, after: { period: 2 }, createdAt: at('2026-03-05T10:00:00Z') },
      { actorType: 'staff', actorId: otherId, action: 'invoice.voided', entityType: 'invoice', entityId: '9', before: { status: 'open' }, after: { status: 'void' }, reason: 'Line one\nline two', createdAt: at('2026-03-09T10:00:00Z') },
    ]);
  });

  const ids = async (query: Record<string, string>) => {
    const res = await apiAction(admin, 'audit_logs', 'list', { query });
    return (res.body.records ?? []).map((r) => r.params.entityId);
  };

  it('when the admin filters by action, actor, entity and dates, then exactly the matching rows are listed, newest first', async () => {
    expect(await ids({ 'filters.action': 'invoice.voided' })).to.deep.equal(['9', '7']);
    expect(await ids({ 'filters.actorId': String(otherId) })).to.deep.equal(['9', '8', '7']);
    expect(await ids({ 'filters.entityType': 'invoice', 'filters.entityId': '8' })).to.deep.equal(['8']);
    expect(await ids({ 'filters.createdAt~~from': '2026-03-02', 'filters.createdAt~~to': '2026-03-05' })).to.deep.equal(['3', '8']);
    expect(await ids({ 'filters.actorType': 'system' })).to.deep.equal(['3']);
    const page = await apiAction(admin, 'audit_logs', 'list', { query: { perPage: '2', page: '2', 'filters.entityType': 'invoice' } });
    expect(page.body.meta?.total).to.equal(3);
    expect(page.body.records?.map((r) => r.params.entityId)).to.deep.equal(['7']);
  });

  it('when the admin opens a row, then before and after of each changed key are there, with the actor', async () => {
    const row = (await AuditLog.findOne({ where: { entityId: '8' } }))!;
    const res = await apiAction(admin, 'audit_logs', 'show', { recordId: row.id });
    expect(res.body.record?.params).to.include({ 'before.status': 'draft', 'after.status': 'open', 'after.number': 'INV-0008', actorId: otherId });
  });

  it('when the admin exports the filtered list, then the CSV (RFC 4180) holds those rows with a header, quoted fields and CRLF', async () => {
    const res = await admin.get('/admin/exports/audit-log.csv').query({ 'filters.action': 'invoice.voided' }).buffer(true).parse((r, cb) => {
      let data = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (data += chunk));
      r.on('end', () => cb(null, data));
    });
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).to.match(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = res.body as string;
    expect(text.startsWith('id,created_at,actor_type,actor_id,actor_email,impersonator_id,action,entity_type,entity_id,reason,before,after,ip,request_id\r\n')).to.equal(true);
    expect(text).to.contain('"Billed twice, ""sorry"""');
    expect(text, text).to.contain('"Line one\nline two"');
    const rows = parseRfc4180(text);
    expect(rows.map((r) => r.entity_id)).to.deep.equal(['9', '7']);
    expect(rows[0]).to.include({ action: 'invoice.voided', before: '{"status":"open"}', after: '{"status":"void"}', created_at: '2026-03-09T10:00:00.000Z' });
    expect(rows[0]!.actor_email).to.match(/@/);
  });

  it('when the log is longer than one read batch, then the export streams every row once', async () => {
    const many = Array.from({ length: 2500 }, (_, i) => ({ actorType: 'system' as const, actorId: null, action: 'bulk.tested', entityType: 'test', entityId: String(i), before: null, after: null, createdAt: at('2026-04-01T00:00:00Z') }));
    await AuditLog.bulkCreate(many);
    const res = await admin.get('/admin/exports/audit-log.csv').query({ 'filters.action': 'bulk.tested' }).buffer(true).parse((r, cb) => {
      let data = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (data += chunk));
      r.on('end', () => cb(null, data));
    });
    const rows = parseRfc4180(res.body as string);
    expect(rows).to.have.length(2500);
    expect(new Set(rows.map((r) => r.entity_id)).size).to.equal(2500);
  });

  it('when support or finance ask for the audit log or its export, then they are refused', async () => {
    for (const role of ['support', 'finance'] as const) {
      const agent = await signedIn(await createStaff(role));
      const list = await apiAction(agent, 'audit_logs', 'list');
      expect(list.body.notice?.message, role).to.equal('forbiddenError');
      const csv = await agent.get('/admin/exports/audit-log.csv');
      expect(csv.status, role).to.equal(403);
    }
  });
});
