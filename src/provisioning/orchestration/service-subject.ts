import type { Transaction } from 'sequelize';
import { NotFoundError } from '../../lib/errors.js';
import { Addon, Customer, Plan, Service, Subscription, SubscriptionAddon, SubscriptionOption, User } from '../../models/index.js';
import type { PlanSpecs } from '../../models/plan.js';
import type { ProvisionOptions, ProvisionRequest } from '../driver.js';
import { PANEL_COUNT_DEFAULTS } from '../panel-config.js';

/** A service with what provisioning needs around it: subscription, plan, customer and the customer's user. */
export interface ServiceSubject {
  service: Service;
  subscription: Subscription;
  plan: Plan;
  customer: Customer;
  user: User;
  /** The subscription's chosen options, when they were loaded with the subject (a claimed batch). */
  options?: ProvisionOptions;
  /** The `panelConfig` of each active add-on of the subscription, when they were loaded with the subject. */
  addonConfigs?: Array<Record<string, unknown>>;
}

const ADDON_INCLUDE = [{ model: Addon, as: 'addon', attributes: ['id', 'panelConfig'] }];

/** The panel settings of the subscriptions' active add-ons, per subscription (add-ons without settings left out). */
async function loadAddonConfigs(subscriptionIds: readonly number[], transaction?: Transaction): Promise<Map<number, Array<Record<string, unknown>>>> {
  const bySubscription = new Map<number, Array<Record<string, unknown>>>(subscriptionIds.map((id) => [id, []]));
  if (subscriptionIds.length === 0) return bySubscription;
  const rows = await SubscriptionAddon.findAll({ where: { subscriptionId: [...subscriptionIds], status: 'active' }, include: ADDON_INCLUDE, order: [['id', 'ASC']], transaction });
  for (const row of rows) {
    const config = (row as SubscriptionAddon & { addon?: Addon }).addon?.panelConfig;
    if (config && Object.keys(config).length > 0) bySubscription.get(row.subscriptionId)?.push(config);
  }
  return bySubscription;
}

/** The sum of one count over the add-ons' panel settings. */
function addonTotal(addonConfigs: ReadonlyArray<Readonly<Record<string, unknown>>>, key: string): number {
  return addonConfigs.reduce((total, config) => {
    const value = config[key];
    return typeof value === 'number' && Number.isFinite(value) ? total + value : total;
  }, 0);
}

/**
 * The plan's panel mapping with its add-ons' counts added (two more backup slots on a plan with one: 3; on a plan that
 * leaves the count out, on top of the driver's default).
 */
function withAddonConfigs(plan: Pick<Plan, 'driver' | 'panelConfig'>, addonConfigs: ReadonlyArray<Readonly<Record<string, unknown>>>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(plan.panelConfig ?? {}) };
  const defaults = PANEL_COUNT_DEFAULTS[plan.driver] ?? {};
  for (const key of new Set(addonConfigs.flatMap((config) => Object.keys(config)))) {
    const extra = addonTotal(addonConfigs, key);
    if (extra === 0) continue;
    const base = Number(merged[key] ?? defaults[key] ?? 0);
    merged[key] = (Number.isFinite(base) ? base : 0) + extra;
  }
  return merged;
}

const SUBJECT_INCLUDE = [
  { model: Subscription, as: 'subscription', include: [{ model: Plan, as: 'plan' }] },
  { model: Customer, as: 'customer', include: [{ model: User, as: 'user' }] },
];

function subjectOf(service: Service): ServiceSubject | null {
  const { subscription } = service;
  const customer = (service as Service & { customer?: Customer }).customer;
  if (!subscription?.plan || !customer?.user) return null;
  return { service, subscription, plan: subscription.plan, customer, user: customer.user };
}

/** Loads a service (archived ones too) and its surroundings; `secrets` includes `credentialsEnc`. */
export async function loadServiceSubject(serviceId: number, opts: { transaction?: Transaction; secrets?: boolean } = {}): Promise<ServiceSubject> {
  const { transaction } = opts;
  const model = opts.secrets ? Service.scope('withSecrets') : Service;
  const service = await model.findByPk(serviceId, { paranoid: false, transaction, include: SUBJECT_INCLUDE });
  if (!service) throw new NotFoundError('service_not_found', `Service ${serviceId} not found`);
  if (!service.subscription?.plan) throw new NotFoundError('subscription_not_found', `Subscription of service ${serviceId} not found`);
  const subject = subjectOf(service);
  if (!subject) throw new NotFoundError('customer_not_found', `Customer of service ${serviceId} not found`);
  return subject;
}

/**
 * The subjects of many services in three queries (services with their surroundings, every subscription's options, then
 * its active add-ons' panel settings),
 * for a claimed batch. A service whose surroundings are missing is left out (its task loads it alone and fails clearly).
 */
