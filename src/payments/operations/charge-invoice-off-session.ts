import type { CreationAttributes } from 'sequelize';
import type { RecordPaymentInput } from '../../billing/ledger/record-payment.js';
import { isUniqueViolation } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { GatewayError } from '../../lib/errors.js';
import { Customer, Invoice, PaymentAttempt, type PaymentMethod } from '../../models/index.js';
import type { ChargeResult } from '../gateway.js';
import { gatewayFor } from '../registry.js';
import { chargeCandidatesOf } from './charge-candidates.js';
import { type CallLimit, unlimited } from './call-limit.js';
import { type DbLane, directLane } from './db-lane.js';
import { mailInvoiceNotice } from './payment-notices.js';
import type { PaymentRecorder } from './payment-recorder.js';
import { paymentLedgerKey, receivePayment } from './receive-payment.js';
import { invoicePageUrl } from './urls.js';

/** How an off-session charge ended; `attempts` are the rows this call wrote or finished. */
export interface OffSessionCharge {
  readonly status: 'succeeded' | 'pending' | 'requires_action' | 'failed' | 'no_method' | 'not_payable';
  readonly attempts: PaymentAttempt[];
  readonly actionUrl: string | null;
  readonly declineCode: string | null;
}

const outcome = (status: OffSessionCharge['status'], attempts: PaymentAttempt[], extra: Partial<OffSessionCharge> = {}): OffSessionCharge => ({
  status, attempts, actionUrl: null, declineCode: null, ...extra,
});

/** What a charge starts from: the invoice, its customer, the cards to try and the invoice's earlier attempts (newest first). */
export interface ChargeContext {
  readonly invoice: Invoice;
  readonly customer: Customer | null;
  readonly methods: PaymentMethod[];
  readonly attempts: PaymentAttempt[];
}

/** Loads the charge contexts of many invoices at once (a dunning batch: four queries, not four per invoice). */
export async function loadChargeContexts(invoiceIds: readonly number[], now: Date): Promise<Map<number, ChargeContext>> {
  const out = new Map<number, ChargeContext>();
  if (invoiceIds.length === 0) return out;
  const invoices = await Invoice.findAll({ where: { id: [...invoiceIds] } });
  const customers = await Customer.findAll({ where: { id: [...new Set(invoices.map((i) => i.customerId))] } });
  const methods = await chargeCandidatesOf(customers, now);
  const attempts = await PaymentAttempt.findAll({ where: { invoiceId: invoices.map((i) => i.id) }, order: [['id', 'DESC']] });
  for (const invoice of invoices) {
    const customer = customers.find((c) => c.id === invoice.customerId) ?? null;
    out.set(invoice.id, { invoice, customer, methods: customer ? (methods.get(customer.id) ?? []) : [], attempts: attempts.filter((a) => a.invoiceId === invoice.id) });
  }
  return out;
}

/** A pending off-session attempt of `invoice` on `method`; `attemptNumber` is in its key, which Stripe dedupes on. */
export function offSessionAttemptRow(invoice: Invoice, method: PaymentMethod, attemptNumber: number, now: Date): CreationAttributes<PaymentAttempt> {
  return {
    invoiceId: invoice.id, customerId: invoice.customerId, gateway: 'stripe', paymentMethodId: method.id, amountMinor: Number(invoice.amountDueMinor),
    currency: invoice.currency, status: 'pending', attemptNumber, offSession: true, idempotencyKey: `charge:${invoice.id}:${attemptNumber}`, attemptedAt: now,
  };
}

/** The attempt number after every earlier attempt of the invoice. */
export function nextNumberAfter(attempts: readonly PaymentAttempt[]): number {
  return attempts.reduce((max, a) => Math.max(max, Number(a.attemptNumber)), 0) + 1;
}

/**
 * The attempt for `method`: the unfinished one (a crashed run: same key, so the gateway replays) or a new
 * one numbered after every earlier attempt of the invoice (`attempts`, kept up to date here).
 */
