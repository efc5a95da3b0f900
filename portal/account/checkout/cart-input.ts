import type { Plan } from '../../../src/models/plan.js';
import type { OfferedAddon, OfferedOption } from '../../../src/site/plan-offer.js';

/** What the cart form holds (from the query on GET, from the body on POST). */
export interface CartInput {
  plan: string;
  cycle: string;
  currency: string;
  os: string;
  domain: string;
  hostname: string;
  coupon: string;
  nonce: string;
  /** Option code -> the raw value the visitor entered (`options[code]`). */
  options: Record<string, string>;
  /** Add-on codes ticked (`addons`). */
  addons: string[];
}

/** Field -> message; option fields are `opt_<code>`, add-ons `addon_<code>`. */
export type CartErrors = Record<string, string>;

const CODE = /^[a-z0-9_]{1,64}$/;
export const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function text(source: Record<string, unknown>, key: string, max = 253): string {
  const value = source[key];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

function optionValues(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [code, raw] of Object.entries(value as Record<string, unknown>).slice(0, 50)) {
    if (CODE.test(code) && typeof raw === 'string' && raw.trim() !== '') out[code] = raw.trim().slice(0, 100);
  }
  return out;
}

function addonCodes(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return [...new Set(list.filter((v): v is string => typeof v === 'string' && CODE.test(v)))].slice(0, 50);
}

/** Reads the cart form; anything malformed is dropped, never trusted. */
export function cartInput(source: Record<string, unknown>): CartInput {
  return {
    plan: text(source, 'plan', 100),
    cycle: text(source, 'cycle', 20),
    currency: text(source, 'currency', 3).toUpperCase(),
    os: text(source, 'os', 100),
    domain: text(source, 'domain').toLowerCase(),
    hostname: text(source, 'hostname').toLowerCase(),
    coupon: text(source, 'coupon', 64).toUpperCase(),
    nonce: text(source, 'nonce', 64),
    options: optionValues(source.options),
    addons: addonCodes(source.addons),
  };
}

/** OS templates a VPS plan offers (from its panel mapping). */
export function osTemplatesOf(plan: Plan): string[] {
  const list = (plan.panelConfig as { osTemplates?: unknown } | null)?.osTemplates;
  if (!Array.isArray(list)) return [];
  // NOTE: entries are names, or `{id, name}` where the panel builds from an id (the driver maps the name back).
  return list.map((t: unknown) => (typeof t === 'string' ? t : typeof (t as { name?: unknown })?.name === 'string' ? (t as { name: string }).name : null)).filter((t): t is string => t !== null);
}

/** The game a game-server plan installs (from its panel mapping). */
export function gameOf(plan: Plan): { game?: string } {
  const game = (plan.panelConfig as { game?: unknown } | null)?.game;
  return typeof game === 'string' ? { game } : {};
}

/**
 * The options and add-ons the visitor chose, checked against what the plan offers before the catalog
 * prices them: unknown codes, non-numbers and options not sold in this cycle and currency become
 * field errors and are left out of the quote.
 */
export function chosenConfiguration(
  input: CartInput,
  offer: { options: readonly OfferedOption[]; addons: readonly OfferedAddon[] },
): { options: Record<string, number | string>; addons: string[]; errors: CartErrors } {
  const options: Record<string, number | string> = {};
  const errors: CartErrors = {};
  for (const [code, raw] of Object.entries(input.options)) {
    const option = offer.options.find((o) => o.code === code);
    if (!option) continue;
    if (option.kind === 'select') {
      options[code] = raw;
      continue;
    }
    if (!/^\d{1,9}$/.test(raw)) {
      errors[`opt_${code}`] = `${option.name}: enter a whole number.`;
      continue;
    }
    const value = Number(raw);
    if (value > option.included && option.unitPriceMinor === null) {
      errors[`opt_${code}`] = `${option.name} cannot be added on this billing cycle.`;
      continue;
    }
    options[code] = value;
  }
  const addons: string[] = [];
  for (const code of input.addons) {
    const addon = offer.addons.find((a) => a.code === code);
    if (!addon || addon.included) continue;
    if (addon.priceMinor === null) errors[`addon_${code}`] = `${addon.name} is not available on this billing cycle.`;
    else addons.push(code);
  }
  return { options, addons, errors };
}
