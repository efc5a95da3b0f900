import { randomUUID } from 'node:crypto';
import { FakeHttpError, hasBearer, int, startFakePanel, str, testIp, type FakePanel, type FakeRequest } from './base.js';

export interface EnhOrg {
  id: string;
  parentId: string | null;
  name: string;
  status: 'active';
  ownerEmail?: string;
  ownerLoginId?: string;
}

export interface EnhSubscription {
  id: number;
  planId: number;
  subscriberId: string;
  vendorId: string;
  status: 'active' | 'deleted';
  suspendedBy: string | null;
  friendlyName: string;
  diskBytes: number;
  bandwidthBytes: number;
}

export interface EnhWebsite {
  id: string;
  orgId: string;
  domain: string;
  subscriptionId: number;
  status: 'active' | 'disabled';
}

export interface EnhState {
  masterOrgId: string;
  orgs: Map<string, EnhOrg>;
  logins: Map<string, { id: string; email: string; name: string; orgId: string }>;
  members: Map<string, { id: string; orgId: string; loginId: string; roles: string[] }>;
  subscriptions: Map<number, EnhSubscription>;
  websites: Map<string, EnhWebsite>;
  plans: Map<number, string>;
}

export interface FakeEnhance extends FakePanel {
  token: string;
  orgId: string;
  state: EnhState;
}

const CODES: Record<number, string> = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'already_exists', 422: 'invalid_input' };
const errorBody = (status: number, message: string): unknown => ({ code: CODES[status] ?? 'internal_error', message });

