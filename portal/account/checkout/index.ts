import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { type OrderQuote, quoteOrder } from '../../../src/billing/catalog/quote-order.js';
import { placeOrder } from '../../../src/billing/orders/place-order.js';
import { asyncHandler } from '../../../src/http/async.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { AppError, NotFoundError } from '../../../src/lib/errors.js';
import { BILLING_CYCLES, type BillingCycle, type CurrencyCode, OFFERED_CURRENCIES } from '../../../src/models/enums.js';
import { Plan } from '../../../src/models/plan.js';
import { PlanPrice } from '../../../src/models/plan-price.js';
import type { Customer } from '../../../src/models/customer.js';
import { requireCustomer } from '../../middleware/require-customer.js';

const CYCLE_LABELS: Record<BillingCycle, string> = { monthly: 'Monthly', quarterly: 'Every 3 months', semiannual: 'Every 6 months', annual: 'Yearly' };
const NONCE = /^[A-Za-z0-9-]{16,64}$/;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** What the cart form holds (from the query on GET, from the body on POST). */
interface CartInput {
  plan: string;
  cycle: string;
  currency: string;
  os: string;
  domain: string;
  hostname: string;
  coupon: string;
  nonce: string;
}

type Errors = Partial<Record<'form' | 'os' | 'domain' | 'hostname' | 'coupon', string>>;

