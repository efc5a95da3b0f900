import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { type OrderQuote, quoteOrder } from '../../../src/billing/catalog/quote-order.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { AppError, NotFoundError } from '../../../src/lib/errors.js';
import { BILLING_CYCLES, type BillingCycle, type CurrencyCode, OFFERED_CURRENCIES } from '../../../src/models/enums.js';
import type { Customer } from '../../../src/models/customer.js';
import { Plan } from '../../../src/models/plan.js';
import { PlanPrice } from '../../../src/models/plan-price.js';
import { hasBillingHistory } from '../../../src/site/adopt-order-currency.js';
import { type OfferedAddon, type OfferedOption, optionFieldView, planOffer } from '../../../src/site/plan-offer.js';
import { CYCLE_LABELS as CYCLE_SUFFIXES } from '../../../src/site/pricing-view.js';
import { type CartErrors, type CartInput, chosenConfiguration, DOMAIN, osTemplatesOf } from './cart-input.js';

const CYCLE_LABELS: Record<BillingCycle, string> = { monthly: 'Monthly', quarterly: 'Every 3 months', semiannual: 'Every 6 months', annual: 'Yearly' };
export const NONCE = /^[A-Za-z0-9-]{16,64}$/;

/** The plan being ordered, in a cycle and currency, with what it offers. */
export interface Cart {
  plan: Plan;
  cycle: BillingCycle;
  cycles: BillingCycle[];
  currency: CurrencyCode;
  currencyLocked: boolean;
  osTemplates: string[];
  options: OfferedOption[];
  addons: OfferedAddon[];
}

/** A priced cart: the quote of what is valid, the choices it was made from, and what was refused. */
export interface PricedCart {
  quote: OrderQuote;
  options: Record<string, number | string>;
  addons: string[];
  coupon: string;
  errors: CartErrors;
}

/** A customer already billed in a currency must order in it; before the first order they may pick any we offer. */
async function currencyFor(customer: Customer, asked: string): Promise<{ currency: CurrencyCode; locked: boolean }> {
  if (customer.currency && (await hasBillingHistory(customer.id))) return { currency: customer.currency, locked: true };
  const offered = OFFERED_CURRENCIES as readonly string[];
  if (offered.includes(asked)) return { currency: asked as CurrencyCode, locked: false };
  return { currency: customer.currency && offered.includes(customer.currency) ? customer.currency : 'USD', locked: false };
}

/** The orderable plan by slug, the cycles it is sold in for the currency, and its options and add-ons; 404 when none. */
export async function loadCart(customer: Customer, input: CartInput): Promise<Cart> {
  const plan = input.plan ? await Plan.findOne({ where: { slug: input.plan, archivedAt: null } }) : null;
  if (!plan) throw new NotFoundError('plan_not_found', 'That plan is not on sale.');
  const { currency, locked } = await currencyFor(customer, input.currency);
  const prices = await PlanPrice.findAll({ where: { planId: plan.id, currency, active: true } });
  const cycles = BILLING_CYCLES.filter((c) => prices.some((p) => p.cycle === c));
  if (cycles.length === 0) throw new NotFoundError('plan_price_not_found', `That plan is not sold in ${currency}.`);
  const cycle = (cycles as readonly string[]).includes(input.cycle) ? (input.cycle as BillingCycle) : cycles[0];
  const offer = await planOffer(plan.id, cycle, currency);
  return { plan, cycle, cycles, currency, currencyLocked: locked, osTemplates: osTemplatesOf(plan), ...offer };
}

/** Checks the service choices the plan type needs (placing only; quoting shows the price whatever they are). */
export function choiceErrors(cart: Cart, input: CartInput): CartErrors {
  const errors: CartErrors = {};
  if (cart.plan.type === 'vps' && cart.osTemplates.length && !cart.osTemplates.includes(input.os)) errors.os = 'Choose an operating system.';
  if (cart.plan.type === 'web' && !DOMAIN.test(input.domain)) errors.domain = 'Enter the domain of your website, like example.com.';
  if (input.hostname && !DOMAIN.test(input.hostname)) errors.hostname = 'Enter a hostname like server1.example.com, or leave it empty.';
  return errors;
}

function detail(err: AppError, key: string): string | null {
  const value = err.details?.[key];
  return typeof value === 'string' ? value : null;
}

/**
 * Prices the cart through the catalog (`quoteOrder` validates every option and add-on): a choice or
 * coupon the catalog refuses becomes a field error and the quote is made without it.
 */