/** Starts a fake Enhance control panel (`/api`, Bearer token) with a reseller org and two hosting plans. */
export async function startFakeEnhance(token = 'enhance-test-token'): Promise<FakeEnhance> {
  const masterOrgId = randomUUID();
  const state: EnhState = {
    masterOrgId,
    orgs: new Map([[masterOrgId, { id: masterOrgId, parentId: null, name: 'EZSCALE', status: 'active' }]]),
    logins: new Map(), members: new Map(), subscriptions: new Map(), websites: new Map(),
    plans: new Map([[1, 'Starter'], [2, 'Business']]),
  };
  let nextSubscription = 1;

  const org = (id: string): EnhOrg => {
    const found = state.orgs.get(id);
    if (!found) throw new FakeHttpError(404, 'Organization not found');
    return found;
  };
  const customer = (req: FakeRequest): EnhOrg => {
    org(req.params.org);
    const cust = org(req.params.cust);
    if (cust.parentId !== req.params.org) throw new FakeHttpError(404, 'Customer not found');
    return cust;
  };
  const subscription = (req: FakeRequest): EnhSubscription => {
    const s = state.subscriptions.get(int(req.params.sid) ?? -1);
    if (!s || s.vendorId !== req.params.org) throw new FakeHttpError(404, 'Subscription not found');
    return s;
  };
  const subscriptionView = (s: EnhSubscription): Record<string, unknown> => ({
    id: s.id, planId: s.planId, planName: state.plans.get(s.planId), subscriberId: s.subscriberId, vendorId: s.vendorId, status: s.status,
    ...(s.suspendedBy ? { suspendedBy: s.suspendedBy } : {}), friendlyName: s.friendlyName, planType: 'shared',
    resources: [{ name: 'diskspace', usage: s.diskBytes, total: 10 * 1024 ** 3 }, { name: 'transfer', usage: s.bandwidthBytes, total: 100 * 1024 ** 3 }],
    allowances: [], selections: [], allowedPhpVersions: ['php82'], defaultPhpVersion: 'php82', redisAllowed: false,
  });
  const listing = (items: unknown[], req: FakeRequest): { status: number; body: unknown } => {
    const offset = int(req.query.get('offset')) ?? 0;
    const limit = int(req.query.get('limit')) ?? 50;
    return { status: 200, body: { items: items.slice(offset, offset + limit), total: items.length } };
  };

  const panel = await startFakePanel({
    prefix: '/api',
    authorize: (req) => hasBearer(req, token),
    errorBody,
    routes: [
      {
        method: 'GET', pattern: '/orgs/:org/customers',
        handler: (req) => (org(req.params.org), listing([...state.orgs.values()].filter((o) => o.parentId === req.params.org), req)),
      },
      {
        method: 'POST', pattern: '/orgs/:org/customers',
        handler: (req) => {
          org(req.params.org);
          const name = str(req.body.name);
          if (!name) throw new FakeHttpError(422, 'name is required');
          const id = randomUUID();
          state.orgs.set(id, { id, parentId: req.params.org, name, status: 'active' });
          return { status: 201, body: { id } };
        },
      },
      {
        method: 'POST', pattern: '/logins',
        handler: (req) => {
          const orgId = org(req.query.get('orgId') ?? '').id;
          const email = str(req.body.email);
          if (!email || !str(req.body.password) || !str(req.body.name)) throw new FakeHttpError(422, 'email, password and name are required');
          if ([...state.logins.values()].some((l) => l.email === email && l.orgId === orgId)) throw new FakeHttpError(409, 'Login already exists');
          const id = randomUUID();
          state.logins.set(id, { id, email, name: String(req.body.name), orgId });
          return { status: 201, body: { id } };
        },
      },
      {
        method: 'GET', pattern: '/orgs/:org/logins',
        handler: (req) => (org(req.params.org), listing([...state.logins.values()].filter((l) => l.orgId === req.params.org), req)),
      },
      {
        method: 'POST', pattern: '/orgs/:org/members',
        handler: (req) => {
          const target = org(req.params.org);
          const login = state.logins.get(String(req.body.loginId));
          const roles = Array.isArray(req.body.roles) ? req.body.roles.map(String) : [];
          if (!login || roles.length === 0) throw new FakeHttpError(422, 'loginId and roles are required');
          const id = randomUUID();
          state.members.set(id, { id, orgId: target.id, loginId: login.id, roles });
          if (roles.includes('Owner')) Object.assign(target, { ownerEmail: login.email, ownerLoginId: login.id });
          return { status: 201, body: { id } };
        },
      },
      {
        method: 'GET', pattern: '/orgs/:org/customers/:cust/subscriptions',
        handler: (req) => {
          const cust = customer(req);
          return listing([...state.subscriptions.values()].filter((s) => s.subscriberId === cust.id).map(subscriptionView), req);
        },
      },
      {
        method: 'POST', pattern: '/orgs/:org/customers/:cust/subscriptions', create: true,
        handler: (req) => {
          const cust = customer(req);
          const planId = int(req.body.planId);
          if (planId === null || !state.plans.has(planId)) throw new FakeHttpError(422, 'Plan not found');
          const s: EnhSubscription = {
            id: nextSubscription++, planId, subscriberId: cust.id, vendorId: req.params.org, status: 'active', suspendedBy: null,
            friendlyName: str(req.body.friendlyName) ?? '', diskBytes: 250 * 1024 ** 2, bandwidthBytes: 3 * 1024 ** 3,
          };
          state.subscriptions.set(s.id, s);
          return { status: 201, body: { id: s.id } };
        },
      },
      { method: 'GET', pattern: '/orgs/:org/subscriptions/:sid', handler: (req) => ({ status: 200, body: subscriptionView(subscription(req)) }) },
      {
        method: 'PATCH', pattern: '/orgs/:org/subscriptions/:sid',
        handler: (req) => {
          const s = subscription(req);
          if (typeof req.body.isSuspended === 'boolean') s.suspendedBy = req.body.isSuspended ? req.params.org : null;
          const planId = int(req.body.planId);
          if (req.body.planId !== undefined && (planId === null || !state.plans.has(planId))) throw new FakeHttpError(422, 'Plan not found');
          if (planId !== null) s.planId = planId;
          for (const w of state.websites.values()) if (w.subscriptionId === s.id) w.status = s.suspendedBy ? 'disabled' : 'active';
          return { status: 204 };
        },
      },
      {
        method: 'DELETE', pattern: '/orgs/:org/subscriptions/:sid',
        handler: (req) => {
          const s = subscription(req);
          state.subscriptions.delete(s.id);
          for (const [id, w] of state.websites) if (w.subscriptionId === s.id) state.websites.delete(id);
          return { status: 204 };
        },
      },
      { method: 'GET', pattern: '/orgs/:org/subscriptions/:sid/bandwidth', handler: (req) => ({ status: 200, body: subscription(req).bandwidthBytes }) },
      {
        method: 'POST', pattern: '/orgs/:org/websites',
        handler: (req) => {
          const target = org(req.params.org);
          const domain = str(req.body.domain);
          const sub = state.subscriptions.get(int(req.body.subscriptionId) ?? -1);
          if (!domain) throw new FakeHttpError(422, 'domain is required');
          if (!sub || sub.subscriberId !== target.id) throw new FakeHttpError(422, 'Subscription not found for this organization');
          if ([...state.websites.values()].some((w) => w.domain === domain)) throw new FakeHttpError(409, 'Domain already exists');
          const id = randomUUID();
          state.websites.set(id, { id, orgId: target.id, domain, subscriptionId: sub.id, status: 'active' });
          return { status: 201, body: { id } };
        },
      },
      {
        method: 'GET', pattern: '/orgs/:org/websites',
        handler: (req) => {
          const rows = [...state.websites.values()].filter((w) => w.orgId === req.params.org).map((w) => ({
            id: w.id, orgId: w.orgId, domain: { id: `${w.id}-d`, domain: w.domain }, subscriptionId: w.subscriptionId, status: w.status,
            kind: 'normal', size: 0, serverIps: [{ ip: testIp(7), isPrimary: true }], createdAt: new Date().toISOString(),
          }));
          return listing(rows, req);
        },
      },
    ],
  });
  return { ...panel, token, orgId: masterOrgId, state };
}
