// NOTE: Invoice and credit-note numbers are gap-free: a number is taken from its sequence row inside
// the transaction that writes the document, so a rollback returns it. When the format carries the
// year ({YYYY}/{YY}) each year has its own sequence (`invoice:2025`) and restarts at 1.
import { QueryTypes, type Transaction } from 'sequelize';
import { formatSequenceNumber, nextNumber } from '../db/sequences.js';
import { sequelize } from '../db/sequelize.js';
import { ValidationError } from '../lib/errors.js';
import { getSetting } from '../settings/index.js';

/** Numbered billing documents. */
export type DocumentType = 'invoice' | 'credit_note';

const FORMAT_SETTING = { invoice: 'billing.invoice_number_format', credit_note: 'billing.credit_note_number_format' } as const;

/** Renders a number format in UTC: {YYYY} {YY} {MM} {DD} {SEQ} {SEQ:n}; `INV-{YYYY}-{SEQ:6}`, 42 -> INV-2025-000042. */
export function formatDocumentNumber(format: string, value: number, at: Date): string {
  return formatSequenceNumber(format, value, at);
}

/** The sequence a document number is drawn from: per year when the format shows the year. */
export function sequenceNameFor(type: DocumentType, format: string, at: Date): string {
  return /\{YY(YY)?\}/.test(format) ? `${type}:${at.getUTCFullYear()}` : type;
}

/** Takes `count` consecutive numbers of a sequence inside `t` (one row lock, one UPDATE); gap-free like `nextNumber`. */
export async function allocateNumbers(name: string, count: number, t: Transaction): Promise<number[]> {
  if (!Number.isSafeInteger(count) || count < 1) throw new ValidationError('sequence_invalid_count', `Count must be at least 1, got ${count}`);
  const first = await nextNumber(name, t);
  if (count > 1) {
    // NOTE: nextNumber already holds the row lock in `t`; the rest of the block is one more UPDATE.
    await sequelize().query('UPDATE sequences SET next_value = next_value + :more WHERE name = :name', {
      replacements: { more: count - 1, name },
      type: QueryTypes.BULKUPDATE,
      transaction: t,
    });
  }
  return Array.from({ length: count }, (_, i) => first + i);
}

/** The next formatted number of an invoice or credit note issued at `at`, taken inside `t`. */
export async function nextDocumentNumber(type: DocumentType, at: Date, t: Transaction): Promise<string> {
  const [number] = await allocateDocumentNumbers(type, 1, at, t);
  return number;
}

/** `count` consecutive formatted numbers for documents issued at `at` (a batched renewal run), taken inside `t`. */
export async function allocateDocumentNumbers(type: DocumentType, count: number, at: Date, t: Transaction): Promise<string[]> {
  const format = await getSetting(FORMAT_SETTING[type], { transaction: t });
  const values = await allocateNumbers(sequenceNameFor(type, format, at), count, t);
  return values.map((value) => formatDocumentNumber(format, value, at));
}
