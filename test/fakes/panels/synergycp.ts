import { FakeHttpError, int, startFakePanel, str, testIp, type FakePanel, type FakeRequest, type Json } from './base.js';

export interface ScpClient {
  id: number;
  email: string;
  first: string;
  last: string;
  billing_id: string | null;
}

export interface ScpAccess {
  id: number;
  client: { id: number };
  is_active: boolean;
  is_primary: boolean;
  suspension_reason: string | null;
}

export interface ScpServer {
  id: number;
  name: string;
  mem_billing: string;
  cpu_billing: string;
  disks_billing: string[];
  ip_group_billing: string;
  client: { id: number } | null;
  billing: { id: string; max_bandwidth: string | null } | null;
  nickname: string | null;
  password: string | null;
  pxe_profile_billing: string | null;
  ips: string[];
  /** Bits transferred this billing period, and the cap. */
  usage: { used: number; max: number };
  accesses: ScpAccess[];
}

export interface ScpState {
  clients: Map<number, ScpClient>;
  servers: Map<number, ScpServer>;
  wipes: number[];
}

export interface FakeSynergyCp extends FakePanel {
  token: string;
  state: ScpState;
  /** Adds a free server to the inventory; returns its id. */
  addInventory(spec?: Partial<Pick<ScpServer, 'mem_billing' | 'cpu_billing' | 'disks_billing' | 'ip_group_billing'>>): number;
  /** Servers currently provisioned to a client. */
  assigned(): ScpServer[];
}

const errorBody = (_status: number, message: string): unknown => ({ error: message, data: null });
const ok = (data: unknown, status = 200): { status: number; body: unknown } => ({ status, body: { error: false, data } });
/** A Laravel paginator over `rows` (`per_page`, default 50, and `page` from the query). */
const page = (rows: unknown[], query?: URLSearchParams): Json => {
  const perPage = Math.max(1, int(query?.get('per_page')) ?? 50);
  const current = Math.max(1, int(query?.get('page')) ?? 1);
  return { data: rows.slice((current - 1) * perPage, current * perPage), total: rows.length, current_page: current, last_page: Math.max(1, Math.ceil(rows.length / perPage)), per_page: perPage };
};

