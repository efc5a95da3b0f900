// NOTE: An invoice's balance is derived from the ledger, never stored as truth:
//   balance = total - payments + refunds + chargebacks - chargeback reversals
//             - credit applied + credit granted out of it (overpayments, refunds to credit, voids)
//             - credit notes
// Refunds come with a credit note of the same amount, so a refund never reopens a paid invoice;
// a chargeback does. `amount_due_minor` caches max(0, balance) in the same transaction.
import { QueryTypes, type Transaction } from 'sequelize';
import { sequelize } from '../../db/sequelize.js';
import { NotFoundError } from '../../lib/errors.js';
import type { LedgerEntryKind } from '../../models/enums.js';
import { type CurrencyCode, add, money, subtract, sum, toMinor, assertCurrency } from '../money.js';
import { sharedReadSql } from './locking-read.js';

/** The money movements of one invoice, summed by what they mean. */
export interface InvoiceBalance {
  readonly currency: CurrencyCode;
  readonly totalMinor: number;
  /** Money received through gateways and still kept: payments - refunds - chargebacks + reversals. */
  readonly gatewayNetMinor: number;
  /** Account credit used on the invoice and not given back: credit_apply - credit_grant. */
  readonly creditNetMinor: number;
  /** Chargebacks not reversed. */
  readonly disputedMinor: number;
  /** Sum of the invoice's credit notes. */
  readonly creditedMinor: number;
  /** What is still owed; negative when overpaid. */
  readonly balanceMinor: number;
}

/** Computes an invoice's balance from its ledger rows and credit notes, inside `t`. */
export async function invoiceBalance(invoiceId: number, t?: Transaction): Promise<InvoiceBalance> {
  const s = sequelize();
  const [invoice] = await s.query<{ total_minor: unknown; currency: string }>(`SELECT total_minor, currency FROM invoices WHERE id = :invoiceId${sharedReadSql(t)}`, {
    replacements: { invoiceId },
    type: QueryTypes.SELECT,
    transaction: t,
  });
  if (!invoice) throw new NotFoundError('invoice_not_found', `Invoice ${invoiceId} not found`);
  const rows = await s.query<{ kind: LedgerEntryKind; total: unknown }>(
    `SELECT kind, SUM(amount_minor) AS total FROM ledger_entries WHERE invoice_id = :invoiceId GROUP BY kind${sharedReadSql(t)}`,
    { replacements: { invoiceId }, type: QueryTypes.SELECT, transaction: t },
  );
  const [notes] = await s.query<{ total: unknown }>(`SELECT COALESCE(SUM(total_minor), 0) AS total FROM credit_notes WHERE invoice_id = :invoiceId${sharedReadSql(t)}`, {
    replacements: { invoiceId },
    type: QueryTypes.SELECT,
    transaction: t,
  });
  return balanceFrom(invoice, rows, notes?.total ?? 0);
}

/** `invoiceBalance` of many invoices in three queries (a batch of payments), by invoice id; unknown ids are left out. */
export async function invoiceBalances(invoiceIds: readonly number[], t?: Transaction): Promise<Map<number, InvoiceBalance>> {
  const out = new Map<number, InvoiceBalance>();
  if (invoiceIds.length === 0) return out;
  const s = sequelize();
  const ids = [...new Set(invoiceIds)];
  const invoices = await s.query<{ id: unknown; total_minor: unknown; currency: string }>(`SELECT id, total_minor, currency FROM invoices WHERE id IN (:ids)${sharedReadSql(t)}`, {
    replacements: { ids },
    type: QueryTypes.SELECT,
    transaction: t,
  });
  const rows = await s.query<{ invoice_id: unknown; kind: LedgerEntryKind; total: unknown }>(
    `SELECT invoice_id, kind, SUM(amount_minor) AS total FROM ledger_entries WHERE invoice_id IN (:ids) GROUP BY invoice_id, kind${sharedReadSql(t)}`,
    { replacements: { ids }, type: QueryTypes.SELECT, transaction: t },
  );
  const notes = await s.query<{ invoice_id: unknown; total: unknown }>(
    `SELECT invoice_id, SUM(total_minor) AS total FROM credit_notes WHERE invoice_id IN (:ids) GROUP BY invoice_id${sharedReadSql(t)}`,
    { replacements: { ids }, type: QueryTypes.SELECT, transaction: t },
  );
  for (const invoice of invoices) {
    const id = Number(invoice.id);
    const note = notes.find((n) => Number(n.invoice_id) === id);
    out.set(id, balanceFrom(invoice, rows.filter((r) => Number(r.invoice_id) === id), note?.total ?? 0));
  }
  return out;
}

/** The balance arithmetic over an invoice's total, its ledger sums by kind and its credit notes' sum. */
function balanceFrom(invoice: { total_minor: unknown; currency: string }, rows: ReadonlyArray<{ kind: LedgerEntryKind; total: unknown }>, notesTotal: unknown): InvoiceBalance {
  const currency = assertCurrency(invoice.currency);
  const by = (kind: LedgerEntryKind) => money(toMinor(rows.find((r) => r.kind === kind)?.total ?? 0), currency);
  const total = money(toMinor(invoice.total_minor), currency);
  const credited = money(toMinor(notesTotal), currency);
  const disputed = subtract(by('chargeback'), by('chargeback_reversal'));
  const gatewayNet = subtract(subtract(by('payment'), by('refund')), disputed);
  const creditNet = subtract(by('credit_apply'), by('credit_grant'));
  const balance = subtract(total, sum([gatewayNet, creditNet, credited], currency));
  return {
    currency,
    totalMinor: total.minor,
    gatewayNetMinor: gatewayNet.minor,
    creditNetMinor: creditNet.minor,
    disputedMinor: disputed.minor,
    creditedMinor: credited.minor,
    balanceMinor: balance.minor,
  };
}

/** What has been paid towards the invoice by any means (gateway money kept plus credit used). */
export function paidMinor(b: InvoiceBalance): number {
  return add(money(b.gatewayNetMinor, b.currency), money(b.creditNetMinor, b.currency)).minor;
}