async function attemptFor(invoice: Invoice, method: PaymentMethod, attempts: PaymentAttempt[], ctx: Ctx): Promise<PaymentAttempt | null> {
  const unfinished = attempts.find((a) => a.paymentMethodId === method.id && a.offSession && a.status === 'pending');
  if (unfinished && Number(unfinished.amountMinor) === Number(invoice.amountDueMinor)) return unfinished;
  if (unfinished) await unfinished.update({ status: 'cancelled', completedAt: ctx.now });
  const attemptNumber = nextNumberAfter(attempts);
  try {
    const attempt = await PaymentAttempt.create(offSessionAttemptRow(invoice, method, attemptNumber, ctx.now));
    attempts.unshift(attempt);
    return attempt;
  } catch (err) {
    // NOTE: another worker is charging this invoice right now (same attempt number): leave it to them.
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/** Vendor codes that condemn one saved method (gone, not the customer's), not the whole rail. */
const METHOD_ERRORS = new Set(['resource_missing', 'payment_method_invalid_parameter', 'payment_method_unactivated', 'payment_method_not_available']);

/**
 * Calls the rail. A retryable error is thrown with the attempt left pending (same key next time); an
 * error about this card becomes a hard decline; a reused key with other parameters a soft failure;
 * anything else (our keys, our request) is thrown: no other card would fare better.
 */
async function charge(invoice: Invoice, customer: Customer, method: PaymentMethod, attempt: PaymentAttempt): Promise<ChargeResult> {
  const gateway = gatewayFor('stripe');
  if (!gateway.chargeOffSession) throw new GatewayError('gateway_charge_unsupported', 'Stripe rail cannot charge off-session');
  try {
    return await gateway.chargeOffSession({
      invoiceId: invoice.id,
      description: `Invoice ${invoice.number ?? invoice.id}`,
      amount: { minor: Number(attempt.amountMinor), currency: invoice.currency },
      gatewayCustomerId: customer.stripeCustomerId ?? '',
      paymentMethodId: method.gatewayToken,
      returnUrl: `${invoicePageUrl(invoice.id)}?payment=authenticated`,
      idempotencyKey: attempt.idempotencyKey,
    });
  } catch (err) {
    if (!(err instanceof GatewayError) || err.retryable) throw err;
    const code = err.vendorCode ?? err.code;
    if (METHOD_ERRORS.has(code)) return { status: 'failed', gatewayRef: null, declineCode: code, decline: 'hard', message: err.message };
    if (err.code === 'gateway_idempotency_conflict') return { status: 'failed', gatewayRef: null, declineCode: code, decline: 'soft', message: err.message };
    throw err;
  }
}

/** Writes the outcome of one try; true when the invoice is settled for this call (paid, pending, or the customer must act). */
async function settle(invoice: Invoice, method: PaymentMethod, attempt: PaymentAttempt, result: ChargeResult, ctx: Ctx): Promise<boolean> {
  switch (result.status) {
    case 'failed':
      await attempt.update({ status: 'failed', gatewayReference: result.gatewayRef, failureCode: result.declineCode.slice(0, 100), failureMessage: result.message.slice(0, 255), declineType: result.decline, completedAt: ctx.now });
      return false;
    case 'requires_action':
      await attempt.update({ status: 'requires_action', gatewayReference: result.gatewayRef, actionUrl: result.actionUrl });
      await mailInvoiceNotice(invoice, {
        template: 'payment-action-required', subject: `Please confirm your payment for invoice ${invoice.number ?? invoice.id}`,
        dedupeKey: `payment.action_required:${attempt.id}`, data: { actionUrl: result.actionUrl, cardLabel: `${method.brand ?? 'card'} ending ${method.last4 ?? '****'}` },
      }, ctx);
      return true;
    case 'pending':
      await attempt.update({ gatewayReference: result.gatewayRef });
      return true;
    case 'succeeded':
      await receivePayment(paymentOf(invoice, method, attempt, result, ctx), ctx, (t) =>
        attempt.update({ status: 'succeeded', gatewayReference: result.gatewayRef, completedAt: ctx.now }, { transaction: t }));
      return true;
  }
}

/** The payment a succeeded charge records, under the PaymentIntent's ledger key (the webhook's key too). */
function paymentOf(invoice: Invoice, method: PaymentMethod, attempt: PaymentAttempt, result: Extract<ChargeResult, { status: 'succeeded' }>, ctx: Ctx): RecordPaymentInput {
  return {
    invoiceId: invoice.id, amountMinor: result.amount.minor, currency: invoice.currency, gateway: 'stripe', gatewayReference: result.paymentRef,
    idempotencyKey: paymentLedgerKey('stripe', result.paymentRef), paymentMethodId: method.id, paymentAttemptId: attempt.id, occurredAt: ctx.now,
  };
}

/**
 * Charges an open invoice's amount due to the customer's saved cards, default first, then the others
 * (key `charge:<invoiceId>:<attempt>`, sent to Stripe). Paid: recorded under the PaymentIntent id
 * (the webhook's key too). 3-D Secure: the invoice stays open, the attempt keeps the authentication
 * link and the customer is mailed it. A hard decline rules that card out for good. A network error
 * leaves the attempt pending and is thrown: the next run repeats the same key, so Stripe charges once.
 * `lane` runs the database sections (a job queues them on SQLite); gateway calls run outside it, under
 * `calls` (a job's limit of concurrent gateway calls). `record` receives a succeeded charge instead of
 * `receivePayment` (a job's recorder, batching the writes).
 */
export async function chargeInvoiceOffSession(
  invoiceId: number,
  ctx: Ctx,
  opts: { lane?: DbLane; calls?: CallLimit; loaded?: ChargeContext | null; record?: PaymentRecorder } = {},
): Promise<OffSessionCharge> {
  const lane = opts.lane ?? directLane;
  // NOTE: a dunning batch loads its contexts right after claiming them (the claim checked the invoice is
  // open and due in the same breath); anyone else reads the invoice fresh here.
  const loaded = opts.loaded !== undefined ? opts.loaded : (await lane(() => loadChargeContexts([invoiceId], ctx.now))).get(invoiceId) ?? null;
  if (!loaded || !['open', 'uncollectible'].includes(loaded.invoice.status) || Number(loaded.invoice.amountDueMinor) <= 0) return outcome('not_payable', []);
  const { invoice, customer, methods } = loaded;
  if (!customer || methods.length === 0) return outcome('no_method', []);
  const attempts: PaymentAttempt[] = [];
  const known = [...loaded.attempts];
  let declineCode: string | null = null;
  for (const method of methods) {
    const attempt = await lane(() => attemptFor(invoice, method, known, ctx));
    if (!attempt) return outcome('pending', attempts);
    attempts.push(attempt);
    const result = await (opts.calls ?? unlimited)(() => charge(invoice, customer, method, attempt)).catch(async (err: unknown) => {
      if (err instanceof GatewayError && !err.retryable) {
        await lane(() => attempt.update({ status: 'failed', failureCode: (err.vendorCode ?? err.code).slice(0, 100), failureMessage: err.message.slice(0, 255), completedAt: ctx.now }));
      }
      throw err;
    });
    if (result.status === 'succeeded' && opts.record) {
      // NOTE: a job run hands the payment to its recorder, which writes the charges of many invoices in one transaction.
      await opts.record({ input: paymentOf(invoice, method, attempt, result, ctx), attemptId: attempt.id, gatewayReference: result.gatewayRef });
      return outcome('succeeded', attempts);
    }
    if (!(await lane(() => settle(invoice, method, attempt, result, ctx)))) {
      declineCode = result.status === 'failed' ? result.declineCode : declineCode;
      continue;
    }
    if (result.status === 'requires_action') return outcome('requires_action', attempts, { actionUrl: result.actionUrl });
    return outcome(result.status === 'succeeded' ? 'succeeded' : 'pending', attempts);
  }
  return outcome('failed', attempts, { declineCode });
}
