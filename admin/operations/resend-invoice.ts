import { recordAudit } from '../../src/audit/record-audit.js';
import { inTransaction } from '../../src/db/transaction.js';
import { withTx, type Ctx } from '../../src/lib/context.js';
import { ConflictError, NotFoundError } from '../../src/lib/errors.js';
import { Customer, Invoice, User } from '../../src/models/index.js';
import { enqueueMail } from '../../src/notify/enqueue-mail.js';
import { invoiceNoticeVars } from '../../src/payments/operations/payment-notices.js';

const RESENDABLE = ['open', 'paid', 'uncollectible'];

/**
 * Mails an issued invoice (with its PDF) to the customer again, at staff request.
 * NOTE: one resend per invoice per minute: a double click or a repeated bulk run queues one mail.
 */
export async function resendInvoice(invoiceId: number, ctx: Ctx): Promise<{ queued: boolean }> {
  return inTransaction(ctx, async (transaction) => {
    const invoice = await Invoice.findByPk(invoiceId, { transaction });
    if (!invoice) throw new NotFoundError('invoice_not_found', `Invoice ${invoiceId} not found`);
    if (!RESENDABLE.includes(invoice.status)) throw new ConflictError('invoice_not_resendable', `Invoice ${invoice.number ?? invoiceId} is ${invoice.status} and cannot be sent`);
    const customer = await Customer.findByPk(invoice.customerId, { attributes: ['id', 'userId'], transaction });
    const user = customer ? await User.findByPk(customer.userId, { attributes: ['id', 'email', 'firstName', 'lastName'], transaction }) : null;
    if (!user) throw new NotFoundError('customer_not_found', `The customer of invoice ${invoice.number ?? invoiceId} has no account`);
    const minute = ctx.now.toISOString().slice(0, 16);
    const { queued } = await enqueueMail(
      {
        to: user.email,
        toName: user.fullName,
        userId: user.id,
        template: 'invoice-issued',
        subject: `Invoice ${invoice.number ?? `#${invoice.id}`}`,
        dedupeKey: `invoice.resent:${invoice.id}:${minute}`,
        data: { name: user.firstName ?? user.fullName, kind: invoice.kind, ...invoiceNoticeVars(invoice) },
        attachments: [{ kind: 'invoice_pdf', invoiceId: invoice.id }],
      },
      withTx(ctx, transaction),
    );
    if (queued) await recordAudit({ action: 'invoice.resent', entityType: 'invoice', entityId: invoice.id, before: null, after: { to: user.email } }, withTx(ctx, transaction));
    return { queued };
  });
}