export async function priceCart(req: Request, cart: Cart, input: CartInput): Promise<PricedCart> {
  const chosen = chosenConfiguration(input, cart);
  const options = { ...chosen.options };
  let addons = [...chosen.addons];
  let coupon = input.coupon;
  const errors: CartErrors = { ...chosen.errors };
  for (;;) {
    try {
      const quote = await quoteOrder(
        { planId: cart.plan.id, cycle: cart.cycle, currency: cart.currency, options, addons, couponCode: coupon || null, customerId: req.customer!.id },
        ctxOf(req),
      );
      return { quote, options, addons, coupon, errors };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const option = detail(err, 'option');
      const addon = detail(err, 'addon');
      if (coupon && err.code.startsWith('coupon_')) {
        errors.coupon = err.code === 'coupon_not_found' ? `There is no coupon with the code ${coupon}.` : err.message;
        coupon = '';
      } else if (option && option in options) {
        errors[`opt_${option}`] = `${err.message}.`;
        delete options[option];
      } else if (addon && addons.includes(addon)) {
        errors[`addon_${addon}`] = `${err.message}.`;
        addons = addons.filter((a) => a !== addon);
      } else {
        throw err;
      }
    }
  }
}

function optionView(option: OfferedOption, chosen: Record<string, number | string>, input: CartInput, errors: CartErrors, cart: Cart) {
  const error = errors[`opt_${option.code}`];
  const value = input.options[option.code] ?? String(chosen[option.code] ?? option.defaultValue);
  return {
    ...optionFieldView(option, value),
    suffix: CYCLE_SUFFIXES[cart.cycle].suffix,
    error,
  };
}

/** Renders the cart page with its quote; 422 when something the visitor entered was refused. */
export async function renderCart(req: Request, res: Response, input: CartInput, errors: CartErrors = {}, status = 200): Promise<void> {
  const cart = await loadCart(req.customer!, input);
  const priced = await priceCart(req, cart, input);
  const { quote } = priced;
  const allErrors: CartErrors = { ...errors, ...priced.errors };
  const messages = Object.entries(allErrors).map(([field, message]) => ({ message, href: field === 'form' || field === 'coupon' ? null : `#${fieldId(field)}` }));
  const nonce = NONCE.test(input.nonce) ? input.nonce : randomUUID();
  const refused = Object.keys(priced.errors).length > 0;
  res
    .status(refused && status === 200 ? 422 : status)
    .set('Cache-Control', 'no-store')
    .render('account/checkout/cart', {
      layout: 'portal',
      pageTitle: `Order ${cart.plan.name}`,
      pageScripts: ['/assets/js/checkout.js'],
      plan: { slug: cart.plan.slug, name: cart.plan.name, type: cart.plan.type, description: cart.plan.description, features: cart.plan.features ?? [] },
      isVps: cart.plan.type === 'vps',
      isWeb: cart.plan.type === 'web',
      wantsHostname: cart.plan.type === 'vps' || cart.plan.type === 'dedicated',
      cycles: cart.cycles.map((c) => ({ value: c, label: CYCLE_LABELS[c], selected: c === cart.cycle })),
      cycleSuffix: CYCLE_SUFFIXES[cart.cycle].suffix,
      currency: cart.currency,
      currencyLocked: cart.currencyLocked,
      currencies: OFFERED_CURRENCIES.map((code) => ({ code, selected: code === cart.currency })),
      osTemplates: cart.osTemplates.map((t) => ({ value: t, selected: t === input.os })),
      options: cart.options.filter((o) => o.kind === 'select' || o.unitPriceMinor !== null || o.included > 0).map((o) => optionView(o, priced.options, input, allErrors, cart)),
      addons: cart.addons
        .filter((a) => a.included || a.priceMinor !== null)
        .map((a) => ({ ...a, id: `f-addon-${a.code.replace(/_/g, '-')}`, checked: a.included || input.addons.includes(a.code), error: allErrors[`addon_${a.code}`] })),
      values: { os: input.os, domain: input.domain, hostname: input.hostname, coupon: input.coupon },
      nonce,
      quote: { ...quote, lines: quote.lines.map((l) => ({ ...l, isDiscount: l.kind === 'discount' })) },
      couponApplied: Boolean(quote.couponCode),
      taxCountry: req.customer!.billingCountry ?? null,
      soldOut: quote.stock === 'sold_out',
      waitlist: quote.stock === 'waitlist',
      errors: allErrors,
      errorMessages: messages,
      hasErrors: messages.length > 0,
    });
}

/** The id of the form control an error belongs to. */
function fieldId(field: string): string {
  if (field.startsWith('opt_')) return `f-opt-${field.slice(4).replace(/_/g, '-')}`;
  if (field.startsWith('addon_')) return `f-addon-${field.slice(6).replace(/_/g, '-')}`;
  return `f-${field}`;
}
