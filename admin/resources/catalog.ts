import { flat, ValidationError, type ActionResponse, type After, type Before } from 'adminjs';
import { parsePanelConfig } from '../../src/provisioning/panel-config.js';
import type { ResourceSpec } from './define.js';

/** The plan's panel mapping as one JSON text (AdminJS would flatten it into loose, untyped fields). */
const withPanelConfigJson: After<ActionResponse> = async (response) => {
  const params = response.record?.params;
  if (params && typeof params.panelConfigJson !== 'string') params.panelConfigJson = JSON.stringify(flat.get(params, 'panelConfig') ?? {}, null, 2);
  return response;
};

/** Saves the JSON text as the mapping once it fits the plan's driver; a bad one is a form error and nothing is saved. */
const savePanelConfigJson: Before = async (request, context) => {
  if (request.method !== 'post' || typeof request.payload?.panelConfigJson !== 'string') return request;
  const { panelConfigJson, ...payload } = request.payload as Record<string, unknown> & { panelConfigJson: string };
  const before = context.record?.params;
  const driver = String(payload.driver ?? before?.driver ?? '');
  const check = parsePanelConfig(driver, panelConfigJson);
  const same = (v: unknown): boolean => JSON.stringify(v) === JSON.stringify(before ? flat.get(before, 'panelConfig') ?? {} : undefined);
  // NOTE: a mapping left as it was (and the same driver) does not block saving the plan's other fields.
  if (before && driver === before.driver && (check.ok ? same(check.value) : same(safeJson(panelConfigJson)))) return { ...request, payload };
  if (!check.ok) throw new ValidationError({ panelConfigJson: { message: check.error } }, { message: check.error });
  return { ...request, payload: { ...payload, panelConfig: check.value } };
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return Symbol('invalid');
  }
}

/** What we sell: plans and their prices, coupons. JSON columns (features, specs) stay read-only here; the panel mapping is edited as JSON. */
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
      panelConfigJson: {
        type: 'textarea',
        isVisible: { list: false, filter: false, show: true, edit: true },
        description: 'Panel mapping (JSON): VirtFusion packageId, hypervisorGroupId, osTemplateId; Pterodactyl nestId, eggId, locationId and limits; Enhance planId; SynergyCP hardware filters (memBilling, cpuBilling, diskBilling ...).',
      },
    },
    actions: {
      new: { before: [savePanelConfigJson], after: [withPanelConfigJson] },
      edit: { before: [savePanelConfigJson], after: [withPanelConfigJson] },
      show: { after: [withPanelConfigJson] },
    },
  },
  {
    model: 'PlanPrice',
    group: 'Catalog',
    editable: ['planId', 'cycle', 'currency', 'amountMinor', 'setupFeeMinor', 'overageRateMinorPerGb', 'active'],
    options: { listProperties: ['id', 'planId', 'cycle', 'currency', 'amount', 'setupFee', 'active'], filterProperties: ['planId', 'cycle', 'currency', 'active'] },
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
