import { z } from 'zod';
import { issueInvoice } from '../../src/billing/invoices/issue-invoice.js';
import { voidInvoice } from '../../src/billing/invoices/void-invoice.js';
import { recordBankTransferPayment } from '../../src/payments/bank-transfer/record-bank-transfer-payment.js';
import { refundPayment } from '../../src/payments/operations/refund-payment.js';
import { extendInvoiceDueDate } from '../operations/extend-invoice-due-date.js';
import { resendInvoice } from '../operations/resend-invoice.js';
import type { AnyAction } from '../rbac.js';
import { calendarDay, decimalAmount, FIELDS, noInput, optionalText, reason, toMinorUnits, withReason } from './inputs.js';
import { bulkOperationAction, operationAction } from './operation-action.js';

const isStatus = (...statuses: string[]) => (p: Record<string, unknown>) => statuses.includes(String(p.status));

/** What staff enter for a bank transfer seen on the statement. */
const bankTransfer = z.object({
  amount: decimalAmount,
  /** The bank's reference of the statement line: the same reference twice records the payment once. */
  reference: z.string().trim().min(1).max(120),
  receivedOn: calendarDay,
});

/** A refund (to credit or back through the gateway): everything still refundable unless an amount is given. */
const refund = z.object({ reason, amount: optionalText(16).pipe(decimalAmount.optional()) });

/** Invoice operations for finance: issue a draft, void with a reason, record a bank transfer, refund to credit. */
/** A full or partial refund of an invoice's payments, to account credit or back through the gateway. */
function refundAction(to: 'credit' | 'gateway', labels: { icon: string; guard: string; done: string }): AnyAction {
  return operationAction({
    ...labels,
    when: isStatus('open', 'paid', 'uncollectible'),
    input: refund,
    fields: [FIELDS.reason, FIELDS.partialAmount],
    run: (id, input, ctx, params) =>
      refundPayment({ invoiceId: id, to, reason: input.reason, amountMinor: input.amount === undefined ? undefined : toMinorUnits(input.amount, params.currency) }, ctx),
  });
}

export const invoiceActions: Record<string, AnyAction> = {
  issue: operationAction({
    icon: 'Send',
    guard: 'confirmIssueInvoice',
    when: isStatus('draft'),
    input: noInput,
    run: (id, _input, ctx) => issueInvoice(id, ctx),
    done: 'invoiceIssued',
  }),
  void: operationAction({
    icon: 'Slash',
    guard: 'confirmVoidInvoice',
    when: isStatus('open', 'uncollectible'),
    input: withReason,
    fields: [FIELDS.reason],
    run: (id, input, ctx) => voidInvoice(id, input.reason, ctx),
    done: 'invoiceVoided',
  }),
  recordBankTransfer: operationAction({
    icon: 'DollarSign',
    guard: 'confirmRecordBankTransfer',
    when: isStatus('open', 'uncollectible'),
    input: bankTransfer,
    fields: [
      FIELDS.amount,
      { name: 'reference', label: 'Bank reference of the statement line', kind: 'text', required: true },
      { name: 'receivedOn', label: 'Received on', kind: 'date', required: true },
    ],
    run: (id, input, ctx, params) =>
      recordBankTransferPayment({ invoiceId: id, amountMinor: toMinorUnits(input.amount, params.currency), reference: input.reference, receivedOn: input.receivedOn }, ctx),
    done: 'bankTransferRecorded',
  }),
  refundToCredit: refundAction('credit', { icon: 'RotateCcw', guard: 'confirmRefundToCredit', done: 'refundedToCredit' }),
  refundToGateway: refundAction('gateway', { icon: 'CornerUpLeft', guard: 'confirmRefundToGateway', done: 'refundedToGateway' }),
  resend: operationAction({
    icon: 'Mail',
    guard: 'confirmResendInvoice',
    when: isStatus('open', 'paid', 'uncollectible'),
    input: noInput,
    run: (id, _input, ctx) => resendInvoice(id, ctx),
    done: 'invoiceResent',
  }),
  extendDueDate: operationAction({
    icon: 'Calendar',
    guard: 'confirmExtendInvoiceDueDate',
    when: isStatus('open'),
    input: z.object({ until: calendarDay.refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)), 'a real calendar day'), reason }),
    fields: [{ name: 'until', label: 'New due date (UTC day)', kind: 'date', required: true }, FIELDS.reason],
    // NOTE: the invoice falls due at the end of the given UTC day.
    run: (id, input, ctx) => extendInvoiceDueDate({ invoiceId: id, until: new Date(`${input.until}T23:59:59Z`), reason: input.reason }, ctx),
    done: 'invoiceDueDateExtended',
  }),
  bulkResend: bulkOperationAction({
    icon: 'Mail',
    guard: 'confirmBulkResendInvoices',
    when: isStatus('open', 'paid', 'uncollectible'),
    input: noInput,
    run: (id, _input, ctx) => resendInvoice(id, ctx),
    done: 'invoicesResent',
  }),
};