function text(source: Record<string, unknown>, key: string, max = 253): string {
  const value = source[key];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

function cartInput(source: Record<string, unknown>): CartInput {
  return {
    plan: text(source, 'plan', 100),
    cycle: text(source, 'cycle', 20),
    currency: text(source, 'currency', 3).toUpperCase(),
    os: text(source, 'os', 100),
    domain: text(source, 'domain').toLowerCase(),
    hostname: text(source, 'hostname').toLowerCase(),
    coupon: text(source, 'coupon', 64).toUpperCase(),
    nonce: text(source, 'nonce', 64),
  };
}

function osTemplatesOf(plan: Plan): string[] {
  const list = (plan.panelConfig as { osTemplates?: unknown } | null)?.osTemplates;
  return Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [];
}

function gameOf(plan: Plan): { game?: string } {
  const game = (plan.panelConfig as { game?: unknown } | null)?.game;
  return typeof game === 'string' ? { game } : {};
}

/** A customer already billed in a currency must order in it (placeOrder refuses any other). */
function currencyFor(customer: Customer, asked: string): { currency: CurrencyCode; locked: boolean } {
  if (customer.currency) return { currency: customer.currency, locked: true };
  const offered = OFFERED_CURRENCIES as readonly string[];
  return { currency: (offered.includes(asked) ? asked : 'USD') as CurrencyCode, locked: false };
}

interface Cart {
  plan: Plan;
  cycle: BillingCycle;
  cycles: BillingCycle[];
  currency: CurrencyCode;
  currencyLocked: boolean;
  osTemplates: string[];
}

/** The orderable plan by slug and the cycles it is sold in for the currency; 404 when none. */
async function loadCart(customer: Customer, input: CartInput): Promise<Cart> {
  const plan = input.plan ? await Plan.findOne({ where: { slug: input.plan, archivedAt: null } }) : null;
  if (!plan) throw new NotFoundError('plan_not_found', 'That plan is not on sale.');
  const { currency, locked } = currencyFor(customer, input.currency);
  const prices = await PlanPrice.findAll({ where: { planId: plan.id, currency, active: true } });
  const cycles = BILLING_CYCLES.filter((c) => prices.some((p) => p.cycle === c));
  if (cycles.length === 0) throw new NotFoundError('plan_price_not_found', `That plan is not sold in ${currency}.`);
  const cycle = (cycles as readonly string[]).includes(input.cycle) ? (input.cycle as BillingCycle) : cycles[0];
  return { plan, cycle, cycles, currency, currencyLocked: locked, osTemplates: osTemplatesOf(plan) };
}

/** Checks the service choices the plan type needs (placing only; quoting shows the price whatever they are). */
function choiceErrors(cart: Cart, input: CartInput): Errors {
  const errors: Errors = {};
  if (cart.plan.type === 'vps' && cart.osTemplates.length && !cart.osTemplates.includes(input.os)) errors.os = 'Choose an operating system.';
  if (cart.plan.type === 'web' && !DOMAIN.test(input.domain)) errors.domain = 'Enter the domain of your website, like example.com.';
  if (input.hostname && !DOMAIN.test(input.hostname)) errors.hostname = 'Enter a hostname like server1.example.com, or leave it empty.';
  return errors;
}

/** The quote with the coupon, or without it and the coupon's error when it cannot be used. */
async function quoteWithCoupon(req: Request, cart: Cart, coupon: string): Promise<{ quote: OrderQuote; couponError?: string }> {
  const base = { planId: cart.plan.id, cycle: cart.cycle, currency: cart.currency, customerId: req.customer!.id };
  if (!coupon) return { quote: await quoteOrder(base, ctxOf(req)) };
  try {
    return { quote: await quoteOrder({ ...base, couponCode: coupon }, ctxOf(req)) };
  } catch (err) {
    if (!(err instanceof AppError) || !err.code.startsWith('coupon_')) throw err;
    const couponError = err.code === 'coupon_not_found' ? `There is no coupon with the code ${coupon}.` : err.message;
    return { quote: await quoteOrder(base, ctxOf(req)), couponError };
  }
}

function nextSteps(status: string, invoiceStatus: string | undefined, number: string): string {
  if (status === 'pending_review') {
    return `Order ${number} is placed. Our team reviews it before setup (usually within one business day); you can pay the invoice now and we start as soon as it is approved.`;
  }
  if (invoiceStatus === 'paid') return `Order ${number} is placed and paid. We are setting up your service and will email you when it is ready.`;
  return `Order ${number} is placed. Pay this invoice and we set up your service right away.`;
}

async function renderCart(req: Request, res: Response, input: CartInput, errors: Errors = {}, status = 200): Promise<void> {
  const cart = await loadCart(req.customer!, input);
  const { quote, couponError } = await quoteWithCoupon(req, cart, input.coupon);
  const allErrors: Errors = { ...errors, ...(couponError ? { coupon: couponError } : {}) };
  const nonce = NONCE.test(input.nonce) ? input.nonce : randomUUID();
  res
    .status(couponError && status === 200 ? 422 : status)
    .set('Cache-Control', 'no-store')
    .render('account/checkout/cart', {
      layout: 'portal',
      pageTitle: `Order ${cart.plan.name}`,
      plan: { slug: cart.plan.slug, name: cart.plan.name, type: cart.plan.type, description: cart.plan.description, features: cart.plan.features ?? [] },
      isVps: cart.plan.type === 'vps',
      isWeb: cart.plan.type === 'web',
      wantsHostname: cart.plan.type === 'vps' || cart.plan.type === 'dedicated',
      cycles: cart.cycles.map((c) => ({ value: c, label: CYCLE_LABELS[c], selected: c === cart.cycle })),
      currency: cart.currency,
      currencyLocked: cart.currencyLocked,
      currencies: OFFERED_CURRENCIES.map((code) => ({ code, selected: code === cart.currency })),
      osTemplates: cart.osTemplates.map((t) => ({ value: t, selected: t === input.os })),
      values: { os: input.os, domain: input.domain, hostname: input.hostname, coupon: input.coupon },
      nonce,
      quote: { ...quote, lines: quote.lines.map((l) => ({ ...l, isDiscount: l.kind === 'discount' })) },
      couponApplied: Boolean(quote.couponCode),
      taxCountry: req.customer!.billingCountry ?? null,
      soldOut: quote.stock === 'sold_out',
      waitlist: quote.stock === 'waitlist',
      errors: allErrors,
      hasErrors: Object.keys(allErrors).length > 0,
    });
}

/** /account/order: the cart of one plan for a signed-in customer, its exact quote, and placing the order. */
export function checkoutRouter(): Router {
  const router = Router();
  router.use(requireCustomer, (req, _res, next) => next(req.customer ? undefined : new NotFoundError('customer_not_found', 'Not found')));

  router.get(
    '/',
    asyncHandler(async (req, res) => {
      await renderCart(req, res, cartInput(req.query as Record<string, unknown>));
    }),
  );

  router.post(
    '/quote',
    asyncHandler(async (req, res) => {
      await renderCart(req, res, cartInput((req.body ?? {}) as Record<string, unknown>));
    }),
  );

  router.post(
    '/',
    asyncHandler(async (req, res) => {
      const input = cartInput((req.body ?? {}) as Record<string, unknown>);
      const customer = req.customer!;
      const cart = await loadCart(customer, input);
      const errors = choiceErrors(cart, input);
      if (!NONCE.test(input.nonce)) errors.form = 'This form has expired. Check your order and submit it again.';
      if (Object.keys(errors).length) return renderCart(req, res, input, errors, 422);
      const { quote, couponError } = await quoteWithCoupon(req, cart, input.coupon);
      if (couponError) return renderCart(req, res, input, {}, 422);
      if (quote.stock === 'sold_out') return renderCart(req, res, input, { form: `${cart.plan.name} is sold out right now.` }, 409);
      const config = {
        ...(cart.plan.type === 'vps' && input.os ? { os: input.os } : {}),
        ...(cart.plan.type === 'web' ? { domain: input.domain } : {}),
        ...(input.hostname ? { hostname: input.hostname } : {}),
        ...gameOf(cart.plan),
      };
      const placed = await placeOrder(
        {
          customerId: customer.id,
          items: [{ planId: cart.plan.id, cycle: cart.cycle, config }],
          currency: cart.currency,
          couponCode: input.coupon || null,
          ip: req.ip ?? null,
          userAgent: req.get('user-agent') ?? null,
          // NOTE: scoped to the customer so a nonce from another account can never return its order.
          idempotencyKey: `checkout:${customer.id}:${input.nonce}`,
        },
        ctxOf(req),
      );
      if (placed.order.customerId !== customer.id || !placed.invoice) throw new NotFoundError('order_not_found', 'Not found');
      if (!placed.duplicate) req.flash(placed.order.status === 'pending_review' ? 'info' : 'success', nextSteps(placed.order.status, placed.invoice.status, placed.order.number));
      res.redirect(303, `/account/billing/invoices/${placed.invoice.id}`);
    }),
  );
  return router;
}
