import { type Transaction, Op } from 'sequelize';
import { config } from '../../../config/index.js';
import { recordAudit } from '../../audit/record-audit.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { Customer } from '../../models/customer.js';
import { FxRate } from '../../models/fx-rate.js';
import type { Invoice } from '../../models/invoice.js';
import { getSetting } from '../../settings/index.js';
import { settleInvoice } from '../ledger/settle-invoice.js';
import { nextDocumentNumber } from '../numbering.js';
import type { PreparedInvoice } from './invoice-types.js';
import { lockInvoice } from './lock-invoice.js';
import { buyerSnapshot, sellerSnapshot } from './parties.js';
import { recalculateDraft } from './recalculate-draft.js';
import { inTransaction } from '../../db/transaction.js';
import { emitEvent } from '../events.js';

const DAY_MS = 86_400_000;

/** Options of issuing inside a larger operation. */
export interface IssueOptions {
  /** Already written by the caller (createInvoice): skip re-pricing the draft. */
  readonly prepared?: PreparedInvoice;
  readonly dueAt?: Date | null;
}

/** The invoice currency's rate to the base currency on the issue day (x 1,000,000), frozen for reports. */
async function fxRateMicros(currency: string, at: Date, t: Transaction): Promise<number | null> {
  const base = config().baseCurrency;
  if (currency === base) return 1_000_000;
  const rate = await FxRate.findOne({
    where: { base: currency, quote: base, effectiveOn: { [Op.lte]: at.toISOString().slice(0, 10) } },
    order: [['effectiveOn', 'DESC']],
    transaction: t,
  });
  return rate ? Number(rate.rateMicros) : null;
}

/** Issues a draft locked in `t`: re-prices it, numbers it, snapshots seller and buyer, sets the due date. */
export async function issueInTx(invoice: Invoice, ctx: Ctx, t: Transaction, opts: IssueOptions = {}): Promise<Invoice> {
  const now = ctx.now;
  const prepared = opts.prepared ?? (await recalculateDraft(invoice, now, t));
  if (prepared.lines.length === 0) throw new ValidationError('invoice_empty', 'An invoice needs at least one line to be issued');
  const customer = await Customer.findByPk(invoice.customerId, { transaction: t });
  if (!customer) throw new NotFoundError('customer_not_found', `Customer ${invoice.customerId} not found`);
  // NOTE: every read inside the transaction uses it: a second pool connection per transaction can starve the pool under load.
  const seller = await sellerSnapshot(t);
  const buyer = await buyerSnapshot(customer, t);
  const terms = await getSetting('billing.payment_terms_days', { transaction: t });
  // NOTE: the number is taken last and in this transaction, so a failure before commit returns it (gap-free).
  const number = await nextDocumentNumber('invoice', now, t);
  const notes = [prepared.notes, invoice.notes].filter((n): n is string => Boolean(n?.trim())).join('\n\n') || null;
  await invoice.update(
    {
      number,
      status: 'open',
      issuedAt: now,
      dueAt: opts.dueAt ?? invoice.dueAt ?? new Date(now.getTime() + terms * DAY_MS),
      seller,
      buyer,
      notes,
      fxRateMicros: await fxRateMicros(invoice.currency, now, t),
      amountDueMinor: invoice.totalMinor,
    },
    { transaction: t },
  );
  // NOTE: a zero invoice (fully discounted, free trial) is paid the moment it is issued.
  await settleInvoice(invoice, now, t);
  return invoice;
}

/** Issues a draft invoice: gap-free number, frozen lines, seller/buyer snapshots, due date from payment terms. */
export async function issueInvoice(invoiceId: number, ctx: Ctx, opts: { dueAt?: Date | null } = {}): Promise<Invoice> {
  return inTransaction(ctx, async (t) => {
    const invoice = await lockInvoice(invoiceId, t, ['draft']);
    await issueInTx(invoice, ctx, t, { dueAt: opts.dueAt });
    await recordAudit(
      { action: 'invoice.issued', entityType: 'invoice', entityId: invoice.id, after: { number: invoice.number, totalMinor: invoice.totalMinor, currency: invoice.currency, dueAt: invoice.dueAt } },
      withTx(ctx, t),
    );
    // NOTE: a draft issued by staff reaches the customer by mail (PDF attached) like a renewal invoice.
    await emitEvent(
      'invoice.issued',
      { invoiceId: invoice.id, number: invoice.number, kind: invoice.kind, customerId: invoice.customerId, totalMinor: invoice.totalMinor, amountDueMinor: invoice.amountDueMinor, currency: invoice.currency, dueAt: invoice.dueAt?.toISOString() ?? null },
      withTx(ctx, t),
      { dedupeKey: `invoice.issued:${invoice.id}` },
    );
    return invoice;
  });
}
