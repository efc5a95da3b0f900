import { DEFAULT_TIMEOUT_MS, type PanelDeps } from '../driver.js';
import { PanelHttp, badResponse, field, type VendorError } from '../http.js';

export interface EnhanceDeps extends PanelDeps {
  /** API base (`ENHANCE_URL`, ends in `/api`). */
  baseUrl: string;
  /** Access token of the reseller org (`ENHANCE_TOKEN`). */
  token: string;
  /** Our (reseller/master) org id (`ENHANCE_ORG_ID`). */
  orgId: string;
}

export interface EnhOrg {
  id: string;
  name: string;
  ownerEmail?: string | null;
}

export interface EnhSubscription {
  id: number;
  planId: number;
  subscriberId: string;
  status: 'active' | 'deleted';
  suspendedBy?: string | null;
  friendlyName?: string;
  resources?: Array<{ name: string; usage: number; total?: number }>;
}

export interface EnhWebsite {
  id: string;
  domain: { domain: string };
  subscriptionId?: number;
  status: string;
  serverIps?: Array<{ ip: string; isPrimary: boolean }>;
}

const PAGE = 100;

/** Enhance's error body: `{code, detail?, message?}`. */
export function enhanceError(body: unknown): VendorError {
  if (!body || typeof body !== 'object') return { message: typeof body === 'string' ? body : undefined };
  const b = body as { code?: unknown; detail?: unknown; message?: unknown };
  const message = [b.message, b.detail].filter((m) => typeof m === 'string' && m).join(': ');
  return { code: typeof b.code === 'string' ? b.code : undefined, message: message || undefined };
}

function newId<T extends string | number>(res: { body: unknown }): T {
  const id = res.body && typeof res.body === 'object' ? (res.body as { id?: unknown }).id : undefined;
  if (typeof id !== 'string' && typeof id !== 'number') throw badResponse('enhance', 'no new resource id');
  return id as T;
}

/** Typed calls to the Enhance ("orchd") API as a reseller org. */
export class EnhanceClient {
  private readonly http: PanelHttp;
  readonly orgId: string;

  constructor(deps: EnhanceDeps) {
    this.orgId = deps.orgId;
    this.http = new PanelHttp({
      panel: 'enhance',
      baseUrl: deps.baseUrl,
      timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      headers: { Authorization: `Bearer ${deps.token}` },
      onAttempt: deps.onAttempt,
      vendorError: enhanceError,
    });
  }

  /** Every customer org, page by page, until `match` finds one. */
  async findCustomer(match: (org: EnhOrg) => boolean): Promise<EnhOrg | null> {
    for (let offset = 0; ; offset += PAGE) {
      const res = await this.http.get(`/orgs/${this.orgId}/customers`, { query: { offset, limit: PAGE } });
      const items = field<EnhOrg[]>('enhance', res.body, 'items');
      const found = items.find(match);
      if (found) return found;
      if (items.length < PAGE) return null;
    }
  }

  async createCustomer(name: string): Promise<string> {
    return newId<string>(await this.http.post(`/orgs/${this.orgId}/customers`, { name }));
  }

  async orgLogins(orgId: string): Promise<Array<{ id: string; email: string }>> {
    return field('enhance', (await this.http.get(`/orgs/${orgId}/logins`, { query: { limit: PAGE } })).body, 'items');
  }

  async createLogin(orgId: string, input: { email: string; password: string; name: string }): Promise<string> {
    return newId<string>(await this.http.post('/logins', input, { query: { orgId } }));
  }

  async addOwner(orgId: string, loginId: string): Promise<void> {
    await this.http.post(`/orgs/${orgId}/members`, { loginId, roles: ['Owner'] });
  }

  async subscriptions(customerOrgId: string): Promise<EnhSubscription[]> {
    const res = await this.http.get(`/orgs/${this.orgId}/customers/${customerOrgId}/subscriptions`, { query: { limit: PAGE } });
    return field<EnhSubscription[]>('enhance', res.body, 'items');
  }

  async createSubscription(customerOrgId: string, input: { planId: number; friendlyName: string }): Promise<number> {
    return newId<number>(await this.http.post(`/orgs/${this.orgId}/customers/${customerOrgId}/subscriptions`, input));
  }

  /** The subscription, or null when Enhance no longer has it. */
  async subscription(id: number): Promise<EnhSubscription | null> {
    const res = await this.http.get(`/orgs/${this.orgId}/subscriptions/${id}`, { allow: [404] });
    if (res.status === 404) return null;
    if (!res.body || typeof res.body !== 'object') throw badResponse('enhance', 'subscription is not an object');
    return res.body as EnhSubscription;
  }

  async setSuspended(id: number, isSuspended: boolean): Promise<void> {
    await this.http.patch(`/orgs/${this.orgId}/subscriptions/${id}`, { isSuspended });
  }

  /** Moves the subscription to another hosting plan. */
  async setPlan(id: number, planId: number): Promise<void> {
    await this.http.patch(`/orgs/${this.orgId}/subscriptions/${id}`, { planId });
  }

  /** Deletes the subscription and its websites; false when it was already gone. */
  async deleteSubscription(id: number): Promise<boolean> {
    return (await this.http.delete(`/orgs/${this.orgId}/subscriptions/${id}`, { allow: [404] })).status !== 404;
  }

  async bandwidth(id: number): Promise<number> {
    const res = await this.http.get(`/orgs/${this.orgId}/subscriptions/${id}/bandwidth`);
    if (typeof res.body !== 'number') throw badResponse('enhance', 'bandwidth is not a number');
    return res.body;
  }

  async websites(customerOrgId: string): Promise<EnhWebsite[]> {
    return field<EnhWebsite[]>('enhance', (await this.http.get(`/orgs/${customerOrgId}/websites`, { query: { limit: PAGE } })).body, 'items');
  }

  async createWebsite(customerOrgId: string, input: { domain: string; subscriptionId: number; serverGroupId?: string; phpVersion?: string }): Promise<string> {
    return newId<string>(await this.http.post(`/orgs/${customerOrgId}/websites`, input));
  }
}
