import { DEFAULT_TIMEOUT_MS, type PanelDeps } from '../driver.js';
import { ProvisioningError } from '../../lib/errors.js';
import { PanelHttp, field, type VendorError } from '../http.js';

export interface PterodactylDeps extends PanelDeps {
  /** Panel root URL (`PTERODACTYL_URL`, without `/api`). */
  baseUrl: string;
  /** Application API key (`ptla_...`, `PTERODACTYL_APP_KEY`). */
  appKey: string;
  /** Client API key of an admin account (`ptlc_...`, `PTERODACTYL_CLIENT_KEY`): power and live resources. */
  clientKey?: string;
}

export interface PteroUser {
  id: number;
  external_id: string | null;
  username: string;
  email: string;
}

export interface PteroAllocation {
  id: number;
  ip: string;
  alias: string | null;
  port: number;
}

export interface PteroServer {
  id: number;
  external_id: string | null;
  uuid: string;
  identifier: string;
  name: string;
  status: string | null;
  suspended?: boolean;
  user: number;
  allocation: number;
  relationships?: { allocations?: { data: Array<{ attributes: PteroAllocation }> } };
}

export interface PteroLimits {
  memory: number;
  swap: number;
  disk: number;
  io: number;
  cpu: number;
}

export interface PteroFeatureLimits {
  databases: number;
  allocations: number;
  backups: number;
}

export interface PteroEgg {
  docker_image: string;
  startup: string;
  relationships?: { variables?: { data: Array<{ attributes: { env_variable: string; default_value: string | null } }> } };
}

export interface PteroStats {
  current_state: string;
  is_suspended: boolean;
  resources: { memory_bytes: number; cpu_absolute: number; disk_bytes: number; network_rx_bytes: number; network_tx_bytes: number };
}

export type PteroSignal = 'start' | 'stop' | 'restart' | 'kill';

/** Pterodactyl's error body: `{errors: [{code, status, detail}]}`. */
export function pterodactylError(body: unknown): VendorError {
  const errors = body && typeof body === 'object' ? (body as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(errors) || errors.length === 0) return {};
  const list = errors as Array<{ code?: string; detail?: string }>;
  return { code: list[0].code, message: list.map((e) => e.detail).filter(Boolean).join('; ') };
}

/** Pterodactyl wraps items as `{object, attributes}`. */
function attributes<T>(res: { body: unknown }): T {
  return field<T>('pterodactyl', res.body, 'attributes');
}

/** Typed calls to Pterodactyl's application API (and, with a client key, its client API). */
export class PterodactylClient {
  private readonly app: PanelHttp;
  private readonly client: PanelHttp | null;

  constructor(deps: PterodactylDeps) {
    const root = deps.baseUrl.replace(/\/+$/, '');
    const common = { panel: 'pterodactyl' as const, timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS, onAttempt: deps.onAttempt, vendorError: pterodactylError };
    const headers = (key: string): Record<string, string> => ({ Authorization: `Bearer ${key}`, Accept: 'Application/vnd.pterodactyl.v1+json' });
    this.app = new PanelHttp({ ...common, baseUrl: `${root}/api/application`, headers: headers(deps.appKey) });
    this.client = deps.clientKey ? new PanelHttp({ ...common, baseUrl: `${root}/api/client`, headers: headers(deps.clientKey) }) : null;
  }

  get hasClientApi(): boolean {
    return this.client !== null;
  }

  async userByExternalId(externalId: string): Promise<PteroUser | null> {
    const res = await this.app.get(`/users/external/${encodeURIComponent(externalId)}`, { allow: [404] });
    return res.status === 404 ? null : attributes<PteroUser>(res);
  }

  async userByEmail(email: string): Promise<PteroUser | null> {
    const res = await this.app.get('/users', { query: { 'filter[email]': email } });
    const rows = field<Array<{ attributes: PteroUser }>>('pterodactyl', res.body, 'data');
    return rows.map((r) => r.attributes).find((u) => u.email.toLowerCase() === email.toLowerCase()) ?? null;
  }

  async createUser(input: { external_id: string; email: string; username: string; first_name: string; last_name: string; password: string }): Promise<PteroUser> {
    return attributes<PteroUser>(await this.app.post('/users', input));
  }

  async egg(nestId: number, eggId: number): Promise<PteroEgg> {
    return attributes<PteroEgg>(await this.app.get(`/nests/${nestId}/eggs/${eggId}`, { query: { include: 'variables' } }));
  }

  async createServer(input: Record<string, unknown>): Promise<PteroServer> {
    return attributes<PteroServer>(await this.app.post('/servers', input));
  }

  /** The server with its allocations, or null when the panel no longer has it. */
  async server(id: number): Promise<PteroServer | null> {
    const res = await this.app.get(`/servers/${id}`, { query: { include: 'allocations' }, allow: [404] });
    return res.status === 404 ? null : attributes<PteroServer>(res);
  }

  async serverByExternalId(externalId: string): Promise<PteroServer | null> {
    const res = await this.app.get(`/servers/external/${encodeURIComponent(externalId)}`, { query: { include: 'allocations' }, allow: [404] });
    return res.status === 404 ? null : attributes<PteroServer>(res);
  }

  /** Replaces the server's build limits and feature limits (Pterodactyl's PATCH .../build). */
  async updateBuild(id: number, input: { allocation: number; limits: PteroLimits; feature_limits: PteroFeatureLimits }): Promise<PteroServer> {
    return attributes<PteroServer>(await this.app.patch(`/servers/${id}/build`, input));
  }

  async suspend(id: number): Promise<void> {
    await this.app.post(`/servers/${id}/suspend`);
  }

  async unsuspend(id: number): Promise<void> {
    await this.app.post(`/servers/${id}/unsuspend`);
  }

  async reinstall(id: number): Promise<void> {
    await this.app.post(`/servers/${id}/reinstall`);
  }

  /** Deletes the server; false when it was already gone. */
  async deleteServer(id: number): Promise<boolean> {
    return (await this.app.delete(`/servers/${id}`, { allow: [404] })).status !== 404;
  }

  async power(identifier: string, signal: PteroSignal): Promise<void> {
    await this.clientApi().post(`/servers/${identifier}/power`, { signal });
  }

  async resources(identifier: string): Promise<PteroStats> {
    return attributes<PteroStats>(await this.clientApi().get(`/servers/${identifier}/resources`));
  }

  private clientApi(): PanelHttp {
    if (!this.client) throw new ProvisioningError('panel_not_configured', 'pterodactyl: no client API key configured', { retryable: false });
    return this.client;
  }
}
