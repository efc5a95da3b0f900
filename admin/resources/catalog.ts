import { flat, ValidationError, type ActionResponse, type After, type Before } from 'adminjs';
import { z } from 'zod';
import { CONFIG_OPTION_KINDS } from '../../src/models/enums.js';
import { OPTION_PANEL_KEYS } from '../../src/provisioning/orchestration/service-subject.js';
import { parseAddonPanelConfig, parsePanelConfig } from '../../src/provisioning/panel-config.js';
import { parseJsonText } from '../../src/lib/json-text.js';
import type { ResourceSpec } from './define.js';

type JsonCheck = { ok: true; value: unknown } | { ok: false; error: string };
const NOT_JSON = Symbol('not JSON');

/**
 * A JSON column edited as one JSON text in `<attribute>Json` (AdminJS would flatten it into loose, untyped fields):
 * `show` fills the text from the column (`empty` when it is null); `save` stores the text once `parse` accepts it, else it is a form error
 * and nothing is saved. A value left as it was does not block saving the other fields (`sameContext`: and whatever
 * else its check depends on is unchanged too). `actions(checks)` wires both into new/edit/show, after other `checks`.
 */
function jsonTextField(
  attribute: string,
  empty: unknown,
  parse: (json: string, payload: Record<string, unknown>, before?: Record<string, unknown>) => JsonCheck,
  sameContext: (payload: Record<string, unknown>, before: Record<string, unknown>) => boolean = () => true,
): { actions: (checks?: Before[]) => Record<'new' | 'edit' | 'show', { before?: Before[]; after: Array<After<ActionResponse>> }> } {
  const text = `${attribute}Json`;
  const show: After<ActionResponse> = async (response) => {
    const params = response.record?.params;
    if (params && typeof params[text] !== 'string') params[text] = JSON.stringify(flat.get(params, attribute) ?? empty, null, 2);
    return response;
  };
  const save: Before = async (request, context) => {
    if (request.method !== 'post' || typeof request.payload?.[text] !== 'string') return request;
    const { [text]: json, ...payload } = request.payload as Record<string, unknown>;
    const before = context.record?.params;
    const check = parse(String(json), payload, before);
    const same = (v: unknown): boolean => JSON.stringify(v) === JSON.stringify(before ? flat.get(before, attribute) ?? empty : undefined);
    // NOTE: text the check refuses still counts as unchanged when it is the stored value as it was (blank text never is).
    const typed = parseJsonText(String(json), NOT_JSON);
    if (before && sameContext(payload, before) && same(check.ok ? check.value : typed.ok ? typed.value : NOT_JSON)) return { ...request, payload };
    if (!check.ok) throw new ValidationError({ [text]: { message: check.error } }, { message: check.error });
    return { ...request, payload: { ...payload, [attribute]: check.value } };
  };
  return {
    actions: (checks = []) => ({ new: { before: [...checks, save], after: [show] }, edit: { before: [...checks, save], after: [show] }, show: { after: [show] } }),
  };
}

/** The plan's panel mapping, checked against the plan's driver. */
const planPanelConfig = jsonTextField(
  'panelConfig',
  {},
  (json, payload, before) => parsePanelConfig(String(payload.driver ?? before?.driver ?? ''), json),
  (payload, before) => String(payload.driver ?? before.driver ?? '') === before.driver,
);

/** An add-on's panel settings (what it adds to the plans' mappings). */
const addonPanelConfig = jsonTextField('panelConfig', {}, (json) => parseAddonPanelConfig(json));

const CHOICES = z
  .array(z.object({ value: z.string().trim().min(1).max(64), label: z.string().trim().min(1).max(100), panelValue: z.union([z.string().max(191), z.number()]).optional() }).strict())
  .refine((list) => new Set(list.map((c) => c.value)).size === list.length, { message: 'two choices have the same value' });

