import type { Transaction } from 'sequelize';
import { isUniqueViolation, inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { ConflictError } from '../../lib/errors.js';
import { LedgerEntry } from '../../models/ledger-entry.js';

/**
 * Runs a money movement once per idempotency key: when a ledger row with `key` exists, `replay`
 * answers from it instead. Two concurrent callers both pass the first check; the UNIQUE index
 * stops the second, whose transaction rolls back, and it then replays the winner's row.
 */
export async function withLedgerKey<T>(
  key: string,
  ctx: Ctx,
  run: (t: Transaction) => Promise<T>,
  replay: (entry: LedgerEntry, t: Transaction) => Promise<T>,
): Promise<T> {
  if (!key?.trim() || key.length > 191) throw new ConflictError('idempotency_key_invalid', 'An idempotency key of 1-191 characters is required');
  try {
    return await inTransaction(ctx, async (t) => {
      const existing = await LedgerEntry.findOne({ where: { idempotencyKey: key }, transaction: t });
      return existing ? replay(existing, t) : run(t);
    });
  } catch (err) {
    // NOTE: inside a caller's transaction the failed statement is theirs to roll back; only a transaction of our own can be retried.
    if (!isUniqueViolation(err) || ctx.transaction) throw err;
    const winner = await LedgerEntry.findOne({ where: { idempotencyKey: key } });
    if (!winner) throw err;
    return inTransaction(ctx, (t) => replay(winner, t));
  }
}

/** Refuses a key reused for a different movement (another kind, invoice or amount). */
export function assertSameMovement(entry: LedgerEntry, expected: { kind: string; invoiceId?: number | null; amountMinor?: number }): void {
  const sameInvoice = expected.invoiceId === undefined || Number(entry.invoiceId) === Number(expected.invoiceId);
  const sameAmount = expected.amountMinor === undefined || Number(entry.amountMinor) === expected.amountMinor;
  if (entry.kind !== expected.kind || !sameInvoice || !sameAmount) {
    throw new ConflictError('idempotency_key_reused', `Idempotency key ${entry.idempotencyKey} was used for another ${entry.kind} movement`);
  }
}
