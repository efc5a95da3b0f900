import {
  emptyUsage, generatePassword, numericId, requireConfig,
  type ProvisionCredentials, type ProvisionRequest, type ProvisionResult, type ProvisioningDriver,
  type ServiceRef, type ServiceState, type StatusReport, type UsageReport,
} from '../driver.js';
import { EnhanceClient, type EnhanceDeps, type EnhSubscription, type EnhWebsite } from './client.js';

/** Web hosting on Enhance: a customer org per customer, a subscription per service (friendlyName = our reference). */
export class EnhanceDriver implements ProvisioningDriver {
  readonly name = 'enhance' as const;
  private readonly client: EnhanceClient;
  private readonly panelUrl: string;

  constructor(deps: EnhanceDeps) {
    this.client = new EnhanceClient(deps);
    this.panelUrl = deps.baseUrl.replace(/\/api\/?$/, '');
  }

  /** Finds the subscription carrying our reference, creating its website if a crash left it without one. */
  async findExisting(req: ProvisionRequest): Promise<ProvisionResult | null> {
    return this.findInOrg(await this.findCustomerOrg(req), req);
  }

  private async findInOrg(org: { id: string } | null, req: ProvisionRequest): Promise<ProvisionResult | null> {
    if (!org) return null;
    const sub = (await this.client.subscriptions(org.id)).find((s) => s.friendlyName === req.reference && s.status !== 'deleted');
    if (!sub) return null;
    return this.result(sub, await this.ensureWebsite(org.id, sub.id, req), null);
  }

  /** Creates (or reuses) the customer org with an owner login, subscribes it to the plan and adds the website. */
  async create(req: ProvisionRequest): Promise<ProvisionResult> {
    const planId = Number(requireConfig(req, 'planId'));
    const org = await this.findCustomerOrg(req);
    const existing = await this.findInOrg(org, req);
    if (existing) return existing;
    const { orgId, credentials } = await this.ensureCustomer(req, org);
    const subscriptionId = await this.client.createSubscription(orgId, { planId, friendlyName: req.reference });
    // A subscription made just now has no website yet.
    const website = await this.ensureWebsite(orgId, subscriptionId, req, true);
    const sub = (await this.client.subscription(subscriptionId)) ?? { id: subscriptionId, planId, subscriberId: orgId, status: 'active' as const };
    return this.result(sub, website, credentials);
  }

  async suspend(ext: ServiceRef): Promise<void> {
    await this.client.setSuspended(numericId(this.name, ext.externalId), true);
  }

  async unsuspend(ext: ServiceRef): Promise<void> {
    await this.client.setSuspended(numericId(this.name, ext.externalId), false);
  }

  /** Moves the hosting subscription to the plan's Enhance plan. */
  async changePlan(ext: ServiceRef, req: ProvisionRequest): Promise<void> {
    const planId = Number(requireConfig(req, 'planId'));
    await this.client.setPlan(numericId(this.name, ext.externalId), planId);
  }

  async terminate(ext: ServiceRef): Promise<void> {
    await this.client.deleteSubscription(numericId(this.name, ext.externalId));
  }

  async status(ext: ServiceRef): Promise<StatusReport> {
    const sub = await this.client.subscription(numericId(this.name, ext.externalId));
    if (!sub) return { state: 'terminated', power: 'unknown', raw: {} };
    return { state: stateOf(sub), power: 'unknown', raw: summary(sub) };
  }

  /** Disk in use (the subscription's `diskspace` resource) and this month's transfer. */
  async usage(ext: ServiceRef): Promise<UsageReport> {
    const id = numericId(this.name, ext.externalId);
    const sub = await this.client.subscription(id);
    if (!sub) return emptyUsage();
    const transfer = sub.resources?.find((r) => r.name === 'transfer');
    return {
      ...emptyUsage(),
      diskBytes: sub.resources?.find((r) => r.name === 'diskspace')?.usage ?? null,
      bandwidthBytes: await this.client.bandwidth(id),
      bandwidthLimitBytes: transfer?.total ?? null,
      bandwidthScope: 'month',
    };
  }

  private async findCustomerOrg(req: ProvisionRequest): Promise<{ id: string; hasOwner: boolean } | null> {
    const email = req.customer.email.toLowerCase();
    const name = orgName(req);
    // NOTE: an org without an owner is one our own crashed create left behind; it is adopted by its name.
    const org = await this.client.findCustomer((o) => o.ownerEmail?.toLowerCase() === email || (!o.ownerEmail && o.name === name));
    return org ? { id: org.id, hasOwner: Boolean(org.ownerEmail) } : null;
  }

  /** The customer's org with an owner login; `found` is the org the caller already looked up (null: there is none). */
  private async ensureCustomer(req: ProvisionRequest, found: { id: string; hasOwner: boolean } | null): Promise<{ orgId: string; credentials: ProvisionCredentials | null }> {
    if (found?.hasOwner) return { orgId: found.id, credentials: null };
    const orgId = found?.id ?? (await this.client.createCustomer(orgName(req)));
    const email = req.customer.email;
    // An org created just now has no login; one a crashed create left behind may have ours.
    let loginId = found ? (await this.client.orgLogins(orgId)).find((l) => l.email.toLowerCase() === email.toLowerCase())?.id : undefined;
    let credentials: ProvisionCredentials | null = null;
    if (!loginId) {
      const password = generatePassword();
      loginId = await this.client.createLogin(orgId, { email, password, name: orgName(req) });
      credentials = { username: email, password };
    }
    await this.client.addOwner(orgId, loginId);
    return { orgId, credentials };
  }

  private async ensureWebsite(orgId: string, subscriptionId: number, req: ProvisionRequest, fresh = false): Promise<EnhWebsite | null> {
    const domain = req.domain ?? req.hostname;
    const mine = fresh ? undefined : (await this.client.websites(orgId)).find((w) => w.subscriptionId === subscriptionId);
    if (mine || !domain) return mine ?? null;
    const cfg = req.panelConfig;
    await this.client.createWebsite(orgId, {
      domain,
      subscriptionId,
      serverGroupId: typeof cfg.serverGroupId === 'string' ? cfg.serverGroupId : undefined,
      phpVersion: typeof cfg.phpVersion === 'string' ? cfg.phpVersion : undefined,
    });
    return (await this.client.websites(orgId)).find((w) => w.subscriptionId === subscriptionId) ?? null;
  }

  private result(sub: EnhSubscription, website: EnhWebsite | null, credentials: ProvisionCredentials | null): ProvisionResult {
    return {
      externalId: String(sub.id),
      status: stateOf(sub),
      ipAddresses: (website?.serverIps ?? []).map((s) => s.ip),
      hostname: website?.domain.domain ?? null,
      credentials,
      panelUrl: this.panelUrl,
      raw: { ...summary(sub), websiteId: website?.id ?? null },
    };
  }
}

function orgName(req: ProvisionRequest): string {
  return `${req.customer.firstName} ${req.customer.lastName}`.trim() || req.customer.email;
}

function stateOf(sub: EnhSubscription): ServiceState {
  if (sub.status === 'deleted') return 'terminated';
  return sub.suspendedBy ? 'suspended' : 'active';
}

function summary(sub: EnhSubscription): Record<string, unknown> {
  return { subscriptionId: sub.id, customerOrgId: sub.subscriberId, planId: sub.planId, status: sub.status, suspendedBy: sub.suspendedBy ?? null };
}