/** A select option's choices: a non-empty list; none for a quantity option. */
const optionChoices = jsonTextField(
  'choices',
  null,
  (json, payload, before) => {
    const select = String(payload.kind ?? before?.kind ?? '') === 'select';
    const typed = parseJsonText(json, null);
    if (!typed.ok) return typed;
    const { value } = typed;
    if (!select) return value === null || (Array.isArray(value) && value.length === 0) ? { ok: true, value: null } : { ok: false, error: 'Only a select option has choices; leave this empty.' };
    const parsed = CHOICES.safeParse(value);
    if (!parsed.success || parsed.data.length === 0) {
      const issue = parsed.success ? undefined : parsed.error.issues[0];
      return { ok: false, error: `A select option needs a list of choices such as [{"value": "ams", "label": "Amsterdam"}]${issue ? `: ${issue.path.length ? `"${issue.path.join('.')}" ` : ''}${issue.message}` : ''}.` };
    }
    return { ok: true, value: parsed.data };
  },
  (payload, before) => String(payload.kind ?? before.kind ?? '') === before.kind,
);

/** A config option's panelKey is one the provisioning reads (AdminJS does not hold the API to the listed values). */
const checkPanelKey: Before = async (request) => {
  const key = request.method === 'post' ? request.payload?.panelKey : undefined;
  if (typeof key === 'string' && key !== '' && !OPTION_PANEL_KEYS.includes(key)) {
    const message = `"${key}" is not a panel key; pick one of the list or leave it empty.`;
    throw new ValidationError({ panelKey: { message } }, { message });
  }
  return request;
};

const jsonProperty = (description: string) => ({ type: 'textarea' as const, isVisible: { list: false, filter: false, show: true, edit: true }, description });
/**
 * What we sell: plans and their prices, configurable options and add-ons (each with its prices and the plans that offer
 * it), coupons. JSON columns (features, specs) stay read-only here; panel mappings and option choices are edited as JSON.
 * A price change applies to new orders: subscriptions keep the price they were sold at.
 */
