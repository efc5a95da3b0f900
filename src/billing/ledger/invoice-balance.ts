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
  const currency = assertCurrency(invoice.currency);
  const rows = await s.query<{ kind: LedgerEntryKind; total: unknown }>(
    `SELECT kind, SUM(amount_minor) AS total FROM ledger_entries WHERE invoice_id = :invoiceId GROUP BY kind${sharedReadSql(t)}`,
    { replacements: { invoiceId }, type: QueryTypes.SELECT, transaction: t },
  );
  const [notes] = await s.query<{ total: unknown }>(`SELECT COALESCE(SUM(total_minor), 0) AS total FROM credit_notes WHERE invoice_id = :invoiceId${sharedReadSql(t)}`, {
    replacements: { invoiceId },
    type: QueryTypes.SELECT,
    transaction: t,
  });
  const by = (kind: LedgerEntryKind) => money(toMinor(rows.find((r) => r.kind === kind)?.total ?? 0), currency);
  const total = money(toMinor(invoice.total_minor), currency);
  const credited = money(toMinor(notes?.total ?? 0), currency);
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
