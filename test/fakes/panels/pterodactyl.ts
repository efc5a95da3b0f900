import { randomUUID } from 'node:crypto';
import { FakeHttpError, hasBearer, int, startFakePanel, str, testIp, type FakePanel, type FakeRequest, type Json } from './base.js';

export interface PteroUser {
  id: number;
  external_id: string | null;
  uuid: string;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  root_admin: boolean;
}

export interface PteroAllocation {
  id: number;
  location: number;
  ip: string;
  port: number;
  serverId: number | null;
}

export interface PteroServer {
  id: number;
  external_id: string | null;
  uuid: string;
  identifier: string;
  name: string;
  user: number;
  egg: number;
  nest: number;
  status: null | 'installing' | 'suspended';
  limits: Json;
  feature_limits: Json;
  allocation: number;
  container: { image: string; startup_command: string; environment: Json };
  power: 'running' | 'offline';
  resources: { memory_bytes: number; cpu_absolute: number; disk_bytes: number; network_rx_bytes: number; network_tx_bytes: number; uptime: number };
}

export interface PteroState {
  users: Map<number, PteroUser>;
  servers: Map<number, PteroServer>;
  eggs: Map<number, { id: number; nest: number; docker_image: string; startup: string; variables: Array<{ env_variable: string; default_value: string }> }>;
  allocations: PteroAllocation[];
  powerSignals: Array<{ identifier: string; signal: string }>;
}

export interface FakePterodactyl extends FakePanel {
  /** Application API key (`ptla_`). */
  token: string;
  /** Client API key (`ptlc_`), for power and resources. */
  clientToken: string;
  state: PteroState;
  /** Adds `n` free allocations in a location (default 1). */
  addAllocations(n: number, location?: number): void;
}

const CODES: Record<number, string> = {
  400: 'BadRequestHttpException', 401: 'AuthenticationException', 403: 'AccessDeniedHttpException', 404: 'NotFoundHttpException',
  409: 'ConflictHttpException', 422: 'ValidationException', 429: 'TooManyRequestsHttpException', 500: 'HttpException', 502: 'HttpException', 503: 'HttpException',
};

function errorBody(status: number, detail: string, code = CODES[status] ?? 'HttpException'): unknown {
  return { errors: [{ code, status: String(status), detail }] };
}

function invalid(detail: string, code = 'ValidationException'): FakeHttpError {
  return new FakeHttpError(422, detail, errorBody(422, detail, code));
}

const item = (object: string, attributes: Json): Json => ({ object, attributes });
const list = (object: string, rows: Json[]): Json => ({
  object: 'list', data: rows.map((r) => item(object, r)),
  meta: { pagination: { total: rows.length, count: rows.length, per_page: 50, current_page: 1, total_pages: 1, links: {} } },
});

