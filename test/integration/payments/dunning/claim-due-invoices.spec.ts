import { expect } from 'chai';
import { clock } from '../../../../src/lib/clock.js';
import { systemCtx } from '../../../../src/lib/context.js';
import { claimDueInvoices } from '../../../../src/payments/dunning/claim-due-invoices.js';
import { createInvoice } from '../../../factories/billing.js';
import { createSubscription } from '../../../factories/commerce.js';
import { reload, resetPayments } from '../operations/support.js';

const DUE = new Date('2030-03-01T00:00:00Z');

describe('Payments: claiming due invoices for dunning', () => {
  beforeEach(async () => {
    await resetPayments();
    clock.set(new Date(DUE.getTime() - 86_400_000));
  });

  it('when three workers claim the same due invoices at the same instant, then each invoice is claimed once and leased', async () => {
    const invoices = [];
    for (let i = 0; i < 9; i++) invoices.push(await (await createInvoice({ subscription: await createSubscription() })).update({ dueAt: DUE }));
    const paid = await (await createInvoice({ subscription: await createSubscription() }, 'paid')).update({ dueAt: DUE });
    clock.set(new Date(DUE.getTime() + 3_600_000));
    const ctx = systemCtx();

    const runs = await Promise.all([1, 2, 3].map(() => claimDueInvoices({ limit: 50, lastStep: 4 }, ctx)));
    const again = await claimDueInvoices({ limit: 50, lastStep: 4 }, ctx);

    const claimed = runs.flatMap((r) => r.claims.map((c) => c.invoiceId)).sort((a, b) => a - b);
    expect(claimed).to.deep.equal(invoices.map((i) => i.id));
    expect(again).to.deep.equal({ claims: [], lastId: null });
    for (const invoice of invoices) expect((await reload(invoice)).nextRetryAt!.getTime()).to.be.greaterThan(ctx.now.getTime());
    expect((await reload(paid)).nextRetryAt).to.equal(null);
  });
});
