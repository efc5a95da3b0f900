// NOTE: A credit note reduces what an invoice asks for. Its tax is the invoice's tax in proportion:
// after all credit notes so far plus this one, the credited tax is round(invoice tax x credited / total),
// and this note takes the difference, so partial notes never drift and a note that completes the
// invoice credits its tax exactly. A note for the whole invoice repeats the invoice's lines.
import type { Transaction } from 'sequelize';
import type { Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import type { CreditNoteKind, CreditNoteRefundTarget } from '../../models/enums.js';
import { CreditNote } from '../../models/credit-note.js';
import { CreditNoteLine } from '../../models/credit-note-line.js';
import type { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { InvoiceTax } from '../../models/invoice-tax.js';
import { type Money, add, money, ratio, subtract, sum, toMinor } from '../money.js';
import { formatPercent } from './discount-lines.js';
import { nextDocumentNumber } from '../numbering.js';
import { sharedRead } from '../ledger/locking-read.js';

/** A credit note to write against an (issued, row-locked) invoice. */
export interface CreditNoteSpec {
  readonly amountMinor: number;
  readonly kind: CreditNoteKind;
  readonly refundTo: CreditNoteRefundTarget;
  readonly reason: string;
  readonly memo?: string | null;
  readonly idempotencyKey?: string | null;
}

type NoteLine = { invoiceLineId: number | null; description: string; quantity: number; amountMinor: number; taxRateBp: number; taxMinor: number };

async function wholeInvoiceLines(invoice: Invoice, t: Transaction): Promise<NoteLine[] | null> {
  const lines = await InvoiceLine.findAll({ where: { invoiceId: invoice.id }, order: [['position', 'ASC'], ['id', 'ASC']], transaction: t });
  if (lines.every((l) => Number(l.amountMinor) >= 0 && Number(l.taxMinor) >= 0)) {
    return lines.map((l) => ({ invoiceLineId: l.id, description: l.description, quantity: l.quantity, amountMinor: Number(l.amountMinor), taxRateBp: l.taxRateBp, taxMinor: Number(l.taxMinor) }));
  }
  // NOTE: credit note lines cannot be negative, so an invoice with discount or credit lines is credited per tax rate.
  const taxes = await InvoiceTax.findAll({ where: { invoiceId: invoice.id }, order: [['id', 'ASC']], transaction: t });
  const net = subtract(money(invoice.totalMinor, invoice.currency), money(invoice.taxMinor, invoice.currency));
  const taxable = sum(taxes.map((x) => money(toMinor(x.taxableMinor), invoice.currency)), invoice.currency);
  const rows: NoteLine[] = taxes.map((x) => ({
    invoiceLineId: null,
    description: `${invoice.number}: ${x.name} ${formatPercent(x.rateBp)}`,
    quantity: 1,
    amountMinor: toMinor(x.taxableMinor),
    taxRateBp: x.rateBp,
    taxMinor: toMinor(x.taxMinor),
  }));
  const untaxed = subtract(net, taxable).minor;
  if (untaxed !== 0) rows.push({ invoiceLineId: null, description: `${invoice.number}: untaxed`, quantity: 1, amountMinor: untaxed, taxRateBp: 0, taxMinor: 0 });
  return rows.every((r) => r.amountMinor >= 0 && r.taxMinor >= 0) ? rows : null;
}

/** The tax part of crediting `amount` more, given what earlier notes credited. */
async function taxShare(invoice: Invoice, amount: Money, t: Transaction): Promise<Money> {
  const notes = await CreditNote.findAll({ where: { invoiceId: invoice.id }, attributes: ['totalMinor', 'taxMinor'], ...sharedRead(t) });
  const cur = invoice.currency;
  const creditedBefore = sum(notes.map((n) => money(toMinor(n.totalMinor), cur)), cur);
  const taxBefore = sum(notes.map((n) => money(toMinor(n.taxMinor), cur)), cur);
  if (invoice.taxMinor <= 0 || invoice.totalMinor <= 0) return money(0, cur);
  const creditedAfter = add(creditedBefore, amount);
  const taxAfter = ratio(money(invoice.taxMinor, cur), creditedAfter.minor, invoice.totalMinor);
  const share = subtract(taxAfter, taxBefore);
  return share.minor < 0 ? money(0, cur) : share.minor > amount.minor ? amount : share;
}

/** Writes a numbered credit note (gap-free CN-{YYYY}-{SEQ:6}) and its lines inside `t`. */
export async function issueCreditNote(invoice: Invoice, spec: CreditNoteSpec, ctx: Ctx, t: Transaction): Promise<CreditNote> {
  if (!Number.isSafeInteger(spec.amountMinor) || spec.amountMinor <= 0) throw new ValidationError('credit_note_invalid_amount', 'A credit note must be for a positive amount');
  const amount = money(spec.amountMinor, invoice.currency);
  const tax = await taxShare(invoice, amount, t);
  const credited = toMinor((await CreditNote.sum('totalMinor', { where: { invoiceId: invoice.id }, ...sharedRead(t) })) ?? 0);
  const whole = credited === 0 && spec.amountMinor === invoice.totalMinor ? await wholeInvoiceLines(invoice, t) : null;
  const net = subtract(amount, tax).minor;
  const rates = await InvoiceTax.findAll({ where: { invoiceId: invoice.id }, attributes: ['rateBp'], transaction: t });
  const lines: NoteLine[] = whole ?? [
    {
      invoiceLineId: null,
      description: `${spec.kind === 'refund' ? 'Refund' : spec.kind === 'void' ? 'Void' : 'Adjustment'} of invoice ${invoice.number}`,
      quantity: 1,
      amountMinor: net,
      taxRateBp: rates.length === 1 ? rates[0].rateBp : 0,
      taxMinor: tax.minor,
    },
  ];
  const note = await CreditNote.create(
    {
      number: await nextDocumentNumber('credit_note', ctx.now, t),
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      currency: invoice.currency,
      subtotalMinor: net,
      taxMinor: tax.minor,
      totalMinor: spec.amountMinor,
      reason: spec.reason,
      kind: spec.kind,
      refundTo: spec.refundTo,
      memo: spec.memo ?? null,
      issuedAt: ctx.now,
      createdBy: ctx.actor.type === 'staff' ? ctx.actor.userId : null,
      idempotencyKey: spec.idempotencyKey ?? null,
    },
    { transaction: t },
  );
  await CreditNoteLine.bulkCreate(lines.map((l, i) => ({ ...l, creditNoteId: note.id, position: i + 1 })), { transaction: t });
  return note;
}
