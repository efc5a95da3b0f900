import { expect } from 'chai';
import { applyCredit } from '../../../../src/billing/credit/apply-credit.js';
import { customerCreditBalance } from '../../../../src/billing/credit/customer-credit.js';
import { grantCredit } from '../../../../src/billing/credit/grant-credit.js';
import { revokeCredit } from '../../../../src/billing/credit/revoke-credit.js';
import { AuditLog, Customer, LedgerEntry } from '../../../../src/models/index.js';
import { createCustomer } from '../../../factories/identity.js';
import { bill, failure, freshBilling, movements, reloaded, staff } from '../invoices/support.js';

describe('billing / account credit', () => {
  beforeEach(freshBilling);

  it('when staff grant and revoke credit, then each change is a ledger row, the cached balance follows and both are audited', async () => {
    const ctx = await staff();
    const customer = await createCustomer();
    const granted = await grantCredit({ customerId: customer.id, amountMinor: 5_000, currency: 'USD', reason: 'SLA credit' }, ctx);
    expect(granted.creditBalanceMinor).to.equal(5_000);
    const revoked = await revokeCredit({ customerId: customer.id, amountMinor: 1_234, reason: 'Granted twice' }, ctx);
    expect(revoked.creditBalanceMinor).to.equal(3_766);
    expect((await LedgerEntry.findAll({ where: { customerId: customer.id }, order: [['id', 'ASC']] })).map((e) => [e.kind, Number(e.amountMinor), e.recordedBy])).to.deep.equal([
      ['credit_grant', 5_000, ctx.actor.userId],
      ['credit_revoke', 1_234, ctx.actor.userId],
    ]);
    expect(await customerCreditBalance(customer.id)).to.equal(3_766);
    const audit = await AuditLog.findAll({ where: { entityType: 'customer', entityId: String(customer.id) }, order: [['id', 'ASC']] });
    expect(audit.map((a) => [a.action, a.reason])).to.deep.equal([['customer.credit_granted', 'SLA credit'], ['customer.credit_revoked', 'Granted twice']]);
  });

  it('when more credit is revoked than held, then it is refused and the balance never goes negative', async () => {
    const ctx = await staff();
    const customer = await createCustomer();
    await grantCredit({ customerId: customer.id, amountMinor: 100, currency: 'USD', reason: 'x' }, ctx);
    expect((await failure(revokeCredit({ customerId: customer.id, amountMinor: 101, reason: 'y' }, ctx))).code).to.equal('insufficient_credit');
    const concurrent = await Promise.allSettled([60, 60, 60].map((amountMinor) => revokeCredit({ customerId: customer.id, amountMinor, reason: 'race' }, ctx)));
    expect(concurrent.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    expect((await Customer.findByPk(customer.id))?.creditBalanceMinor).to.equal(40);
  });

  it('when credit is in one currency, then granting another currency is refused', async () => {
    const customer = await createCustomer();
    const err = await failure(grantCredit({ customerId: customer.id, amountMinor: 100, currency: 'EUR', reason: 'x' }, await staff()));
    expect(err.code).to.equal('credit_currency_mismatch');
  });

  it('when credit arrives after an invoice was issued, then applyCredit pays min(balance, credit) of it', async () => {
    const ctx = await staff();
    const customer = await createCustomer();
    const invoice = await bill(customer, 3_000);
    await grantCredit({ customerId: customer.id, amountMinor: 1_000, currency: 'USD', reason: 'x' }, ctx);
    expect((await applyCredit(invoice.id, ctx)).appliedMinor).to.equal(1_000);
    await grantCredit({ customerId: customer.id, amountMinor: 5_000, currency: 'USD', reason: 'y' }, ctx);
    const second = await applyCredit(invoice.id, ctx);
    expect(second).to.include({ appliedMinor: 2_000, creditBalanceMinor: 3_000, becamePaid: true });
    expect(await reloaded(invoice.id)).to.include({ status: 'paid', amountDueMinor: 0 });
    expect(await movements(invoice.id)).to.deep.equal([['credit_apply', 1_000], ['credit_apply', 2_000]]);
    expect((await applyCredit(invoice.id, ctx)).appliedMinor).to.equal(0);
  });

  it('when a grant is retried with its key, then it is granted once', async () => {
    const ctx = await staff();
    const customer = await createCustomer();
    const input = { customerId: customer.id, amountMinor: 900, currency: 'USD' as const, reason: 'x', idempotencyKey: 'admin:grant:1' };
    await grantCredit(input, ctx);
    expect((await grantCredit(input, ctx)).duplicate).to.equal(true);
    expect((await Customer.findByPk(customer.id))?.creditBalanceMinor).to.equal(900);
  });
});
