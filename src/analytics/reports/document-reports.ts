import { afterTimeAndId, customerName, decimal, isoOf, keysetRows } from './rows.js';
import { currencyFilter, ISSUED_STATUSES_SQL, type Report } from './report.js';

// NOTE: LEFT JOINs (every row has its customer) keep the driving table first, so the keyset order comes from its
// index; with inner joins MariaDB may start from users and sort the whole range on every batch.
const CUSTOMER_JOIN = 'LEFT JOIN customers c ON c.id = {t}.customer_id LEFT JOIN users u ON u.id = c.user_id';
const CUSTOMER_COLUMNS = 'c.company, c.billing_country, u.first_name, u.last_name, u.email';
/** A datetime column read as text (isoOf turns it into ISO 8601): MySQL's driver would build a Date per cell. */
const asText = (column: string, alias: string) => `CAST(${column} AS CHAR) AS ${alias}`;

/** Invoices issued in the range (every status but draft), oldest first. */
export const invoicesReport: Report = {
  name: 'invoices',
  title: 'Invoices',
  description: 'Every invoice issued in the range, with its totals and what is still due.',
  columns: ['number', 'issued_at', 'due_at', 'paid_at', 'status', 'kind', 'customer_id', 'customer', 'email', 'country', 'currency', 'subtotal', 'discount', 'tax', 'total', 'amount_due'],
  async *rows(params) {
    const cur = currencyFilter('i.currency', params);
    const rows = keysetRows(
      (after) =>
        `SELECT i.id, i.number, ${asText('i.issued_at', 'issued_at')}, ${asText('i.due_at', 'due_at')}, ${asText('i.paid_at', 'paid_at')}, i.status, i.kind, i.customer_id, i.currency, i.subtotal_minor, i.discount_minor, i.tax_minor, i.total_minor, i.amount_due_minor, ${CUSTOMER_COLUMNS} ` +
        `FROM invoices i ${CUSTOMER_JOIN.replace('{t}', 'i')} WHERE i.issued_at >= :from AND i.issued_at < :to ${cur.sql} AND ${after} ORDER BY i.issued_at, i.id LIMIT :batch`,
      { from: params.from, to: params.to, ...cur.values },
      afterTimeAndId('i.issued_at', 'i.id', 'issued_at', 'id', 'from'),
    );
    for await (const r of rows) {
      yield [
        r.number as string, isoOf(r.issued_at), isoOf(r.due_at), isoOf(r.paid_at), r.status as string, r.kind as string, Number(r.customer_id), customerName(r), r.email as string,
        (r.billing_country as string | null) ?? '', r.currency as string, decimal(r.subtotal_minor, r.currency), decimal(r.discount_minor, r.currency), decimal(r.tax_minor, r.currency),
        decimal(r.total_minor, r.currency), decimal(r.amount_due_minor, r.currency),
      ];
    }
  },
};

function ledgerReport(name: string, title: string, description: string, kinds: string[]): Report {
  return {
    name,
    title,
    description,
    columns: ['id', 'occurred_at', 'kind', 'invoice', 'credit_note', 'customer_id', 'customer', 'email', 'gateway', 'gateway_reference', 'currency', 'amount', 'memo'],
    async *rows(params) {
      const cur = currencyFilter('l.currency', params);
      const rows = keysetRows(
        (after) =>
          `SELECT l.id, ${asText('l.occurred_at', 'occurred_at')}, l.kind, l.customer_id, l.gateway, l.gateway_reference, l.currency, l.amount_minor, l.memo, i.number AS invoice_number, n.number AS note_number, ${CUSTOMER_COLUMNS} ` +
          `FROM ledger_entries l ${CUSTOMER_JOIN.replace('{t}', 'l')} LEFT JOIN invoices i ON i.id = l.invoice_id LEFT JOIN credit_notes n ON n.id = l.credit_note_id ` +
          `WHERE l.kind IN (${kinds.map((k) => `'${k}'`).join(', ')}) AND l.occurred_at >= :from AND l.occurred_at < :to ${cur.sql} AND ${after} ORDER BY l.occurred_at, l.id LIMIT :batch`,
        { from: params.from, to: params.to, ...cur.values },
        afterTimeAndId('l.occurred_at', 'l.id', 'occurred_at', 'id', 'from'),
      );
      for await (const r of rows) {
        yield [
          Number(r.id), isoOf(r.occurred_at), r.kind as string, (r.invoice_number as string | null) ?? '', (r.note_number as string | null) ?? '', Number(r.customer_id), customerName(r),
          r.email as string, (r.gateway as string | null) ?? '', (r.gateway_reference as string | null) ?? '', r.currency as string, decimal(r.amount_minor, r.currency), (r.memo as string | null) ?? '',
        ];
      }
    },
  };
}

/** Payments received in the range (ledger rows of kind payment). */
export const paymentsReport = ledgerReport('payments', 'Payments', 'Every payment received in the range, by gateway.', ['payment']);

/** Refunds and chargebacks in the range; amounts are positive, the kind says which. */
export const refundsReport = ledgerReport('refunds', 'Refunds', 'Refunds and chargebacks in the range (amounts positive, the kind says which).', ['refund', 'chargeback']);

/** Bandwidth overage lines of invoices issued in the range. */
export const overageReport: Report = {
  name: 'overage',
  title: 'Overage revenue',
  description: 'Bandwidth overage billed on invoices issued in the range, line by line.',
  columns: ['invoice', 'issued_at', 'status', 'customer_id', 'customer', 'email', 'description', 'quantity', 'unit_amount', 'amount', 'currency'],
  async *rows(params) {
    const cur = currencyFilter('i.currency', params);
    const rows = keysetRows(
      (after) =>
        `SELECT l.id, l.description, l.quantity, l.unit_amount_minor, l.amount_minor, i.number, i.issued_at, i.status, i.customer_id, i.currency, ${CUSTOMER_COLUMNS} ` +
        `FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id ${CUSTOMER_JOIN.replace('{t}', 'i')} ` +
        `WHERE l.kind = 'overage' AND i.status IN ${ISSUED_STATUSES_SQL} AND i.issued_at >= :from AND i.issued_at < :to ${cur.sql} AND ${after} ORDER BY l.id LIMIT :batch`,
      { from: params.from, to: params.to, ...cur.values },
      (last) => ({ condition: 'l.id > :afterId', values: { afterId: last.id } }),
    );
    for await (const r of rows) {
      yield [
        r.number as string, isoOf(r.issued_at), r.status as string, Number(r.customer_id), customerName(r), r.email as string, r.description as string, Number(r.quantity),
        decimal(r.unit_amount_minor, r.currency), decimal(r.amount_minor, r.currency), r.currency as string,
      ];
    }
  },
};
