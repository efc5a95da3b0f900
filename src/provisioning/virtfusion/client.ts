import { DEFAULT_TIMEOUT_MS, type PanelDeps } from '../driver.js';
import { PanelHttp, field, type VendorError } from '../http.js';

export interface VirtFusionDeps extends PanelDeps {
  /** API token (`VIRTFUSION_TOKEN`); `baseUrl` ends in `/api/v1`. */
  token: string;
}

export interface VfUser {
  id: number;
  extRelationId: number | null;
  name: string;
  email: string;
}

export interface VfServer {
  id: number;
  uuid?: string;
  ownerId: number;
  name: string;
  hostname?: string | null;
  commissionStatus: number;
  suspended: boolean;
  buildFailed?: boolean;
  settings?: { decryptedPassword?: string; osTemplateInstallId?: number | null };
  network?: { interfaces?: Array<{ ipv4?: Array<{ address: string; enabled?: boolean }> }> };
  remoteState?: { state?: string } | boolean;
}

export interface VfTrafficMonth {
  month: number;
  start: string;
  end: string;
  rx: number;
  tx: number;
  total: number;
  limit: number;
}

export interface VfCreateServer {
  packageId: number;
  userId: number;
  hypervisorId: number;
  ipv4?: number;
  storage?: number;
  memory?: number;
  cpuCores?: number;
  traffic?: number;
}

export interface VfBuild {
  operatingSystemId: number;
  name?: string;
  hostname?: string;
  sshKeys?: number[];
  email?: boolean;
}

/** VirtFusion's error bodies are `{errors: [...]}` (validation) or `{msg}` / `{message}`. */
export function virtFusionError(body: unknown): VendorError {
  if (!body || typeof body !== 'object') return { message: typeof body === 'string' ? body : undefined };
  const b = body as { errors?: unknown; msg?: unknown; message?: unknown };
  if (Array.isArray(b.errors)) return { code: 'validation', message: b.errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('; ') };
  const message = typeof b.msg === 'string' ? b.msg : typeof b.message === 'string' ? b.message : undefined;
  return { message };
}

/** VirtFusion wraps every answer in `{data}`. */
function data<T>(res: { body: unknown }): T {
  return field<T>('virtfusion', res.body, 'data');
}

/** Typed calls to the VirtFusion v1 API. */
export class VirtFusionClient {
  readonly http: PanelHttp;

  constructor(deps: VirtFusionDeps) {
    this.http = new PanelHttp({
      panel: 'virtfusion',
      baseUrl: deps.baseUrl,
      timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      headers: { Authorization: `Bearer ${deps.token}` },
      onAttempt: deps.onAttempt,
      vendorError: virtFusionError,
    });
  }

  async userByExtRelation(extRelationId: number): Promise<VfUser | null> {
    const res = await this.http.get(`/users/${extRelationId}/byExtRelation`, { allow: [404] });
    return res.status === 404 ? null : data<VfUser>(res);
  }

  async createUser(input: { name: string; email: string; extRelationId: number }): Promise<VfUser> {
    return data<VfUser>(await this.http.post('/users', { ...input, sendMail: false }));
  }

  async addSshKey(userId: number, name: string, publicKey: string): Promise<number> {
    return data<{ id: number }>(await this.http.post('/ssh_keys', { userId, name, publicKey })).id;
  }

  async createServer(input: VfCreateServer): Promise<VfServer> {
    return data<VfServer>(await this.http.post('/servers', input));
  }

  async build(serverId: number, input: VfBuild): Promise<VfServer> {
    return data<VfServer>(await this.http.post(`/servers/${serverId}/build`, input));
  }

  /** The server, or null when VirtFusion no longer has it. */
  async server(serverId: number, remoteState = false): Promise<VfServer | null> {
    const res = await this.http.get(`/servers/${serverId}`, {
      query: remoteState ? { remoteState: true } : undefined,
      allow: [404],
    });
    return res.status === 404 ? null : data<VfServer>(res);
  }

  async userServers(userId: number): Promise<VfServer[]> {
    const res = await this.http.get(`/servers/user/${userId}`, { allow: [404] });
    return res.status === 404 ? [] : data<VfServer[]>(res);
  }

  async suspend(serverId: number): Promise<void> {
    await this.http.post(`/servers/${serverId}/suspend`);
  }

  async unsuspend(serverId: number): Promise<void> {
    await this.http.post(`/servers/${serverId}/unsuspend`);
  }

  /** Deletes the server now; false when it was already gone. */
  async deleteServer(serverId: number): Promise<boolean> {
    return (await this.http.delete(`/servers/${serverId}`, { query: { delay: 0 }, allow: [404] })).status !== 404;
  }

  async power(serverId: number, action: 'boot' | 'shutdown' | 'restart' | 'poweroff'): Promise<void> {
    await this.http.post(`/servers/${serverId}/power/${action}`);
  }

  async traffic(serverId: number): Promise<VfTrafficMonth[]> {
    return data<{ monthly?: VfTrafficMonth[] }>(await this.http.get(`/servers/${serverId}/traffic`)).monthly ?? [];
  }

  /** Moves the server to another package; its CPU, memory, disk and traffic follow the package. */
  async changePackage(serverId: number, packageId: number): Promise<void> {
    await this.http.request('PUT', `/servers/${serverId}/package/${packageId}`, { body: { cpu: true, memory: true, primaryDiskSize: true, traffic: true } });
  }

  async modifyMemory(serverId: number, memoryMb: number): Promise<void> {
    await this.http.request('PUT', `/servers/${serverId}/modify/memory`, { body: { memory: memoryMb } });
  }

  async modifyCpuCores(serverId: number, cores: number): Promise<void> {
    await this.http.request('PUT', `/servers/${serverId}/modify/cpuCores`, { body: { cores } });
  }

  /** Sets the monthly traffic allowance in GB (0 = unlimited). */
  async modifyTraffic(serverId: number, trafficGb: number): Promise<void> {
    await this.http.request('PUT', `/servers/${serverId}/modify/traffic`, { body: { traffic: String(trafficGb) } });
  }

  async resetPassword(serverId: number, user: 'root' | 'Administrator'): Promise<string> {
    return data<{ expectedPassword: string }>(await this.http.post(`/servers/${serverId}/resetPassword`, { user, sendMail: false })).expectedPassword;
  }
}
