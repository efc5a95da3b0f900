import { randomUUID } from 'node:crypto';
import { FakeHttpError, hasBearer, int, startFakePanel, str, testIp, type FakePanel, type FakeRequest, type Json } from './base.js';

export interface VfUser {
  id: number;
  extRelationId: number | null;
  name: string;
  email: string;
}

export interface VfServer {
  id: number;
  uuid: string;
  ownerId: number;
  hypervisorGroupId: number;
  packageId: number;
  name: string;
  hostname: string | null;
  /** 0 until built, 3 once commissioned. */
  commissionStatus: number;
  suspended: boolean;
  power: 'running' | 'shutoff';
  osTemplateId: number | null;
  ipv4: string[];
  password: string | null;
  sshKeyIds: number[];
  memoryMb: number;
  storageGb: number;
  cpuCores: number;
  trafficLimitGb: number;
  rxBytes: number;
  txBytes: number;
}

export interface VfState {
  users: Map<number, VfUser>;
  servers: Map<number, VfServer>;
  sshKeys: Map<number, { id: number; userId: number; name: string; publicKey: string }>;
  hypervisorGroups: Set<number>;
  /** Server packages and the resources a package change gives a server. */
  packages: Map<number, { memoryMb: number; cpuCores: number; storageGb: number; trafficGb: number }>;
  osTemplates: Set<number>;
  powerActions: Array<{ serverId: number; action: string }>;
}

export interface FakeVirtFusion extends FakePanel {
  token: string;
  state: VfState;
}

function errorBody(status: number, message: string): unknown {
  return status === 422 ? { errors: [message] } : status === 401 ? { message } : { msg: message };
}

function view(s: VfServer, remoteState: boolean): Json {
  return {
    id: s.id, uuid: s.uuid, ownerId: s.ownerId, hypervisorId: s.hypervisorGroupId, name: s.name, hostname: s.hostname,
    commissionStatus: s.commissionStatus, state: s.commissionStatus === 0 ? 'queued' : 'complete', suspended: s.suspended,
    buildFailed: false, protected: false,
    settings: { osTemplateInstallId: s.osTemplateId, resources: { memory: s.memoryMb, storage: s.storageGb, traffic: s.trafficLimitGb, cpuCores: s.cpuCores } },
    network: { interfaces: [{ order: 1, enabled: true, name: 'eth0', ipv4: s.ipv4.map((address, i) => ({ order: i + 1, enabled: true, address })) }] },
    ...(remoteState ? { remoteState: { state: s.power, running: s.power === 'running' } } : {}),
  };
}

