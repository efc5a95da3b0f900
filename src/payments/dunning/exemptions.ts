import { Op, type Transaction } from 'sequelize';
import { DunningExemption } from '../../models/index.js';

/**
 * SQL: an exemption is in force now for the invoice aliased `i` (its own, or its customer's). Uses the
 * `:now` replacement of the query it is part of.
 */
export function exemptNowSql(i: string): string {
  return `EXISTS (SELECT 1 FROM dunning_exemptions e WHERE e.ended_at IS NULL AND e.exempt_until > :now AND (e.invoice_id = ${i}.id OR e.customer_id = ${i}.customer_id))`;
}

/**
 * When the latest exemption of the invoice or its customer ended (its date, or when staff lifted it),
 * or null when there never was one. The suspension policy counts its grace from then, like a due-date extension.
 */
export async function exemptionEnd(invoice: { id: number; customerId: number }, t?: Transaction): Promise<Date | null> {
  const rows = await DunningExemption.findAll({
    where: { [Op.or]: [{ invoiceId: invoice.id }, { customerId: invoice.customerId }] },
    attributes: ['id', 'exemptUntil', 'endedAt'],
    transaction: t,
  });
  let end: Date | null = null;
  for (const row of rows) {
    const at = row.endedAt && row.endedAt < row.exemptUntil ? row.endedAt : row.exemptUntil;
    if (!end || at > end) end = at;
  }
  return end;
}

/** The later of two optional dates. */
export function laterOf(a: Date | null | undefined, b: Date | null | undefined): Date | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a > b ? a : b;
}
