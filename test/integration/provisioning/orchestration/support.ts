import { QueryTypes } from 'sequelize';
import { loadConfig, setConfig } from '../../../../config/index.js';
import { sequelize } from '../../../../src/db/sequelize.js';
import { provisioningRunJob } from '../../../../src/jobs/provisioning-run.js';
import { runJob, type JobRun } from '../../../../src/jobs/runner.js';
import { systemCtx, type Ctx } from '../../../../src/lib/context.js';
import { Service, type Customer, type Plan, type Subscription } from '../../../../src/models/index.js';
import type { DriverName, PlanType } from '../../../../src/models/enums.js';
import { provisionSubscription } from '../../../../src/provisioning/orchestration/provision-subscription.js';
import { clearSettingsCache } from '../../../../src/settings/index.js';
import { createPlan } from '../../../factories/catalog.js';
import { createOrder, createSubscription } from '../../../factories/commerce.js';
import { createCustomer } from '../../../factories/identity.js';
import { startFakeEnhance, type FakeEnhance } from '../../../fakes/panels/enhance.js';
import { startFakePterodactyl, type FakePterodactyl } from '../../../fakes/panels/pterodactyl.js';
import { startFakeSynergyCp, type FakeSynergyCp } from '../../../fakes/panels/synergycp.js';
import { startFakeVirtFusion, type FakeVirtFusion } from '../../../fakes/panels/virtfusion.js';

export type PanelDriver = Exclude<DriverName, 'manual'>;
export const PANEL_DRIVERS: PanelDriver[] = ['virtfusion', 'pterodactyl', 'synergycp', 'enhance'];

export interface Panels {
  virtfusion: FakeVirtFusion;
  pterodactyl: FakePterodactyl;
  synergycp: FakeSynergyCp;
  enhance: FakeEnhance;
}

/** Starts the four fake panels and points the drivers at them through configuration (as production is configured). */
export async function startPanels(): Promise<Panels> {
  const [virtfusion, pterodactyl, synergycp, enhance] = await Promise.all([startFakeVirtFusion(), startFakePterodactyl(), startFakeSynergyCp(), startFakeEnhance()]);
  setConfig(
    loadConfig({
      ...process.env,
      VIRTFUSION_URL: virtfusion.url,
      VIRTFUSION_TOKEN: virtfusion.token,
      PTERODACTYL_URL: pterodactyl.url,
      PTERODACTYL_APP_KEY: pterodactyl.token,
      PTERODACTYL_CLIENT_KEY: pterodactyl.clientToken,
      SYNERGYCP_URL: synergycp.url,
      SYNERGYCP_KEY: synergycp.token,
      ENHANCE_URL: enhance.url,
      ENHANCE_TOKEN: enhance.token,
      ENHANCE_ORG_ID: enhance.orgId,
    }),
  );
  clearSettingsCache();
  return { virtfusion, pterodactyl, synergycp, enhance };
}

/** Closes the fakes and restores the configuration of the environment. */
export async function stopPanels(panels: Panels | undefined): Promise<void> {
  if (panels) await Promise.all(Object.values(panels).map((p: { close(): Promise<void> }) => p.close()));
  setConfig(loadConfig(process.env));
  clearSettingsCache();
}

export const PLAN_TYPE: Record<DriverName, PlanType> = { virtfusion: 'vps', pterodactyl: 'game', synergycp: 'dedicated', enhance: 'web', manual: 'mysql' };

/** The panel mapping of a plan on each driver, matching the fakes' packages, eggs, inventory and plans. */
export const PANEL_CONFIG: Record<DriverName, Record<string, unknown>> = {
  virtfusion: { packageId: 3, hypervisorGroupId: 1, osTemplateId: 1, osTemplates: [1, 2] },
  pterodactyl: { nestId: 1, eggId: 5, locationId: 1 },
  synergycp: { memBilling: 'MEM-32GB', cpuBilling: 'CPU-E3-1240', diskBilling: ['SSD-480'], ipGroupBilling: 'DAL', osTemplate: 'debian-12' },
  enhance: { planId: 1 },
  manual: {},
};

