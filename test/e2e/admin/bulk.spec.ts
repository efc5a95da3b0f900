import { expect } from 'chai';
import { AuditLog, MailOutbox, ProvisioningTask } from '../../../src/models/index.js';
import { createInvoice } from '../../factories/billing.js';
import { createService } from '../../factories/commerce.js';
import { resetDatabase } from '../../support/db.js';
import { createStaff, expectForbidden, signedIn, type AdminJsResponse, type Browser } from './support.js';

/** Runs a bulk action over `ids` (GET shows the selection, POST with a payload runs it). */
async function bulk(agent: Browser, resource: string, action: string, ids: number[], payload?: Record<string, string>): Promise<{ status: number; body: AdminJsResponse }> {
  const path = `/admin/api/resources/${resource}/bulk/${action}`;
  const query = { recordIds: ids.join(',') };
  const res = payload ? await agent.post(path).query(query).field(payload) : await agent.get(path).query(query);
  return { status: res.status, body: res.body as AdminJsResponse };
}

describe('back office: bulk actions', () => {
  beforeEach(resetDatabase);

  describe('suspend selected services', () => {
    it('when support suspends a selection with a reason, then each active service gets one suspend task, others are named as skipped, and a second run adds nothing', async () => {
      const support = await signedIn(await createStaff('support'));
      const [a, b] = [await createService({}, 'active'), await createService({}, 'active')];
      const already = await createService({}, 'suspended');

      const shown = await bulk(support, 'services', 'bulkSuspend', [a.id, b.id, already.id]);
      expect(shown.body.records?.map((r) => Number(r.id)).sort()).to.deep.equal([a.id, b.id, already.id].sort());
      expect(await ProvisioningTask.count()).to.equal(0);

      const res = await bulk(support, 'services', 'bulkSuspend', [a.id, b.id, already.id], { reason: 'Abuse report 4411' });
      expect(res.body.notice?.type).to.equal('success');
      expect(res.body.notice?.message).to.contain(`2 of 3 done. #${already.id}: not applicable`);
      const tasks = await ProvisioningTask.findAll({ where: { action: 'suspend' }, order: [['serviceId', 'ASC']] });
      expect(tasks.map((t) => [t.serviceId, t.reason])).to.deep.equal([[a.id, 'Abuse report 4411'], [b.id, 'Abuse report 4411']]);

      await bulk(support, 'services', 'bulkSuspend', [a.id, b.id], { reason: 'Abuse report 4411' });
      expect(await ProvisioningTask.count({ where: { action: 'suspend' } })).to.equal(2);
    });

    it('when the reason is missing, then nothing is queued; when finance tries, then it is refused', async () => {
      const service = await createService({}, 'active');
      const support = await signedIn(await createStaff('support'));
      const missing = await bulk(support, 'services', 'bulkSuspend', [service.id], { reason: '' });
      expect(missing.body.notice).to.deep.include({ type: 'error' });
      expect(missing.body.notice?.message).to.match(/^invalidActionInput: reason/);

      const finance = await signedIn(await createStaff('finance'));
      expectForbidden(await bulk(finance, 'services', 'bulkSuspend', [service.id], { reason: 'Not my job at all' }));
      expect(await ProvisioningTask.count()).to.equal(0);
    });
  });

  describe('resend selected invoices', () => {
    it('when finance resends a selection, then each issued invoice is mailed once with its PDF and audited; drafts are skipped; a repeat within the minute queues nothing', async () => {
      const finance = await signedIn(await createStaff('finance'));
      const [open, paid, draft] = [await createInvoice({}, 'open'), await createInvoice({}, 'paid'), await createInvoice({}, 'draft')];

      const res = await bulk(finance, 'invoices', 'bulkResend', [open.id, paid.id, draft.id], {});
      expect(res.body.notice?.message).to.contain(`2 of 3 done. #${draft.id}: not applicable`);
      const mails = await MailOutbox.findAll({ where: { template: 'invoice-issued' }, order: [['id', 'ASC']] });
      expect(mails).to.have.length(2);
      expect(mails.map((m) => m.attachments)).to.deep.equal([[{ kind: 'invoice_pdf', invoiceId: open.id }], [{ kind: 'invoice_pdf', invoiceId: paid.id }]]);
      expect(await AuditLog.count({ where: { action: 'invoice.resent' } })).to.equal(2);

      await bulk(finance, 'invoices', 'bulkResend', [open.id, paid.id], {});
      expect(await MailOutbox.count({ where: { template: 'invoice-issued' } })).to.equal(2);
    });

    it('when support tries to resend invoices, then it is refused and nothing is queued', async () => {
      const invoice = await createInvoice({}, 'open');
      const support = await signedIn(await createStaff('support'));
      expectForbidden(await bulk(support, 'invoices', 'bulkResend', [invoice.id], {}));
      expect(await MailOutbox.count()).to.equal(0);
    });
  });
});