/** Starts a fake Pterodactyl at the panel root (`/api/application` with a `ptla_` key, `/api/client` with a `ptlc_` key). */
export async function startFakePterodactyl(): Promise<FakePterodactyl> {
  const token = `ptla_${randomUUID().replace(/-/g, '')}`;
  const clientToken = `ptlc_${randomUUID().replace(/-/g, '')}`;
  const state: PteroState = {
    users: new Map(), servers: new Map(), powerSignals: [],
    eggs: new Map([[5, { id: 5, nest: 1, docker_image: 'ghcr.io/pterodactyl/yolks:java_17', startup: 'java -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}', variables: [{ env_variable: 'SERVER_JARFILE', default_value: 'server.jar' }, { env_variable: 'MAX_PLAYERS', default_value: '20' }] }]]),
    allocations: Array.from({ length: 4 }, (_, i) => ({ id: 100 + i, location: 1, ip: testIp(i), port: 25565 + i, serverId: null })),
  };
  let nextId = 1;

  const serverView = (s: PteroServer, includeAllocations: boolean): Json => {
    const attrs: Json = {
      id: s.id, external_id: s.external_id, uuid: s.uuid, identifier: s.identifier, name: s.name, description: '',
      status: s.status, suspended: s.status === 'suspended', limits: s.limits, feature_limits: s.feature_limits,
      user: s.user, node: 1, allocation: s.allocation, nest: s.nest, egg: s.egg, container: { ...s.container, installed: 1 },
    };
    if (includeAllocations) {
      const rows = state.allocations.filter((a) => a.serverId === s.id).map((a) => ({ id: a.id, ip: a.ip, alias: null, port: a.port, notes: null, assigned: true }));
      attrs.relationships = { allocations: list('allocation', rows) };
    }
    return item('server', attrs);
  };
  const byId = (req: FakeRequest): PteroServer => {
    const s = state.servers.get(int(req.params.id) ?? -1);
    if (!s) throw new FakeHttpError(404, 'The requested resource could not be found on the server.');
    return s;
  };
  const byIdentifier = (req: FakeRequest): PteroServer => {
    const s = [...state.servers.values()].find((x) => x.identifier === req.params.identifier);
    if (!s) throw new FakeHttpError(404, 'The requested resource could not be found on the server.');
    return s;
  };
  const includes = (req: FakeRequest): boolean => (req.query.get('include') ?? '').split(',').includes('allocations');

  const createServer = ({ body }: FakeRequest): { status: number; body: Json } => {
    const externalId = str(body.external_id);
    if (externalId && [...state.servers.values()].some((s) => s.external_id === externalId)) throw invalid('The external id has already been taken.');
    const user = int(body.user);
    if (user === null || !state.users.has(user)) throw invalid('The selected user is invalid.');
    const egg = state.eggs.get(int(body.egg) ?? -1);
    if (!egg) throw invalid('The selected egg is invalid.');
    const limits = body.limits as Json | undefined;
    const featureLimits = body.feature_limits as Json | undefined;
    if (!limits || typeof limits !== 'object' || int(limits.memory) === null || int(limits.disk) === null) throw invalid('The limits field is required.');
    if (!featureLimits || typeof featureLimits !== 'object') throw invalid('The feature limits field is required.');
    if (!str(body.docker_image) || !str(body.startup) || typeof body.environment !== 'object') throw invalid('The docker image, startup and environment fields are required.');
    const deploy = body.deploy as { locations?: unknown[] } | undefined;
    const allocation = deploy
      ? state.allocations.find((a) => a.serverId === null && (deploy.locations ?? []).map(Number).includes(a.location))
      : state.allocations.find((a) => a.id === int((body.allocation as Json | undefined)?.default) && a.serverId === null);
    if (!allocation) throw invalid('No viable allocation could be found for this server.', 'NoViableAllocationException');
    const id = nextId++;
    const uuid = randomUUID();
    allocation.serverId = id;
    const s: PteroServer = {
      id, external_id: externalId, uuid, identifier: uuid.slice(0, 8), name: str(body.name) ?? `server-${id}`, user, egg: egg.id, nest: egg.nest,
      status: null, limits, feature_limits: featureLimits, allocation: allocation.id,
      container: { image: String(body.docker_image), startup_command: String(body.startup), environment: body.environment as Json },
      power: 'running', resources: { memory_bytes: 512 * 1024 ** 2, cpu_absolute: 12.5, disk_bytes: 300 * 1024 ** 2, network_rx_bytes: 1000, network_tx_bytes: 2000, uptime: 60_000 },
    };
    state.servers.set(id, s);
    return { status: 201, body: serverView(s, false) };
  };

  const panel = await startFakePanel({
    prefix: '',
    authorize: (req, url) => hasBearer(req, url.pathname.startsWith('/api/client') ? clientToken : token),
    errorBody: (status, message) => errorBody(status, message),
    routes: [
      {
        method: 'GET', pattern: '/api/application/users',
        handler: (req) => {
          const email = req.query.get('filter[email]');
          return { status: 200, body: list('user', [...state.users.values()].filter((u) => !email || u.email === email) as unknown as Json[]) };
        },
      },
      {
        method: 'GET', pattern: '/api/application/users/external/:ext',
        handler: (req) => {
          const user = [...state.users.values()].find((u) => u.external_id === req.params.ext);
          if (!user) throw new FakeHttpError(404, 'The requested resource could not be found on the server.');
          return { status: 200, body: item('user', user as unknown as Json) };
        },
      },
      {
        method: 'POST', pattern: '/api/application/users',
        handler: ({ body }) => {
          const email = str(body.email);
          const username = str(body.username);
          if (!email || !username || !str(body.first_name) || !str(body.last_name)) throw invalid('The email, username, first name and last name fields are required.');
          const users = [...state.users.values()];
          if (users.some((u) => u.email === email)) throw invalid('The email has already been taken.');
          if (users.some((u) => u.username === username)) throw invalid('The username has already been taken.');
          const user: PteroUser = { id: nextId++, external_id: str(body.external_id), uuid: randomUUID(), username, email, first_name: String(body.first_name), last_name: String(body.last_name), root_admin: false };
          state.users.set(user.id, user);
          return { status: 201, body: item('user', user as unknown as Json) };
        },
      },
      {
        method: 'GET', pattern: '/api/application/nests/:nest/eggs/:egg',
        handler: (req) => {
          const egg = state.eggs.get(int(req.params.egg) ?? -1);
          if (!egg || egg.nest !== int(req.params.nest)) throw new FakeHttpError(404, 'The requested resource could not be found on the server.');
          const variables = list('egg_variable', egg.variables.map((v) => ({ ...v })));
          return { status: 200, body: item('egg', { id: egg.id, nest: egg.nest, docker_image: egg.docker_image, startup: egg.startup, relationships: { variables } }) };
        },
      },
      { method: 'POST', pattern: '/api/application/servers', create: true, handler: createServer },
      {
        method: 'GET', pattern: '/api/application/servers/external/:ext',
        handler: (req) => {
          const s = [...state.servers.values()].find((x) => x.external_id === req.params.ext);
          if (!s) throw new FakeHttpError(404, 'The requested resource could not be found on the server.');
          return { status: 200, body: serverView(s, includes(req)) };
        },
      },
      { method: 'GET', pattern: '/api/application/servers/:id', handler: (req) => ({ status: 200, body: serverView(byId(req), includes(req)) }) },
      {
        method: 'PATCH', pattern: '/api/application/servers/:id/build',
        handler: (req) => {
          const s = byId(req);
          const { body } = req;
          const allocation = int(body.allocation);
          if (allocation === null || !state.allocations.some((a) => a.id === allocation && a.serverId === s.id)) throw invalid('The selected allocation is invalid.');
          const nested = body.limits && typeof body.limits === 'object' ? (body.limits as Json) : body;
          const limits: Json = {};
          for (const key of ['memory', 'swap', 'disk', 'io', 'cpu']) {
            const value = int(nested[key]);
            if (value === null || value < (key === 'swap' ? -1 : 0)) throw invalid(`The ${key} field is required.`);
            limits[key] = value;
          }
          const featureLimits = body.feature_limits as Json | undefined;
          if (!featureLimits || typeof featureLimits !== 'object' || ['databases', 'allocations', 'backups'].some((k) => int(featureLimits[k]) === null)) {
            throw invalid('The feature limits field is required.');
          }
          s.allocation = allocation;
          s.limits = { ...s.limits, ...limits };
          s.feature_limits = { databases: int(featureLimits.databases), allocations: int(featureLimits.allocations), backups: int(featureLimits.backups) };
          return { status: 200, body: serverView(s, false) };
        },
      },
      { method: 'POST', pattern: '/api/application/servers/:id/suspend', handler: (req) => ((byId(req).status = 'suspended'), { status: 204 }) },
      { method: 'POST', pattern: '/api/application/servers/:id/unsuspend', handler: (req) => ((byId(req).status = null), { status: 204 }) },
      { method: 'POST', pattern: '/api/application/servers/:id/reinstall', handler: (req) => ((byId(req).status = 'installing'), { status: 204 }) },
      {
        method: 'DELETE', pattern: '/api/application/servers/:id',
        handler: (req) => {
          const s = byId(req);
          state.allocations.filter((a) => a.serverId === s.id).forEach((a) => (a.serverId = null));
          state.servers.delete(s.id);
          return { status: 204 };
        },
      },
      {
        method: 'POST', pattern: '/api/client/servers/:identifier/power',
        handler: (req) => {
          const s = byIdentifier(req);
          const signal = String(req.body.signal);
          if (!['start', 'stop', 'restart', 'kill'].includes(signal)) throw invalid('The selected signal is invalid.');
          if (s.status === 'suspended') throw new FakeHttpError(409, 'This server is currently suspended and the functionality requested is unavailable.');
          s.power = signal === 'stop' || signal === 'kill' ? 'offline' : 'running';
          state.powerSignals.push({ identifier: s.identifier, signal });
          return { status: 204 };
        },
      },
      {
        method: 'GET', pattern: '/api/client/servers/:identifier/resources',
        handler: (req) => {
          const s = byIdentifier(req);
          return { status: 200, body: item('stats', { current_state: s.power, is_suspended: s.status === 'suspended', resources: s.resources }) };
        },
      },
    ],
  });
  const addAllocations = (n: number, location = 1): void => {
    const base = 100 + state.allocations.length;
    for (let i = 0; i < n; i++) state.allocations.push({ id: base + i, location, ip: testIp(base + i), port: 25565 + base + i, serverId: null });
  };
  return { ...panel, token, clientToken, state, addAllocations };
}
