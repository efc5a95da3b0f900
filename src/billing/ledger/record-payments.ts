import type { Transaction } from 'sequelize';
import { forUpdate, inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { ConflictError } from '../../lib/errors.js';
import { Invoice } from '../../models/invoice.js';
import { LedgerEntry } from '../../models/ledger-entry.js';
import { invoiceBalances } from './invoice-balance.js';
import type { PaymentResult, RecordPaymentInput } from './record-payment.js';
import { type SettlementChanges, settlementOf } from './settle-invoice.js';
import { entryRow } from './write-entry.js';

/** Statuses a batch pays: an issued invoice still owed (a paid or void one takes the overpayment path). */
const OWED = ['open', 'uncollectible'];

/** Writes each distinct settlement once for all the invoices it applies to. */
async function applySettlements(settlements: ReadonlyArray<{ id: number; changes: SettlementChanges }>, t: Transaction): Promise<void> {
  const groups = new Map<string, { changes: SettlementChanges; ids: number[] }>();
  for (const { id, changes } of settlements) {
    if (Object.keys(changes).length === 0) continue;
    const key = JSON.stringify(changes);
    const group = groups.get(key) ?? { changes, ids: [] };
    group.ids.push(id);
    groups.set(key, group);
  }
  // NOTE: hooks off: the per-row guards would reload each invoice; a settlement changes only the cached
  // amount due, status, paid date, retry date and dispute flag, never a column an issued invoice freezes.
  for (const { changes, ids } of groups.values()) await Invoice.update(changes, { where: { id: ids }, hooks: false, transaction: t });
}

/**
 * Records many gateway payments at once (a dunning batch), each with the outcome `recordPayment` gives it:
 * one ledger row per key, the balance re-derived from the ledger, the invoice marked paid. It writes the
 * plain case only: a key not yet in the ledger, an open invoice in the payment's currency owing at least
 * the amount, the system acting. Any other input is left out (null) for `recordPayment`, which replays,
 * refuses, audits or turns the overpayment into credit. The invoices are locked in id order before
 * anything is read, so a concurrent delivery of one of these payments waits, then finds the key and replays.
 */
export async function recordPayments(inputs: readonly RecordPaymentInput[], ctx: Ctx): Promise<Array<PaymentResult | null>> {
  const results: Array<PaymentResult | null> = inputs.map(() => null);
  if (inputs.length === 0 || ctx.actor.type === 'staff') return results;
  return inTransaction(ctx, async (t) => {
    const ids = [...new Set(inputs.map((i) => i.invoiceId))];
    const invoices = new Map((await Invoice.findAll({ where: { id: ids }, order: [['id', 'ASC']], ...forUpdate(t) })).map((i) => [i.id, i]));
    const keys = new Set(inputs.map((i) => i.idempotencyKey).filter((k) => typeof k === 'string' && k.trim() !== '' && k.length <= 191));
    const known = new Set((await LedgerEntry.findAll({ where: { idempotencyKey: [...keys] }, attributes: ['id', 'idempotencyKey'], transaction: t })).map((e) => e.idempotencyKey));
    const taken = new Set<number>();
    const plain: number[] = [];
    inputs.forEach((input, at) => {
      const invoice = invoices.get(input.invoiceId);
      const key = input.idempotencyKey;
      if (!invoice || taken.has(invoice.id) || !keys.has(key) || known.has(key) || !Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) return;
      // NOTE: amount_due_minor caches max(0, balance) in every movement's transaction and the row is locked:
      // a payment up to it cannot overpay, so no credit is involved.
      if (!OWED.includes(invoice.status) || input.currency !== invoice.currency || input.amountMinor > Number(invoice.amountDueMinor)) return;
      taken.add(invoice.id);
      known.add(key);
      plain.push(at);
    });
    if (plain.length === 0) return results;

    await LedgerEntry.bulkCreate(
      plain.map((at) => {
        const input = inputs[at]!;
        const invoice = invoices.get(input.invoiceId)!;
        return entryRow({
          customerId: invoice.customerId, invoiceId: invoice.id, kind: 'payment', amountMinor: input.amountMinor, currency: invoice.currency,
          gateway: input.gateway, gatewayReference: input.gatewayReference ?? null, paymentMethodId: input.paymentMethodId ?? null,
          paymentAttemptId: input.paymentAttemptId ?? null, occurredAt: input.occurredAt ?? ctx.now, idempotencyKey: input.idempotencyKey, memo: input.memo ?? null,
        }, ctx);
      }),
      { transaction: t },
    );
    // NOTE: read back by key: not every dialect hands the new ids to a multi-row INSERT.
    const entries = new Map((await LedgerEntry.findAll({ where: { idempotencyKey: plain.map((at) => inputs[at]!.idempotencyKey) }, transaction: t })).map((e) => [e.idempotencyKey, e]));
    const paidIds = plain.map((at) => inputs[at]!.invoiceId);
    const balances = await invoiceBalances(paidIds, t);
    const settled = plain.map((at) => {
      const invoice = invoices.get(inputs[at]!.invoiceId)!;
      const balance = balances.get(invoice.id);
      if (!balance || balance.balanceMinor < 0) throw new ConflictError('payment_batch_overpaid', `Invoice ${invoice.id}: the batch payment would overpay it`);
      return { at, invoice, balance, ...settlementOf(invoice, balance, ctx.now) };
    });
    await applySettlements(settled.map((s) => ({ id: s.invoice.id, changes: s.changes })), t);
    for (const s of settled) {
      // NOTE: raw: the row as stored now, with nothing left to save.
      s.invoice.set(s.changes, { raw: true });
      const entry = entries.get(inputs[s.at]!.idempotencyKey);
      if (!entry) throw new ConflictError('payment_batch_entry_missing', `Ledger entry ${inputs[s.at]!.idempotencyKey} was not written`);
      results[s.at] = { invoice: s.invoice, entry, balanceMinor: s.balance.balanceMinor, creditedMinor: 0, becamePaid: s.becamePaid, duplicate: false };
    }
    return results;
  });
}
