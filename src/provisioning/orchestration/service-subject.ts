import type { Transaction } from 'sequelize';
import { NotFoundError } from '../../lib/errors.js';
import { Customer, Plan, Service, Subscription, SubscriptionOption, User } from '../../models/index.js';
import type { ProvisionOptions, ProvisionRequest } from '../driver.js';

/** A service with what provisioning needs around it: subscription, plan, customer and the customer's user. */
export interface ServiceSubject {
  service: Service;
  subscription: Subscription;
  plan: Plan;
  customer: Customer;
  user: User;
}

/** Loads a service (archived ones too) and its surroundings; `secrets` includes `credentialsEnc`. */
export async function loadServiceSubject(serviceId: number, opts: { transaction?: Transaction; secrets?: boolean } = {}): Promise<ServiceSubject> {
  const { transaction } = opts;
  const model = opts.secrets ? Service.scope('withSecrets') : Service;
  const service = await model.findByPk(serviceId, {
    paranoid: false,
    transaction,
    include: [
      { model: Subscription, as: 'subscription', include: [{ model: Plan, as: 'plan' }] },
      { model: Customer, as: 'customer', include: [{ model: User, as: 'user' }] },
    ],
  });
  if (!service) throw new NotFoundError('service_not_found', `Service ${serviceId} not found`);
  const { subscription } = service;
  const customer = (service as Service & { customer?: Customer }).customer;
  if (!subscription?.plan) throw new NotFoundError('subscription_not_found', `Subscription of service ${serviceId} not found`);
  if (!customer?.user) throw new NotFoundError('customer_not_found', `Customer of service ${serviceId} not found`);
  return { service, subscription, plan: subscription.plan, customer, user: customer.user };
}

/** ProvisionOptions keys a config option may feed through its `panelKey`. */
const OPTION_KEYS: Record<string, keyof ProvisionOptions> = {
  ramMb: 'ramMb', memory: 'ramMb', vcpu: 'vcpu', cpuCores: 'vcpu', diskGb: 'diskGb', storage: 'diskGb',
  ipv4: 'ipv4', slots: 'slots', bandwidthGb: 'bandwidthGb', traffic: 'bandwidthGb',
};

/** What the driver's `create` gets for this service: our reference, the customer, the plan's mapping, the chosen options. */
export async function provisionRequestFor(subject: ServiceSubject, transaction?: Transaction): Promise<ProvisionRequest> {
  const { service, plan, user, customer } = subject;
  const rows = await SubscriptionOption.findAll({ where: { subscriptionId: subject.subscription.id }, include: [{ association: 'option' }], transaction });
  const options: ProvisionOptions = {};
  for (const row of rows) {
    const option = (row as SubscriptionOption & { option?: { panelKey: string | null } }).option;
    const key = option?.panelKey ? OPTION_KEYS[option.panelKey] : undefined;
    // NOTE: a quantity option carries the amount the customer chose (e.g. 4096 MB), which the panel takes as the absolute value.
    if (key && row.quantity > 0) options[key] = row.quantity;
  }
  return {
    serviceId: service.id,
    reference: service.reference,
    customer: { id: customer.id, email: user.email, firstName: user.firstName ?? '', lastName: user.lastName ?? '' },
    panelConfig: { ...(plan.panelConfig ?? {}) },
    options,
    hostname: service.hostname ?? undefined,
    domain: service.domain ?? undefined,
  };
}
