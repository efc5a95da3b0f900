import express, { type Request, type Response, type Router } from 'express';
import { config } from '../../config/index.js';
import { asyncHandler } from '../../src/http/async.js';
import { BILLING_CYCLES, OFFERED_CURRENCIES, PLAN_TYPES, type OfferedCurrency } from '../../src/models/enums.js';
import { CYCLE_LABELS, TYPE_INFO, parseCurrency, parseCycle, parsePlanType, planCards } from '../../src/site/pricing-view.js';
import { publicCache } from './cache.js';

export const CURRENCY_COOKIE = 'currency';

/** The visitor's currency: `?currency=`, else the cookie, else the base currency when we offer it. */
export function currencyOf(req: Request, res: Response): OfferedCurrency {
  const fromQuery = parseCurrency(req.query.currency);
  if (fromQuery) {
    res.cookie(CURRENCY_COOKIE, fromQuery, { maxAge: 365 * 86_400_000, sameSite: 'lax', httpOnly: true, secure: config().isProduction });
    // NOTE: an answer that sets a cookie must never be stored by a shared cache.
    res.set('Cache-Control', 'private, max-age=0');
    return fromQuery;
  }
  const cookie = /(?:^|;\s*)currency=([A-Za-z]{3})(?:;|$)/.exec(req.headers.cookie ?? '');
  return parseCurrency(cookie?.[1]) ?? parseCurrency(config().baseCurrency) ?? 'USD';
}

/** The query string of /pricing with one parameter changed. */
function pricingHref(state: Record<string, string>, change: Record<string, string>): string {
  return `/pricing?${new URLSearchParams({ ...state, ...change }).toString()}`;
}

export const pricingRouter: Router = express.Router();

pricingRouter.get(
  '/pricing',
  publicCache,
  asyncHandler(async (req, res) => {
    const type = parsePlanType(req.query.type);
    const cycle = parseCycle(req.query.cycle);
    const currency = currencyOf(req, res);
    const plans = await planCards({ type, cycle, currency });
    const state = { type, cycle, currency };
    res.render('site/pricing', {
      layout: 'site',
      pageTitle: `${TYPE_INFO[type].label} pricing`,
      metaDescription: 'Compare every plan: cloud VPS, dedicated servers, web hosting and game servers, billed monthly or yearly in USD, EUR or GBP.',
      canonicalPath: `/pricing?type=${type}`,
      type,
      typeLabel: TYPE_INFO[type].label,
      cycle,
      currency,
      tabs: PLAN_TYPES.map((t) => ({ type: t, label: TYPE_INFO[t].label, href: pricingHref(state, { type: t }), current: t === type })),
      cycles: BILLING_CYCLES.map((c) => ({ cycle: c, label: CYCLE_LABELS[c].label, href: pricingHref(state, { cycle: c }), current: c === cycle })),
      currencies: OFFERED_CURRENCIES.map((c) => ({ code: c, selected: c === currency })),
      plans,
      isMonthly: cycle === 'monthly',
    });
  }),
);