/** Starts a fake VirtFusion (`/api/v1`, Bearer token) with users, servers, builds, power and traffic. */
export async function startFakeVirtFusion(token = 'vf-test-token'): Promise<FakeVirtFusion> {
  const state: VfState = {
    users: new Map(), servers: new Map(), sshKeys: new Map(),
    hypervisorGroups: new Set([1, 2]),
    packages: new Map([
      [3, { memoryMb: 2048, cpuCores: 2, storageGb: 40, trafficGb: 2000 }],
      [4, { memoryMb: 4096, cpuCores: 4, storageGb: 80, trafficGb: 4000 }],
      [5, { memoryMb: 8192, cpuCores: 6, storageGb: 160, trafficGb: 8000 }],
    ]),
    osTemplates: new Set([1, 2]), powerActions: [],
  };
  let nextId = 1;
  let ipCounter = 0;

  const server = (req: FakeRequest): VfServer => {
    const found = state.servers.get(int(req.params.id) ?? -1);
    if (!found) throw new FakeHttpError(404, 'server not found');
    return found;
  };

  const positive = (value: unknown, field: string): number => {
    const n = int(value);
    if (n === null || n < 0) throw new FakeHttpError(422, `The ${field} field must be a positive integer.`);
    return n;
  };

  const panel = await startFakePanel({
    prefix: '/api/v1',
    authorize: (req) => hasBearer(req, token),
    errorBody,
    routes: [
      { method: 'GET', pattern: '/connect', handler: () => ({ status: 200, body: {} }) },
      {
        method: 'GET', pattern: '/users/:ext/byExtRelation',
        handler: (req) => {
          const user = [...state.users.values()].find((u) => String(u.extRelationId) === req.params.ext);
          if (!user) throw new FakeHttpError(404, 'user not found');
          return { status: 200, body: { data: user } };
        },
      },
      {
        method: 'POST', pattern: '/users',
        handler: ({ body }) => {
          const name = str(body.name);
          const email = str(body.email);
          if (!name || !email) throw new FakeHttpError(422, 'The name and email fields are required.');
          const extRelationId = int(body.extRelationId);
          if (extRelationId !== null && [...state.users.values()].some((u) => u.extRelationId === extRelationId)) {
            throw new FakeHttpError(422, 'The ext relation id has already been taken.');
          }
          const user: VfUser = { id: nextId++, extRelationId, name, email };
          state.users.set(user.id, user);
          return { status: 201, body: { data: { ...user, password: 'panel-generated' } } };
        },
      },
      {
        method: 'POST', pattern: '/ssh_keys',
        handler: ({ body }) => {
          const userId = int(body.userId);
          const publicKey = str(body.publicKey);
          if (userId === null || !state.users.has(userId) || !publicKey) throw new FakeHttpError(422, 'Invalid SSH key.');
          const key = { id: nextId++, userId, name: str(body.name) ?? 'key', publicKey };
          state.sshKeys.set(key.id, key);
          return { status: 201, body: { data: { id: key.id, name: key.name, type: 'ssh-ed25519' } } };
        },
      },
      {
        method: 'POST', pattern: '/servers', create: true,
        handler: ({ body }) => {
          const userId = int(body.userId);
          const packageId = int(body.packageId);
          const group = int(body.hypervisorId);
          if (userId === null || !state.users.has(userId)) throw new FakeHttpError(422, 'The selected user id is invalid.');
          if (packageId === null) throw new FakeHttpError(422, 'The package id field is required.');
          if (group === null || !state.hypervisorGroups.has(group)) throw new FakeHttpError(422, 'The selected hypervisor id is invalid.');
          const id = nextId++;
          const ips = Array.from({ length: int(body.ipv4) ?? 1 }, () => testIp(ipCounter++));
          const s: VfServer = {
            id, uuid: randomUUID(), ownerId: userId, hypervisorGroupId: group, packageId, name: `server-${id}`, hostname: null,
            commissionStatus: 0, suspended: false, power: 'shutoff', osTemplateId: null, ipv4: ips, password: null, sshKeyIds: [],
            memoryMb: int(body.memory) ?? 1024, storageGb: int(body.storage) ?? 20, cpuCores: int(body.cpuCores) ?? 1,
            trafficLimitGb: int(body.traffic) ?? 0, rxBytes: 0, txBytes: 0,
          };
          state.servers.set(id, s);
          return { status: 201, body: { data: view(s, false) } };
        },
      },
      {
        method: 'POST', pattern: '/servers/:id/build',
        handler: (req) => {
          const s = server(req);
          const os = int(req.body.operatingSystemId);
          if (os === null || !state.osTemplates.has(os)) throw new FakeHttpError(422, 'The selected operating system id is invalid.');
          s.osTemplateId = os;
          s.name = str(req.body.name) ?? s.name;
          s.hostname = str(req.body.hostname) ?? s.hostname;
          s.sshKeyIds = Array.isArray(req.body.sshKeys) ? req.body.sshKeys.map((k) => Number(k)) : [];
          s.password = `vf-${randomUUID().slice(0, 12)}`;
          s.commissionStatus = 3;
          s.power = 'running';
          const data = view(s, false);
          return { status: 200, body: { data: { ...data, settings: { ...(data.settings as Json), decryptedPassword: s.password } } } };
        },
      },
      {
        method: 'GET', pattern: '/servers/:id',
        handler: (req) => ({ status: 200, body: { data: view(server(req), req.query.get('remoteState') === 'true') } }),
      },
      {
        method: 'GET', pattern: '/servers/user/:userId',
        handler: (req) => {
          const userId = int(req.params.userId);
          if (userId === null || !state.users.has(userId)) throw new FakeHttpError(404, 'user not found');
          return { status: 200, body: { data: [...state.servers.values()].filter((s) => s.ownerId === userId).map((s) => view(s, false)) } };
        },
      },
      {
        method: 'PUT', pattern: '/servers/:id/package/:packageId',
        handler: (req) => {
          const s = server(req);
          const packageId = int(req.params.packageId);
          const spec = state.packages.get(packageId ?? -1);
          if (packageId === null || !spec) throw new FakeHttpError(422, 'The selected package id is invalid.');
          s.packageId = packageId;
          if (req.body.memory !== false) s.memoryMb = spec.memoryMb;
          if (req.body.cpu !== false) s.cpuCores = spec.cpuCores;
          if (req.body.primaryDiskSize !== false) s.storageGb = Math.max(s.storageGb, spec.storageGb);
          if (req.body.traffic !== false) s.trafficLimitGb = spec.trafficGb;
          return { status: 200, body: { data: view(s, false) } };
        },
      },
      { method: 'PUT', pattern: '/servers/:id/modify/memory', handler: (req) => ((server(req).memoryMb = positive(req.body.memory, 'memory')), { status: 201 }) },
      { method: 'PUT', pattern: '/servers/:id/modify/cpuCores', handler: (req) => ((server(req).cpuCores = positive(req.body.cores, 'cores')), { status: 201 }) },
      { method: 'PUT', pattern: '/servers/:id/modify/traffic', handler: (req) => ((server(req).trafficLimitGb = positive(req.body.traffic, 'traffic')), { status: 201 }) },
      { method: 'POST', pattern: '/servers/:id/suspend', handler: (req) => ((server(req).suspended = true), { status: 204 }) },
      { method: 'POST', pattern: '/servers/:id/unsuspend', handler: (req) => ((server(req).suspended = false), { status: 204 }) },
      {
        method: 'DELETE', pattern: '/servers/:id',
        handler: (req) => (state.servers.delete(server(req).id), { status: 204 }),
      },
      {
        method: 'POST', pattern: '/servers/:id/power/:action',
        handler: (req) => {
          const s = server(req);
          const action = req.params.action;
          if (!['boot', 'shutdown', 'restart', 'poweroff'].includes(action)) throw new FakeHttpError(404, 'unknown power action');
          s.power = action === 'shutdown' || action === 'poweroff' ? 'shutoff' : 'running';
          state.powerActions.push({ serverId: s.id, action });
          return { status: 200, body: { data: { queueId: nextId++ } } };
        },
      },
      {
        method: 'GET', pattern: '/servers/:id/traffic',
        handler: (req) => {
          const s = server(req);
          const now = new Date();
          const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
          const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0, 23, 59, 59));
          const month = { month: now.getUTCMonth() + 1, start: start.toISOString(), end: end.toISOString(), rx: s.rxBytes, tx: s.txBytes, total: s.rxBytes + s.txBytes, limit: s.trafficLimitGb, blocks: [] };
          return { status: 200, body: { data: { monthly: [month] } } };
        },
      },
      {
        method: 'POST', pattern: '/servers/:id/resetPassword',
        handler: (req) => {
          const s = server(req);
          if (!['root', 'Administrator'].includes(String(req.body.user))) throw new FakeHttpError(422, 'The user field is invalid.');
          s.password = `vf-${randomUUID().slice(0, 12)}`;
          return { status: 200, body: { data: { queueId: nextId++, expectedPassword: s.password } } };
        },
      },
    ],
  });
  return { ...panel, token, state };
}
