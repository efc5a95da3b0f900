import { expect } from 'chai';
import { diffForAudit, recordAudit } from '../../../src/audit/record-audit.js';
import { sequelize } from '../../../src/db/sequelize.js';
import { systemCtx, withTx } from '../../../src/lib/context.js';
import { AuditLog } from '../../../src/models/index.js';
import { createCustomer, createUser } from '../../factories/identity.js';
import { countRows, resetDatabase } from '../../support/db.js';

describe('audit log', () => {
  beforeEach(resetDatabase);

  it('when a change is recorded, then only changed keys are kept and secret keys are dropped', async () => {
    const staff = await createUser({}, 'support');
    const ctx = systemCtx({ actor: { type: 'staff', userId: staff.id, role: 'support', ip: '203.0.113.9', userAgent: 'Firefox' } });
    const entry = await recordAudit(
      {
        action: 'user.updated',
        entityType: 'user',
        entityId: 12,
        before: { email: 'a@example.test', firstName: 'Ada', passwordHash: 'h1', totpSecretEnc: 'x', api_token: 't', updatedAt: new Date(1) },
        after: { email: 'b@example.test', firstName: 'Ada', passwordHash: 'h2', totpSecretEnc: 'y', api_token: 'u', updatedAt: new Date(2) },
        reason: 'customer asked by phone',
      },
      ctx,
    );
    const stored = await AuditLog.findByPk(entry.id);
    expect(stored?.before).to.deep.equal({ email: 'a@example.test' });
    expect(stored?.after).to.deep.equal({ email: 'b@example.test' });
    expect(stored).to.deep.include({ actorType: 'staff', actorId: staff.id, entityId: '12', ip: '203.0.113.9', userAgent: 'Firefox', requestId: ctx.requestId });
    expect(stored?.createdAt.getTime()).to.equal(ctx.now.getTime());
  });

  it('when a model instance is audited on create and delete, then its values are kept minus its secrets, nested ones too', async () => {
    const customer = await createCustomer({}, 'with2fa');
    const created = diffForAudit(null, customer.user!);
    expect(created.before).to.equal(null);
    expect(created.after).to.include({ email: customer.user!.email });
    expect(Object.keys(created.after!).filter((k) => /password|secret|token|enc$/i.test(k))).to.deep.equal([]);
    const nested = diffForAudit({ gateway: { name: 'stripe', webhookSecret: 's' } }, null);
    expect(nested).to.deep.equal({ before: { gateway: { name: 'stripe' } }, after: null });
  });

  it('when an audit row is written inside a transaction that rolls back, then it is gone with it', async () => {
    await sequelize()
      .transaction(async (t) => {
        await recordAudit({ action: 'invoice.voided', entityType: 'invoice', entityId: 1 }, withTx(systemCtx(), t));
        throw new Error('void failed');
      })
      .catch(() => undefined);
    expect(await countRows('audit_logs')).to.equal(0);
  });

  it('when someone tries to change or delete an audit row, then it is refused', async () => {
    const entry = await recordAudit({ action: 'invoice.voided', entityType: 'invoice', entityId: 1, after: { status: 'void' } }, systemCtx());
    const attempts = [
      () => entry.update({ reason: 'rewritten' }),
      () => entry.destroy(),
      () => AuditLog.update({ reason: 'x' }, { where: { id: entry.id } }),
      () => AuditLog.destroy({ where: { id: entry.id } }),
    ];
    for (const attempt of attempts) {
      let error: unknown;
      await attempt().catch((err: unknown) => (error = err));
      expect((error as { code?: string })?.code).to.equal('audit_log_append_only');
    }
    expect((await AuditLog.findByPk(entry.id))?.reason).to.equal(null);
  });

  it('when an impersonating staff member acts, then both people are recorded', async () => {
    const [staff, customer] = [await createUser({}, 'admin'), await createCustomer()];
    await recordAudit(
      { action: 'service.cancelled', entityType: 'service', entityId: 9 },
      systemCtx({ actor: { type: 'customer', userId: customer.userId, impersonatorId: staff.id } }),
    );
    const row = await AuditLog.findOne();
    expect(row).to.deep.include({ actorType: 'customer', actorId: customer.userId, impersonatorId: staff.id });
  });
});
