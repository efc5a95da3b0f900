import { Op } from 'sequelize';
import { isUniqueViolation } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { GatewayError } from '../../lib/errors.js';
import { PaymentAttempt } from '../../models/index.js';
import type { GatewayId } from '../gateway.js';
import { gatewayFor } from '../registry.js';
import { ensureStripeCustomer } from './ensure-stripe-customer.js';
import { loadPayableInvoice, type PayableInvoice } from './load-payable-invoice.js';
import { nextAttemptNumber } from './next-attempt-number.js';
import { appLink, invoicePageUrl, paymentPaths } from './urls.js';

/** Where to send the customer to pay, and the attempt that records it (none for bank transfer). */
export interface StartedPayment {
  readonly gateway: GatewayId;
  readonly redirectUrl: string;
  readonly gatewayRef: string;
  readonly attemptId: number | null;
}

/** A hosted page stays usable this long; a click within it returns the same page. */
const REUSE_MS = 60 * 60_000;

async function reusable(invoiceId: number, gateway: GatewayId, amountMinor: number, ctx: Ctx): Promise<PaymentAttempt | null> {
  return PaymentAttempt.findOne({
    where: {
      invoiceId, gateway, amountMinor, offSession: false, status: 'pending',
      actionUrl: { [Op.ne]: null }, attemptedAt: { [Op.gt]: new Date(ctx.now.getTime() - REUSE_MS) },
    },
    order: [['id', 'DESC']],
  });
}

async function openHostedPage(payable: PayableInvoice, gatewayId: 'stripe' | 'paypal', key: string, saveMethod: boolean, ctx: Ctx) {
  const { invoice, customer } = payable;
  const gateway = gatewayFor(gatewayId);
  const number = invoice.number ?? String(invoice.id);
  return gateway.startHostedPayment({
    invoiceId: invoice.id,
    invoiceNumber: number,
    description: `Invoice ${number}`,
    amount: { minor: Number(invoice.amountDueMinor), currency: invoice.currency },
    gatewayCustomerId: gatewayId === 'stripe' ? await ensureStripeCustomer(customer, ctx) : null,
    saveMethod: gatewayId === 'stripe' && saveMethod,
    returnUrl: gatewayId === 'paypal' ? appLink(paymentPaths.paypalReturn(invoice.id)) : `${invoicePageUrl(invoice.id)}?payment=processing`,
    cancelUrl: `${invoicePageUrl(invoice.id)}?payment=cancelled`,
    idempotencyKey: key,
  });
}

/**
 * The customer pays an open invoice: Stripe Checkout (payment mode, the card kept for renewals unless
 * `saveMethod: false`) or a PayPal order to approve; bank transfer shows the transfer details. The
 * attempt row's key is the gateway's idempotency key, and a second click within the hour returns the
 * same hosted page instead of opening another.
 */
export async function startInvoicePayment(invoiceId: number, gatewayId: GatewayId, ctx: Ctx, opts: { saveMethod?: boolean } = {}): Promise<StartedPayment> {
  const payable = await loadPayableInvoice(invoiceId, ctx);
  const { invoice } = payable;
  if (gatewayId === 'bank_transfer') {
    const redirect = await gatewayFor('bank_transfer').startHostedPayment({
      invoiceId, description: '', amount: { minor: Number(invoice.amountDueMinor), currency: invoice.currency }, returnUrl: '', cancelUrl: '', idempotencyKey: '',
    });
    return { gateway: gatewayId, redirectUrl: redirect.redirectUrl, gatewayRef: redirect.gatewayRef, attemptId: null };
  }
  gatewayFor(gatewayId);
  const amountMinor = Number(invoice.amountDueMinor);
  for (let tries = 0; tries < 3; tries++) {
    const existing = await reusable(invoice.id, gatewayId, amountMinor, ctx);
    if (existing?.actionUrl && existing.gatewayReference) {
      return { gateway: gatewayId, redirectUrl: existing.actionUrl, gatewayRef: existing.gatewayReference, attemptId: existing.id };
    }
    const attemptNumber = await nextAttemptNumber(invoice.id);
    const key = `pay:${invoice.id}:${gatewayId}:${attemptNumber}`;
    let attempt: PaymentAttempt;
    try {
      attempt = await PaymentAttempt.create({
        invoiceId: invoice.id, customerId: invoice.customerId, gateway: gatewayId, amountMinor, currency: invoice.currency,
        status: 'pending', attemptNumber, offSession: false, idempotencyKey: key, attemptedAt: ctx.now,
      });
    } catch (err) {
      // NOTE: a double click took the same attempt number first: take its page on the next turn.
      if (isUniqueViolation(err)) continue;
      throw err;
    }
    try {
      const redirect = await openHostedPage(payable, gatewayId, key, opts.saveMethod ?? true, ctx);
      await attempt.update({ gatewayReference: redirect.gatewayRef, actionUrl: redirect.redirectUrl });
      return { gateway: gatewayId, redirectUrl: redirect.redirectUrl, gatewayRef: redirect.gatewayRef, attemptId: attempt.id };
    } catch (err) {
      const code = err instanceof GatewayError ? (err.vendorCode ?? err.code) : 'error';
      await attempt.update({ status: 'failed', failureCode: code.slice(0, 100), failureMessage: (err as Error).message.slice(0, 255), completedAt: ctx.now });
      throw err;
    }
  }
  throw new GatewayError('gateway_busy', 'Another payment of this invoice is being started; try again', { retryable: true });
}
