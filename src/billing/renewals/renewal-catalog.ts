import { Op, type Transaction } from 'sequelize';
import { Addon } from '../../models/addon.js';
import { ConfigOption } from '../../models/config-option.js';
import { Coupon } from '../../models/coupon.js';
import { CouponAmount } from '../../models/coupon-amount.js';
import { Plan } from '../../models/plan.js';
import { PlanConfigOption } from '../../models/plan-config-option.js';
import type { PlanFacts } from '../catalog/configuration.js';
import { toInvoiceCoupon } from '../coupons/to-invoice-coupon.js';
import type { InvoiceCouponSpec } from '../invoices/invoice-types.js';
import type { RenewalCatalog } from './renewal-subject.js';

const missing = (ids: Iterable<number>, have: { has(id: number): boolean }): number[] => [...new Set(ids)].filter((id) => !have.has(id));

/** Catalog facts loaded once per run and extended as new plans, options, add-ons and coupons show up. */
export class RenewalCatalogCache implements RenewalCatalog {
  readonly plans = new Map<number, PlanFacts>();
  readonly included = new Map<string, number>();
  readonly options = new Map<number, { name: string; choices: Array<{ value: string; label: string }> | null }>();
  readonly addons = new Map<number, string>();
  readonly coupons = new Map<number, InvoiceCouponSpec>();

  /** Loads whatever of these is not cached yet (a few small queries, none when all are known). */
  async ensure(ids: { plans: Iterable<number>; options: Iterable<number>; addons: Iterable<number>; coupons: Iterable<number> }, t?: Transaction): Promise<void> {
    const planIds = missing(ids.plans, this.plans);
    if (planIds.length) {
      const plans = await Plan.findAll({ where: { id: { [Op.in]: planIds } }, attributes: ['id', 'name', 'type', 'taxable'], transaction: t });
      for (const p of plans) this.plans.set(p.id, { id: p.id, name: p.name, type: p.type, taxable: p.taxable });
      const offers = await PlanConfigOption.findAll({ where: { planId: { [Op.in]: planIds } }, attributes: ['planId', 'optionId', 'includedQuantity'], transaction: t });
      for (const o of offers) this.included.set(`${o.planId}:${o.optionId}`, o.includedQuantity);
    }
    const optionIds = missing(ids.options, this.options);
    if (optionIds.length) {
      const options = await ConfigOption.findAll({ where: { id: { [Op.in]: optionIds } }, attributes: ['id', 'name', 'choices'], transaction: t });
      for (const o of options) this.options.set(o.id, { name: o.name, choices: o.choices?.map((c) => ({ value: c.value, label: c.label })) ?? null });
    }
    const addonIds = missing(ids.addons, this.addons);
    if (addonIds.length) {
      const addons = await Addon.findAll({ where: { id: { [Op.in]: addonIds } }, attributes: ['id', 'name'], transaction: t });
      for (const a of addons) this.addons.set(a.id, a.name);
    }
    const couponIds = missing(ids.coupons, this.coupons);
    if (couponIds.length) {
      const coupons = await Coupon.findAll({ where: { id: { [Op.in]: couponIds } }, transaction: t });
      const amounts = await CouponAmount.findAll({ where: { couponId: { [Op.in]: couponIds } }, transaction: t });
      for (const c of coupons) this.coupons.set(c.id, toInvoiceCoupon(c, amounts.filter((a) => a.couponId === c.id)));
    }
  }
}
