import type { Transaction } from 'sequelize';
import type { Invoice } from '../../models/invoice.js';
import { type InvoiceBalance, invoiceBalance } from './invoice-balance.js';

/** The balance after a movement and what changed on the invoice. */
export interface Settlement {
  readonly balance: InvoiceBalance;
  /** The invoice went from open/uncollectible to paid. */
  readonly becamePaid: boolean;
  /** A paid invoice is owed again (a chargeback). */
  readonly reopened: boolean;
}

/** What a settlement changes on an invoice. */
export type SettlementChanges = Partial<Pick<Invoice, 'amountDueMinor' | 'status' | 'paidAt' | 'disputed' | 'nextRetryAt'>>;

/**
 * What `balance` (derived from the ledger) changes on the invoice: amount_due_minor caches the balance,
 * the status goes to paid when nothing is owed, back to open when a chargeback makes it owed again.
 */
export function settlementOf(invoice: Invoice, balance: InvoiceBalance, now: Date): { changes: SettlementChanges; becamePaid: boolean; reopened: boolean } {
  const due = Math.min(Math.max(balance.balanceMinor, 0), invoice.totalMinor);
  let becamePaid = false;
  let reopened = false;
  const changes: SettlementChanges = {};
  if (invoice.amountDueMinor !== due) changes.amountDueMinor = due;
  if ((invoice.status === 'open' || invoice.status === 'uncollectible') && balance.balanceMinor <= 0) {
    Object.assign(changes, { status: 'paid', paidAt: now, nextRetryAt: null });
    becamePaid = true;
  } else if (invoice.status === 'paid' && balance.balanceMinor > 0) {
    // NOTE: only a chargeback can make a paid invoice owed again; it goes back to open so dunning sees it.
    Object.assign(changes, { status: 'open', paidAt: null });
    reopened = true;
  }
  const disputed = balance.disputedMinor > 0;
  if (invoice.disputed !== disputed) changes.disputed = disputed;
  return { changes, becamePaid, reopened };
}

/** Recomputes a (row-locked) invoice's balance from the ledger and applies the settlement to the invoice. */
export async function settleInvoice(invoice: Invoice, now: Date, t: Transaction): Promise<Settlement> {
  const balance = await invoiceBalance(invoice.id, t);
  const { changes, becamePaid, reopened } = settlementOf(invoice, balance, now);
  if (Object.keys(changes).length > 0) await invoice.update(changes, { transaction: t });
  return { balance, becamePaid, reopened };
}