/** Starts a fake SynergyCP (`?key=` auth, `{error, data}` envelope) with two free servers in its inventory. */
export async function startFakeSynergyCp(token = 'scp-test-key'): Promise<FakeSynergyCp> {
  const state: ScpState = { clients: new Map(), servers: new Map(), wipes: [] };
  let nextId = 1;

  const view = (s: ScpServer): Json => ({
    id: s.id, name: s.name, nickname: s.nickname, client: s.client, billing: s.billing,
    mem_billing: s.mem_billing, cpu_billing: s.cpu_billing, disks_billing: s.disks_billing, ip_group_billing: s.ip_group_billing,
    entities: s.ips.map((address, i) => ({ id: s.id * 100 + i, address })), usage: s.usage, available: s.client === null,
  });
  const server = (req: FakeRequest): ScpServer => {
    const s = state.servers.get(int(req.params.id) ?? -1);
    if (!s) throw new FakeHttpError(404, 'Server not found.');
    return s;
  };
  const addInventory: FakeSynergyCp['addInventory'] = (spec = {}) => {
    const id = nextId++;
    state.servers.set(id, {
      id, name: `DAL-R1-S${id}`, mem_billing: 'MEM-32GB', cpu_billing: 'CPU-E3-1240', disks_billing: ['SSD-480'], ip_group_billing: 'DAL', ...spec,
      client: null, billing: null, nickname: null, password: null, pxe_profile_billing: null, ips: [testIp(id)], usage: { used: 0, max: 0 }, accesses: [],
    });
    return id;
  };
  addInventory();
  addInventory();

  const panel = await startFakePanel({
    prefix: '',
    authorize: (_req, url) => url.searchParams.get('key') === token,
    errorBody,
    routes: [
      {
        method: 'GET', pattern: '/client',
        handler: ({ query }) => {
          const rows = [...state.clients.values()].filter((c) =>
            (!query.get('billing_id') || c.billing_id === query.get('billing_id')) && (!query.get('email') || c.email === query.get('email')));
          return ok(page(rows));
        },
      },
      {
        method: 'POST', pattern: '/client',
        handler: ({ body }) => {
          const email = str(body.email);
          if (!email || !str(body.first) || !str(body.last)) throw new FakeHttpError(422, 'The email, first and last fields are required.');
          if ([...state.clients.values()].some((c) => c.email === email)) throw new FakeHttpError(422, 'The email has already been taken.');
          const client: ScpClient = { id: nextId++, email, first: String(body.first), last: String(body.last), billing_id: str(body.billing_id) };
          state.clients.set(client.id, client);
          return ok(client, 201);
        },
      },
      {
        method: 'GET', pattern: '/server',
        handler: ({ query }) => {
          const disks = query.getAll('disks_billing[]');
          const rows = [...state.servers.values()].filter((s) =>
            (!query.get('billing_id') || s.billing?.id === query.get('billing_id'))
            && (query.get('available') !== 'true' || s.client === null)
            && (!query.get('mem_billing') || s.mem_billing === query.get('mem_billing'))
            && (!query.get('cpu_billing') || s.cpu_billing === query.get('cpu_billing'))
            && (!query.get('ip_group_billing') || s.ip_group_billing === query.get('ip_group_billing'))
            && (disks.length === 0 || disks.join(',') === s.disks_billing.join(',')));
          return ok(page(rows.map(view), query));
        },
      },
      {
        method: 'POST', pattern: '/server/provision', create: true,
        handler: ({ body }) => {
          const client = state.clients.get(int(body.client_id) ?? -1);
          const s = state.servers.get(int(body.server_id) ?? -1);
          if (!client) throw new FakeHttpError(422, 'The selected client is invalid.');
          if (!s || s.client !== null) throw new FakeHttpError(422, 'That server is not available for provisioning.');
          const billing = (body.billing ?? {}) as Json;
          s.client = { id: client.id };
          s.billing = { id: String(billing.id ?? ''), max_bandwidth: str(billing.max_bandwidth) };
          s.nickname = str(body.nickname);
          s.password = str(body.password);
          s.pxe_profile_billing = str(body.pxe_profile_billing);
          s.usage = { used: 8 * 5 * 1024 ** 3, max: 8 * 10 * 1024 ** 4 };
          s.accesses = [{ id: nextId++, client: { id: client.id }, is_active: true, is_primary: true, suspension_reason: null }];
          return ok({ server: view(s) });
        },
      },
      { method: 'GET', pattern: '/server/:id', handler: (req) => ok(view(server(req))) },
      {
        method: 'PATCH', pattern: '/server/:id',
        handler: (req) => {
          const s = server(req);
          if (String(req.body.wiped) === '1') {
            Object.assign(s, { client: null, billing: null, nickname: null, password: null, pxe_profile_billing: null, accesses: [], usage: { used: 0, max: 0 } });
            state.wipes.push(s.id);
          }
          return ok(view(s));
        },
      },
      {
        method: 'GET', pattern: '/server/:id/access',
        handler: (req) => {
          const primary = req.query.get('is_primary');
          const rows = server(req).accesses.filter((a) => primary === null || a.is_primary === ['true', '1'].includes(primary));
          return ok(page(rows));
        },
      },
      {
        method: 'PATCH', pattern: '/server/:id/access/:accessId',
        handler: (req) => {
          const access = server(req).accesses.find((a) => a.id === int(req.params.accessId));
          if (!access) throw new FakeHttpError(404, 'Access not found.');
          if (typeof req.body.is_active === 'boolean') access.is_active = req.body.is_active;
          access.suspension_reason = access.is_active ? null : str(req.body.suspension_reason);
          return ok(access);
        },
      },
    ],
  });
  return { ...panel, token, state, addInventory, assigned: () => [...state.servers.values()].filter((s) => s.client !== null) };
}
