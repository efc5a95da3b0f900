import type { ResourceSpec } from './define.js';

/** What we sell: plans and their prices, coupons. JSON columns (features, specs, panel config) stay read-only here. */
export const catalogResources: ResourceSpec[] = [
  {
    model: 'Plan',
    group: 'Catalog',
    editable: [
      'slug', 'name', 'type', 'summary', 'description', 'stock', 'waitlistEnabled', 'visibility', 'archivedAt',
      'requiresReview', 'taxable', 'driver', 'badge', 'sortOrder', 'bandwidthQuotaGb',
    ],
    options: {
      titleProperty: 'name',
      listProperties: ['id', 'name', 'slug', 'type', 'driver', 'visibility', 'stock', 'archivedAt'],
      filterProperties: ['name', 'slug', 'type', 'driver', 'visibility', 'archivedAt'],
      sort: { sortBy: 'sortOrder', direction: 'asc' },
    },
    properties: { description: { type: 'textarea' } },
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