export async function loadServiceSubjects(serviceIds: readonly number[]): Promise<Map<number, ServiceSubject>> {
  const subjects = new Map<number, ServiceSubject>();
  if (serviceIds.length === 0) return subjects;
  const services = await Service.findAll({ where: { id: [...new Set(serviceIds)] }, paranoid: false, include: SUBJECT_INCLUDE });
  for (const service of services) {
    const subject = subjectOf(service);
    if (subject) subjects.set(service.id, subject);
  }
  const bySubscription = new Map([...subjects.values()].map((s) => [s.subscription.id, s]));
  for (const subject of subjects.values()) subject.options = {};
  const rows = await SubscriptionOption.findAll({ where: { subscriptionId: [...bySubscription.keys()] }, include: [{ association: 'option' }] });
  for (const row of rows) {
    const subject = bySubscription.get(row.subscriptionId);
    if (subject) addOption(subject.options, row, subject.plan.specs);
  }
  const addonConfigs = await loadAddonConfigs([...bySubscription.keys()]);
  for (const [subscriptionId, subject] of bySubscription) subject.addonConfigs = addonConfigs.get(subscriptionId) ?? [];
  return subjects;
}

function addOption(options: ProvisionOptions | undefined, row: SubscriptionOption, specs: PlanSpecs | null | undefined): void {
  const option = (row as SubscriptionOption & { option?: { panelKey: string | null } }).option;
  const target = option?.panelKey ? OPTION_KEYS[option.panelKey] : undefined;
  if (!options || !target || row.quantity <= 0) return;
  // NOTE: an absolute option carries the amount itself (4096 MB); an "extra" option adds its units to the plan's own
  // resources (plan specs), and the panel is given the total.
  const base = target.base ? Number(specs?.[target.base] ?? 0) : 0;
  options[target.key] = (Number.isFinite(base) ? base : 0) + row.quantity * (target.per ?? 1);
}

/** ProvisionOptions keys a config option may feed through its `panelKey`: absolute amounts, or extras on top of the plan's specs. */
const OPTION_KEYS: Record<string, { key: keyof ProvisionOptions; base?: keyof PlanSpecs & string; per?: number }> = {
  ramMb: { key: 'ramMb' }, memory: { key: 'ramMb' }, vcpu: { key: 'vcpu' }, cpuCores: { key: 'vcpu' }, diskGb: { key: 'diskGb' }, storage: { key: 'diskGb' },
  ipv4: { key: 'ipv4' }, slots: { key: 'slots' }, bandwidthGb: { key: 'bandwidthGb' }, traffic: { key: 'bandwidthGb' },
  extraRamGb: { key: 'ramMb', base: 'memoryMb', per: 1024 },
  extraVcpu: { key: 'vcpu', base: 'cpuCores' },
  extraDiskGb: { key: 'diskGb', base: 'diskGb' },
  extraIpv4: { key: 'ipv4', base: 'ipv4' },
  extraSlots10: { key: 'slots', base: 'slots', per: 10 },
};

/** The `panelKey` values a config option may have (any other reaches no panel). */
export const OPTION_PANEL_KEYS: readonly string[] = Object.keys(OPTION_KEYS);

/** What the driver's `create` gets for this service: our reference, the customer, the plan's mapping with its add-ons' settings, the chosen options. */
export async function provisionRequestFor(subject: ServiceSubject, transaction?: Transaction): Promise<ProvisionRequest> {
  const { service, plan, user, customer } = subject;
  let options = subject.options;
  if (!options) {
    options = {};
    const rows = await SubscriptionOption.findAll({ where: { subscriptionId: subject.subscription.id }, include: [{ association: 'option' }], transaction });
    for (const row of rows) addOption(options, row, plan.specs);
  }
  const addonConfigs = subject.addonConfigs ?? (await loadAddonConfigs([subject.subscription.id], transaction)).get(subject.subscription.id) ?? [];
  // NOTE: a chosen IPv4 amount replaces the mapping's, so the add-ons' addresses are added to it as well.
  if (options.ipv4 !== undefined) options = { ...options, ipv4: options.ipv4 + addonTotal(addonConfigs, 'ipv4') };
  return {
    serviceId: service.id,
    reference: service.reference,
    customer: { id: customer.id, email: user.email, firstName: user.firstName ?? '', lastName: user.lastName ?? '' },
    panelConfig: withAddonConfigs(plan, addonConfigs),
    options: { ...options },
    hostname: service.hostname ?? undefined,
    osTemplate: typeof service.panelData?.osTemplate === 'string' ? service.panelData.osTemplate : undefined,
    domain: service.domain ?? undefined,
  };
}
