import { z } from 'zod';
import { type Configuration, recurringTotal } from '../../../src/billing/catalog/configuration.js';
import { loadCurrentConfiguration } from '../../../src/billing/subscriptions/current-configuration.js';
import type { BillingCycle } from '../../../src/models/enums.js';
import type { Subscription } from '../../../src/models/index.js';
import { type OfferedAddon, type OfferedOption, optionFieldView, planOffer } from '../../../src/site/plan-offer.js';

const CODE = /^[a-z0-9_]{1,64}$/;

/** `options[code]=value` of the change form (absent when the plan has no options). */
export const optionsField = z.record(z.string().regex(CODE), z.string().trim().max(64)).optional().default({});

/** `addons=code` of the change form, once per ticked add-on (absent when none is ticked). */
export const addonsField = z.union([z.string().regex(CODE).transform((code) => [code]), z.array(z.string().regex(CODE)).max(50)]).optional();
/** Sent with the add-on checkboxes, so that none ticked reads as "take them all off" rather than "not asked". */
export const addonsListedField = z.literal('1').optional();

/** The options and add-ons the subscription's plan sells, and what the subscription has of each now. */
export interface CurrentOptions {
  readonly offered: readonly OfferedOption[];
  readonly values: Readonly<Record<string, string>>;
  /** Add-ons the customer can take or drop (priced in this cycle and currency, not included in the plan). */
  readonly addonsOffered: readonly OfferedAddon[];
  /** Codes of the add-ons the subscription has now (included ones too). */
  readonly addons: readonly string[];
}

/** Loads the options and add-ons offered on the subscription's plan and what it has now (an option's default when it never chose). */
export async function loadCurrentOptions(subscription: Subscription): Promise<CurrentOptions> {
  const [{ options, addons }, current] = await Promise.all([planOffer(subscription.planId, subscription.cycle, subscription.currency), loadCurrentConfiguration(subscription)]);
  // NOTE: like the cart, an option with no price in this cycle and nothing included is not offered.
  const offered = options.filter((o) => o.kind === 'select' || o.unitPriceMinor !== null || o.included > 0);
  return {
    offered,
    values: Object.fromEntries(offered.map((o) => [o.code, String(current.options[o.code] ?? o.defaultValue)])),
    addonsOffered: addons.filter((a) => !a.included && a.priceMinor !== null),
    addons: current.addons,
  };
}

/**
 * Every add-on wanted after the change when the ticked ones differ from what the subscription has, else undefined
 * (kept as they are). Add-ons the form did not list (included in the plan, or no longer sold) stay.
 */
export function changedAddons(ticked: readonly string[] | undefined, listed: boolean, current: CurrentOptions): string[] | undefined {
  if (!listed) return undefined;
  const shown = new Set(current.addonsOffered.map((a) => a.code));
  const wanted = [...new Set([...(ticked ?? []), ...current.addons.filter((code) => !shown.has(code))])];
  const same = wanted.length === current.addons.length && wanted.every((code) => current.addons.includes(code));
  return same ? undefined : wanted;
}

/** The add-on checkboxes of the change form, ticked as `ticked` when the form comes back, else as the subscription has them. */
export function addonFields(current: CurrentOptions, ticked: readonly string[] | undefined): Array<Record<string, unknown>> {
  return current.addonsOffered.map((a) => ({
    id: `f-addon-${a.code}`,
    code: a.code,
    name: a.name,
    description: a.description,
    priceMinor: a.priceMinor,
    now: current.addons.includes(a.code),
    checked: (ticked ?? current.addons).includes(a.code),
  }));
}

/** Only the values that differ from what the subscription has: the rest is kept as it is. */
export function changedOptions(submitted: Readonly<Record<string, string>>, current: CurrentOptions): Record<string, string> {
  return Object.fromEntries(Object.entries(submitted).filter(([code, value]) => value !== current.values[code]));
}

/** The option fields of the change form, filled with `chosen` values over the current ones. */
export function optionFields(current: CurrentOptions, chosen: Readonly<Record<string, string>>, cycle: BillingCycle): Array<Record<string, unknown>> {
  return current.offered.map((o) => {
    const value = chosen[o.code] ?? current.values[o.code] ?? '';
    return {
      ...optionFieldView(o, value),
      now: current.values[o.code],
      nowLabel: o.choices.find((c) => c.value === current.values[o.code])?.label ?? current.values[o.code],
      cycle,
    };
  });
}

type Option = Configuration['options'][number];

/** An option's value as the customer reads it; one the subscription does not have is 0 (quantities) or none. */
function describe(o: Option | undefined, other: Option | undefined): string {
  if (!o) return other?.choice == null ? '0' : 'none';
  return o.choice !== null ? (o.choiceLabel ?? o.choice) : String(o.quantity);
}

/** What a change does to the options and add-ons, one row per item that differs, and the price per period before and after. */
export function configurationChanges(current: Configuration, next: Configuration): { rows: Array<{ name: string; from: string; to: string }>; fromMinor: number; toMinor: number } {
  const rows: Array<{ name: string; from: string; to: string }> = [];
  const optionIds = [...new Set([...current.options, ...next.options].map((o) => o.optionId))];
  for (const id of optionIds) {
    const before = current.options.find((o) => o.optionId === id);
    const after = next.options.find((o) => o.optionId === id);
    const [from, to] = [describe(before, after), describe(after, before)];
    if (from !== to) rows.push({ name: (after ?? before)!.name, from, to });
  }
  const addonIds = [...new Set([...current.addons, ...next.addons].map((a) => a.addonId))];
  for (const id of addonIds) {
    const before = current.addons.find((a) => a.addonId === id);
    const after = next.addons.find((a) => a.addonId === id);
    if (Boolean(before) !== Boolean(after)) rows.push({ name: (after ?? before)!.name, from: before ? 'yes' : 'none', to: after ? 'yes' : 'none' });
  }
  return { rows, fromMinor: recurringTotal(current).minor, toMinor: recurringTotal(next).minor };
}

/** The query string that brings the customer back to the form with their choices filled in. */
export function choiceQuery(choice: { planId?: number; cycle?: string; options?: Readonly<Record<string, string>>; addons?: readonly string[] }): string {
  const params = new URLSearchParams();
  if (choice.planId) params.set('planId', String(choice.planId));
  if (choice.cycle) params.set('cycle', choice.cycle);
  for (const [code, value] of Object.entries(choice.options ?? {})) params.set(`options[${code}]`, value);
  if (choice.addons) {
    params.set('addonsListed', '1');
    for (const code of choice.addons) params.append('addons', code);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}