/** A plan on `driver` with the panel mapping the fakes understand. */
export function createPanelPlan(driver: DriverName, attrs: Partial<Plan> = {}): Promise<Plan> {
  return createPlan({ type: PLAN_TYPE[driver], driver, panelConfig: PANEL_CONFIG[driver], ...attrs });
}

/** A paid order of a plan: customer, order (hostname/domain in its line) and active subscription. */
export async function createPaidSubscription(plan: Plan, customer?: Customer): Promise<Subscription> {
  const owner = customer ?? (await createCustomer());
  const order = await createOrder({ customer: owner, plan }, 'completed');
  const item = order.items?.[0];
  const n = `${plan.id}-${owner.id}`;
  await item?.update({ options: { hostname: `srv-${n}.example.test`, domain: `site-${n}.example.test` } });
  return createSubscription({ plan, customer: owner, orderItemId: item?.id ?? null });
}

/** What billing does when an order is paid: the service and its create task. */
export async function payAndProvision(subscription: Subscription, ctx: Ctx = systemCtx()): Promise<Service> {
  return (await provisionSubscription(subscription, { reason: 'Order paid' }, ctx)).service;
}

/** One run of the `provisioning:run` job, as the worker would run it. */
export function runProvisioning(): Promise<JobRun> {
  return runJob(provisioningRunJob);
}

/** The service row as the database holds it now (with its encrypted credentials). */
export async function reloadService(id: number): Promise<Service> {
  return Service.scope('withSecrets').findByPk(id, { paranoid: false, rejectOnEmpty: true });
}

/** Every table whose rows contain `needle` anywhere (to prove a secret is stored nowhere else). */
export async function tablesContaining(needle: string): Promise<string[]> {
  const s = sequelize();
  const tables = (await s.getQueryInterface().showAllTables()).map((t) => (typeof t === 'string' ? t : (t as { tableName: string }).tableName));
  const found: string[] = [];
  for (const table of tables) {
    const quoted = s.getDialect() === 'sqlite' ? `"${table}"` : `\`${table}\``;
    const rows = await s.query(`SELECT * FROM ${quoted}`, { type: QueryTypes.SELECT });
    if (JSON.stringify(rows).includes(needle)) found.push(table);
  }
  return found;
}

/** What a fake panel holds, read the same way for every driver. */
export interface PanelProbe {
  /** Resources currently provisioned (servers, assigned hardware, hosting subscriptions). */
  live(): number;
  exists(externalId: string): boolean;
  isSuspended(externalId: string): boolean;
}

/** The probe of one driver's fake. */
export function probe(panels: Panels, driver: PanelDriver): PanelProbe {
  const id = Number;
  switch (driver) {
    case 'virtfusion': {
      const { servers } = panels.virtfusion.state;
      return { live: () => servers.size, exists: (e) => servers.has(id(e)), isSuspended: (e) => servers.get(id(e))?.suspended === true };
    }
    case 'pterodactyl': {
      const { servers } = panels.pterodactyl.state;
      return { live: () => servers.size, exists: (e) => servers.has(id(e)), isSuspended: (e) => servers.get(id(e))?.status === 'suspended' };
    }
    case 'synergycp': {
      const fake = panels.synergycp;
      return {
        live: () => fake.assigned().length,
        exists: (e) => fake.state.servers.get(id(e))?.client != null,
        isSuspended: (e) => fake.state.servers.get(id(e))?.accesses[0]?.is_active === false,
      };
    }
    case 'enhance': {
      const { subscriptions } = panels.enhance.state;
      return { live: () => subscriptions.size, exists: (e) => subscriptions.has(id(e)), isSuspended: (e) => subscriptions.get(id(e))?.suspendedBy != null };
    }
  }
}
