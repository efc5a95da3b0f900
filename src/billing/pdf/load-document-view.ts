import { NotFoundError } from '../../lib/errors.js';
import { CreditNote } from '../../models/credit-note.js';
import { CreditNoteLine } from '../../models/credit-note-line.js';
import { Customer } from '../../models/customer.js';
import type { Invoice, InvoiceParty } from '../../models/invoice.js';
import { Invoice as InvoiceModel } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { InvoiceTax } from '../../models/invoice-tax.js';
import { LedgerEntry } from '../../models/ledger-entry.js';
import { getSetting } from '../../settings/index.js';
import { buyerSnapshot, sellerSnapshot } from '../invoices/parties.js';
import { invoiceBalance } from '../ledger/invoice-balance.js';
import { add, assertCurrency, money, toMinor } from '../money.js';
import { type DocumentView, type PdfLine, type PdfMovement, type PdfParty, type PdfStamp, type PdfTax, pdfDate } from './pdf-view.js';

const GATEWAYS: Record<string, string> = { stripe: 'card (Stripe)', paypal: 'PayPal', bank_transfer: 'bank transfer', credit: 'account credit', manual: 'manual payment' };

function party(p: InvoiceParty): PdfParty {
  const cityLine = [p.postalCode, p.city].filter(Boolean).join(' ');
  const lines = Array.isArray(p.addressLines) ? (p.addressLines as string[]) : [p.contact as string | null, p.line1, p.line2, cityLine, p.region, p.country];
  return { name: p.name, lines: lines.filter((l): l is string => Boolean(l)), email: p.email ?? null, taxId: p.taxId ?? null };
}

async function parties(invoice: Invoice): Promise<{ seller: PdfParty; buyer: PdfParty }> {
  if (invoice.seller && invoice.buyer) return { seller: party(invoice.seller), buyer: party(invoice.buyer) };
  // NOTE: a draft has no snapshots yet; it shows the current seller setting and customer details.
  const customer = await Customer.findByPk(invoice.customerId);
  if (!customer) throw new NotFoundError('customer_not_found', `Customer ${invoice.customerId} not found`);
  return { seller: party(await sellerSnapshot()), buyer: party(await buyerSnapshot(customer)) };
}

function movement(e: LedgerEntry): PdfMovement | null {
  const amount = toMinor(e.amountMinor);
  const via = GATEWAYS[e.gateway ?? ''] ?? e.gateway ?? '';
  const ref = e.gatewayReference ? ` (${e.gatewayReference})` : '';
  switch (e.kind) {
    case 'payment':
      return { date: e.occurredAt, description: `Payment by ${via}${ref}`, amountMinor: amount };
    case 'credit_apply':
      return { date: e.occurredAt, description: 'Account credit applied', amountMinor: amount };
    case 'refund':
      return { date: e.occurredAt, description: `Refund to ${via}${ref}`, amountMinor: -amount };
    case 'credit_grant':
      return { date: e.occurredAt, description: e.creditNoteId ? 'Refund to account credit' : 'Moved to account credit', amountMinor: -amount };
    case 'chargeback':
      return { date: e.occurredAt, description: `Chargeback${ref}`, amountMinor: -amount };
    case 'chargeback_reversal':
      return { date: e.occurredAt, description: `Chargeback reversed${ref}`, amountMinor: amount };
    default:
      return null;
  }
}

async function stampFor(invoice: Invoice): Promise<PdfStamp> {
  if (invoice.status === 'draft') return 'DRAFT';
  if (invoice.status === 'void') return 'VOID';
  if (invoice.status === 'uncollectible') return 'UNCOLLECTIBLE';
  if (invoice.status === 'open') return 'UNPAID';
  const b = await invoiceBalance(invoice.id);
  return b.creditedMinor >= b.totalMinor && b.totalMinor > 0 ? 'REFUNDED' : 'PAID';
}

function notesOf(text: string | null | undefined, footer: string): string[] {
  return [...(text ?? '').split(/\n{2,}/), footer].map((n) => n.trim()).filter(Boolean);
}

