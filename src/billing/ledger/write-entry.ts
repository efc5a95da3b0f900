import type { CreationAttributes, Transaction } from 'sequelize';
import type { Ctx } from '../../lib/context.js';
import type { CurrencyCode, LedgerEntryKind, PaymentGatewayName } from '../../models/enums.js';
import { LedgerEntry } from '../../models/ledger-entry.js';

/** A ledger row to append; amounts are positive, the kind gives the sign. */
export interface EntryInput {
  readonly customerId: number;
  readonly kind: LedgerEntryKind;
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
  readonly idempotencyKey: string;
  readonly invoiceId?: number | null;
  readonly creditNoteId?: number | null;
  readonly relatedEntryId?: number | null;
  readonly gateway?: PaymentGatewayName | null;
  readonly gatewayReference?: string | null;
  readonly paymentMethodId?: number | null;
  readonly paymentAttemptId?: number | null;
  readonly occurredAt?: Date;
  readonly memo?: string | null;
  readonly metadata?: Record<string, unknown> | null;
}

/** The row `writeEntry` inserts (also what a batch of entries inserts at once), recorded by the acting user. */
export function entryRow(input: EntryInput, ctx: Ctx): CreationAttributes<LedgerEntry> {
  return {
    customerId: input.customerId,
    invoiceId: input.invoiceId ?? null,
    creditNoteId: input.creditNoteId ?? null,
    paymentAttemptId: input.paymentAttemptId ?? null,
    relatedEntryId: input.relatedEntryId ?? null,
    kind: input.kind,
    amountMinor: input.amountMinor,
    currency: input.currency,
    gateway: input.gateway ?? null,
    gatewayReference: input.gatewayReference ?? null,
    paymentMethodId: input.paymentMethodId ?? null,
    occurredAt: input.occurredAt ?? ctx.now,
    recordedBy: ctx.actor.userId,
    memo: input.memo ? input.memo.slice(0, 255) : null,
    idempotencyKey: input.idempotencyKey,
    metadata: input.metadata ?? null,
  };
}

/** Appends one ledger row inside `t`, recorded by the acting user. */
export async function writeEntry(input: EntryInput, ctx: Ctx, t: Transaction): Promise<LedgerEntry> {
  return LedgerEntry.create(entryRow(input, ctx), { transaction: t });
}