export const catalogResources: ResourceSpec[] = [
  {
    model: 'Plan',
    group: 'Catalog',
    editable: [
      'slug', 'name', 'type', 'summary', 'description', 'stock', 'waitlistEnabled', 'visibility', 'archivedAt',
      'requiresReview', 'taxable', 'driver', 'badge', 'sortOrder', 'bandwidthQuotaGb', 'panelConfigJson',
    ],
    options: {
      titleProperty: 'name',
      listProperties: ['id', 'name', 'slug', 'type', 'driver', 'visibility', 'stock', 'archivedAt'],
      filterProperties: ['name', 'slug', 'type', 'driver', 'visibility', 'archivedAt'],
      sort: { sortBy: 'sortOrder', direction: 'asc' },
    },
    properties: {
      description: { type: 'textarea' },
      panelConfig: { isVisible: false },
      panelConfigJson: jsonProperty('Panel mapping (JSON): VirtFusion packageId, hypervisorGroupId, osTemplateId; Pterodactyl nestId, eggId, locationId and limits; Enhance planId; SynergyCP hardware filters (memBilling, cpuBilling, diskBilling ...).'),
    },
    actions: planPanelConfig.actions(),
  },
  {
    model: 'PlanPrice',
    group: 'Catalog',
    editable: ['planId', 'cycle', 'currency', 'amountMinor', 'setupFeeMinor', 'overageRateMinorPerGb', 'active'],
    options: { listProperties: ['id', 'planId', 'cycle', 'currency', 'amount', 'setupFee', 'active'], filterProperties: ['planId', 'cycle', 'currency', 'active'] },
  },
  {
    model: 'ConfigOption',
    group: 'Catalog',
    editable: ['code', 'name', 'description', 'unit', 'kind', 'min', 'max', 'step', 'defaultValue', 'panelKey', 'choicesJson', 'active', 'sortOrder'],
    options: {
      titleProperty: 'name',
      listProperties: ['id', 'code', 'name', 'kind', 'unit', 'panelKey', 'active'],
      filterProperties: ['code', 'name', 'kind', 'active'],
      sort: { sortBy: 'sortOrder', direction: 'asc' },
    },
    properties: {
      description: { type: 'textarea' },
      kind: { availableValues: CONFIG_OPTION_KINDS.map((k) => ({ value: k, label: k })) },
      panelKey: {
        availableValues: OPTION_PANEL_KEYS.map((k) => ({ value: k, label: k })),
        description: 'What the panel is given: an amount (ramMb, vcpu, diskGb, ipv4, slots, bandwidthGb) or extras on top of the plan (extraRamGb, extraVcpu, extraDiskGb, extraIpv4, extraSlots10). Empty: billing only.',
      },
      choices: { isVisible: false },
      choicesJson: jsonProperty('Select options only (JSON): [{"value": "ams", "label": "Amsterdam", "panelValue": 3}]. Leave empty for a quantity option.'),
    },
    actions: optionChoices.actions([checkPanelKey]),
  },
  {
    model: 'ConfigOptionPrice',
    group: 'Catalog',
    editable: ['optionId', 'choice', 'cycle', 'currency', 'unitAmountMinor', 'setupFeeMinor'],
    options: { listProperties: ['id', 'optionId', 'choice', 'cycle', 'currency', 'unitAmount', 'setupFee'], filterProperties: ['optionId', 'cycle', 'currency'] },
    properties: { choice: { description: 'The choice value for a select option; empty for the price of one unit of a quantity option.' } },
  },
  {
    model: 'PlanConfigOption',
    group: 'Catalog',
    editable: ['planId', 'optionId', 'includedQuantity', 'minOverride', 'maxOverride', 'sortOrder'],
    options: { listProperties: ['id', 'planId', 'optionId', 'includedQuantity', 'minOverride', 'maxOverride', 'sortOrder'], filterProperties: ['planId', 'optionId'] },
    properties: { includedQuantity: { description: 'Units the plan price includes; only units above it are billed.' } },
  },
  {
    model: 'Addon',
    group: 'Catalog',
    editable: ['code', 'name', 'description', 'kind', 'panelConfigJson', 'active', 'sortOrder'],
    options: {
      titleProperty: 'name',
      listProperties: ['id', 'code', 'name', 'kind', 'active'],
      filterProperties: ['code', 'name', 'kind', 'active'],
      sort: { sortBy: 'sortOrder', direction: 'asc' },
    },
    properties: {
      description: { type: 'textarea' },
      panelConfig: { isVisible: false },
      panelConfigJson: jsonProperty('What the add-on adds on the panel (JSON), counted on top of the plan\'s mapping: {"backups": 2}. Keys: backups, databases, allocations (Pterodactyl), ipv4 (VirtFusion, when the server is created). Empty: billing only.'),
    },
    actions: addonPanelConfig.actions(),
  },
  {
    model: 'AddonPrice',
    group: 'Catalog',
    editable: ['addonId', 'cycle', 'currency', 'amountMinor', 'setupFeeMinor', 'active'],
    options: { listProperties: ['id', 'addonId', 'cycle', 'currency', 'amount', 'setupFee', 'active'], filterProperties: ['addonId', 'cycle', 'currency', 'active'] },
  },
  {
    model: 'PlanAddon',
    group: 'Catalog',
    editable: ['planId', 'addonId', 'included', 'sortOrder'],
    options: { listProperties: ['id', 'planId', 'addonId', 'included', 'sortOrder'], filterProperties: ['planId', 'addonId', 'included'] },
    properties: { included: { description: 'Included in the plan price: every subscription of the plan has it at no charge.' } },
  },
  {
    model: 'Coupon',
    group: 'Catalog',
    editable: [
      'code', 'description', 'kind', 'percentBp', 'duration', 'durationPeriods', 'newCustomersOnly',
      'validFrom', 'validUntil', 'maxRedemptions', 'maxPerCustomer', 'active',
    ],
    options: {
      titleProperty: 'code',
      listProperties: ['id', 'code', 'kind', 'percentBp', 'duration', 'timesRedeemed', 'validUntil', 'active'],
      filterProperties: ['code', 'kind', 'duration', 'active', 'validUntil'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    properties: { percentBp: { description: 'Basis points: 1000 = 10%' } },
  },
  {
    model: 'CouponAmount',
    group: 'Catalog',
    editable: ['couponId', 'currency', 'amountMinor'],
    options: { listProperties: ['id', 'couponId', 'currency', 'amount'] },
  },
];
