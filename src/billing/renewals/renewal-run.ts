import type { Logger } from 'pino';
import type { Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { CURRENCY_CODES } from '../../models/enums.js';
import { getSetting } from '../../settings/index.js';
import type { PreparedInvoice, TaxEnv } from '../invoices/invoice-types.js';
import { sellerSnapshot } from '../invoices/parties.js';
import { prepareInvoice } from '../invoices/prepare-invoice.js';
import { loadTaxEnv } from '../tax/load-tax-env.js';
import type { RenewalRunFacts } from './persist-renewals.js';
import { RenewalCatalogCache } from './renewal-catalog.js';
import type { RenewalCustomer } from './renewal-parties.js';
import { fxRatesOn } from './renewal-parties.js';
import type { RenewalSubject } from './renewal-subject.js';

const DAY_MS = 86_400_000;

/** What every batch of one run shares: the time, tax rates, seller, FX rates and the catalog. */
export interface RenewalRun {
  readonly ctx: Ctx;
  readonly log: Logger;
  readonly env: TaxEnv;
  readonly catalog: RenewalCatalogCache;
  readonly facts: RenewalRunFacts;
  /** Periods ending by this time are renewed now (now + billing.renewal_lead_days). */
  readonly horizon: Date;
  readonly batchSize: number;
}

/** Loads the run-wide facts once (settings, tax rates, seller, FX). */
export async function startRenewalRun(ctx: Ctx, log: Logger, batchSize: number): Promise<RenewalRun> {
  const lead = await getSetting('billing.renewal_lead_days');
  const [env, seller, fx] = await Promise.all([loadTaxEnv(ctx.now), sellerSnapshot(), fxRatesOn(CURRENCY_CODES, ctx.now)]);
  return { ctx, log, env, catalog: new RenewalCatalogCache(), facts: { seller, fx }, horizon: new Date(ctx.now.getTime() + lead * DAY_MS), batchSize };
}

/** Prices one renewal with the pure invoice engine; a negative total is refused (credit notes handle those). */
export function prepareRenewal(subject: RenewalSubject, customer: RenewalCustomer, env: TaxEnv): PreparedInvoice {
  const prepared = prepareInvoice({ customer: customer.tax, currency: subject.currency, kind: 'renewal', lines: subject.lines, coupon: subject.coupon }, env);
  if (prepared.totalMinor < 0) throw new ValidationError('invoice_negative_total', `Renewal of subscription ${subject.subscriptionId} totals below zero`);
  return prepared;
}