/** Everything the invoice PDF shows, read from the invoice, its lines, taxes, ledger rows and credit notes. */
export async function loadInvoiceView(invoiceId: number): Promise<DocumentView> {
  const invoice = await InvoiceModel.findByPk(invoiceId);
  if (!invoice) throw new NotFoundError('invoice_not_found', `Invoice ${invoiceId} not found`);
  const currency = assertCurrency(invoice.currency);
  const [lines, taxes, entries, notes, footer, who] = await Promise.all([
    InvoiceLine.findAll({ where: { invoiceId }, order: [['position', 'ASC'], ['id', 'ASC']] }),
    InvoiceTax.findAll({ where: { invoiceId }, order: [['id', 'ASC']] }),
    LedgerEntry.findAll({ where: { invoiceId }, order: [['occurredAt', 'ASC'], ['id', 'ASC']] }),
    CreditNote.findAll({ where: { invoiceId }, order: [['issuedAt', 'ASC'], ['id', 'ASC']] }),
    getSetting('billing.invoice_footer'),
    parties(invoice),
  ]);
  const pdfLines: PdfLine[] = lines.map((l) => ({
    description: l.description,
    detail: l.periodStart && l.periodEnd ? `${pdfDate(l.periodStart)} - ${pdfDate(l.periodEnd)}` : null,
    quantity: l.quantity,
    unitMinor: toMinor(l.unitAmountMinor),
    taxRateBp: l.taxRateId != null || invoice.reverseCharge ? l.taxRateBp : null,
    // NOTE: a tax-inclusive invoice shows line amounts with tax, as the customer saw the prices.
    amountMinor: invoice.taxInclusive ? add(money(toMinor(l.amountMinor), currency), money(toMinor(l.taxMinor), currency)).minor : toMinor(l.amountMinor),
  }));
  const movements: PdfMovement[] = [
    ...entries.map(movement).filter((m): m is PdfMovement => m !== null),
    ...notes.map((n) => ({ date: n.issuedAt, description: `Credit note ${n.number}`, amountMinor: toMinor(n.totalMinor) })),
  ].sort((a, b) => a.date.getTime() - b.date.getTime());
  const facts: Array<[string, string]> = [];
  if (invoice.issuedAt) facts.push(['Invoice date', pdfDate(invoice.issuedAt)]);
  if (invoice.dueAt) facts.push(['Due date', pdfDate(invoice.dueAt)]);
  if (invoice.paidAt) facts.push(['Paid on', pdfDate(invoice.paidAt)]);
  if (invoice.voidedAt) facts.push(['Voided on', pdfDate(invoice.voidedAt)]);
  if (invoice.periodStart && invoice.periodEnd) facts.push(['Service period', `${pdfDate(invoice.periodStart)} - ${pdfDate(invoice.periodEnd)}`]);
  return {
    title: 'Invoice',
    number: invoice.number ?? `DRAFT-${invoice.id}`,
    stamp: await stampFor(invoice),
    currency,
    facts,
    ...who,
    lines: pdfLines,
    taxes: taxes.map((x): PdfTax => ({ name: x.name, rateBp: x.rateBp, taxableMinor: toMinor(x.taxableMinor), taxMinor: toMinor(x.taxMinor) })),
    taxInclusive: invoice.taxInclusive,
    subtotalMinor: toMinor(invoice.subtotalMinor),
    discountMinor: toMinor(invoice.discountMinor),
    taxMinor: toMinor(invoice.taxMinor),
    totalMinor: toMinor(invoice.totalMinor),
    amountDueMinor: invoice.status === 'draft' ? toMinor(invoice.totalMinor) : toMinor(invoice.amountDueMinor),
    movements,
    notes: notesOf(invoice.notes, footer),
    createdAt: invoice.issuedAt ?? invoice.createdAt,
  };
}

/** Everything the credit note PDF shows: its lines, tax, the invoice it corrects and where the money went. */
export async function loadCreditNoteView(creditNoteId: number): Promise<DocumentView> {
  const note = await CreditNote.findByPk(creditNoteId);
  if (!note) throw new NotFoundError('credit_note_not_found', `Credit note ${creditNoteId} not found`);
  const invoice = await InvoiceModel.findByPk(note.invoiceId);
  if (!invoice) throw new NotFoundError('invoice_not_found', `Invoice ${note.invoiceId} not found`);
  const currency = assertCurrency(note.currency);
  const [lines, taxes, entries, footer, who] = await Promise.all([
    CreditNoteLine.findAll({ where: { creditNoteId }, order: [['position', 'ASC'], ['id', 'ASC']] }),
    InvoiceTax.findAll({ where: { invoiceId: invoice.id } }),
    LedgerEntry.findAll({ where: { creditNoteId }, order: [['id', 'ASC']] }),
    getSetting('billing.invoice_footer'),
    parties(invoice),
  ]);
  const byRate = new Map<number, PdfTax>();
  for (const l of lines) {
    if (toMinor(l.taxMinor) === 0 && !invoice.reverseCharge) continue;
    const prev = byRate.get(l.taxRateBp) ?? { name: taxes.find((x) => x.rateBp === l.taxRateBp)?.name ?? 'Tax', rateBp: l.taxRateBp, taxableMinor: 0, taxMinor: 0 };
    byRate.set(l.taxRateBp, {
      ...prev,
      taxableMinor: add(money(prev.taxableMinor, currency), money(toMinor(l.amountMinor), currency)).minor,
      taxMinor: add(money(prev.taxMinor, currency), money(toMinor(l.taxMinor), currency)).minor,
    });
  }
  const targets: Record<string, string> = { gateway: 'original payment method', credit: 'account credit', none: 'nothing refunded (invoice cancelled)' };
  const refundedTo = targets[note.refundTo ?? 'none'];
  return {
    title: 'Credit note',
    number: note.number,
    stamp: 'CREDIT NOTE',
    currency,
    facts: [['Date', pdfDate(note.issuedAt)], ['Credits invoice', invoice.number ?? String(invoice.id)], ['Refunded to', refundedTo]],
    ...who,
    lines: lines.map((l) => ({ description: l.description, quantity: l.quantity, unitMinor: toMinor(l.amountMinor), taxRateBp: l.taxRateBp, amountMinor: toMinor(l.amountMinor) })),
    taxes: [...byRate.values()],
    taxInclusive: false,
    subtotalMinor: toMinor(note.subtotalMinor),
    discountMinor: 0,
    taxMinor: toMinor(note.taxMinor),
    totalMinor: toMinor(note.totalMinor),
    amountDueMinor: null,
    movements: entries.map(movement).filter((m): m is PdfMovement => m !== null).map((m) => ({ ...m, amountMinor: -m.amountMinor })),
    notes: [`Reason: ${note.reason}`, ...notesOf(note.memo, ''), ...(invoice.reverseCharge && invoice.notes ? [invoice.notes.split(/\n{2,}/)[0]] : []), ...notesOf(null, footer)],
    createdAt: note.issuedAt,
  };
}
