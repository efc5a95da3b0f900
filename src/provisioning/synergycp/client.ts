import { DEFAULT_TIMEOUT_MS, type PanelDeps } from '../driver.js';
import { PanelHttp, badResponse, type QueryValue, type VendorError } from '../http.js';

export interface SynergyCpDeps extends PanelDeps {
  /** API base (`SYNERGYCP_URL`, usually `https://api.<host>`). */
  baseUrl: string;
  /** API key (`SYNERGYCP_KEY`), sent as the `key` query parameter and never logged. */
  apiKey: string;
}

export interface ScpClient {
  id: number;
  email: string;
  billing_id?: string | null;
}

export interface ScpServer {
  id: number;
  name?: string;
  nickname?: string | null;
  client?: { id: number } | null;
  billing?: { id: string | null; max_bandwidth?: string | null } | null;
  entities?: Array<{ address?: string; name?: string }>;
  /** Bits transferred this billing period, and the cap. */
  usage?: { used: number; max: number } | null;
}

export interface ScpAccess {
  id: number;
  is_active: boolean;
  is_primary?: boolean;
}

export interface ScpProvision {
  client_id: number;
  server_id: number;
  password: string;
  nickname?: string;
  ips_billing?: string;
  pxe_profile_billing?: string;
  port_speed_billing?: string;
  billing: { id: string; max_bandwidth?: string };
  access: { pxe: boolean; ipmi: boolean; switch: boolean };
}

/** SynergyCP answers `{error: false, data}` on success and `{error: "message"}` on failure. */
export function synergyCpError(body: unknown): VendorError {
  const error = body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  return typeof error === 'string' ? { message: error } : typeof body === 'string' ? { message: body } : {};
}

function data<T>(body: unknown): T {
  const b = body as { error?: unknown; data?: unknown } | null;
  if (!b || typeof b !== 'object' || (b.error !== false && b.error !== undefined && b.error !== null)) throw badResponse('synergycp', 'no data envelope');
  return b.data as T;
}

/** Lists come back as a paginator (`data.data`) or a plain array. */
function rows<T>(body: unknown): T[] {
  const d = data<unknown>(body);
  if (Array.isArray(d)) return d as T[];
  const inner = d && typeof d === 'object' ? (d as { data?: unknown }).data : undefined;
  if (Array.isArray(inner)) return inner as T[];
  throw badResponse('synergycp', 'no list');
}

/** Typed calls to the SynergyCP API (bare-metal inventory, clients, provisioning, access). */
export class SynergyCpClient {
  private readonly http: PanelHttp;

  constructor(deps: SynergyCpDeps) {
    this.http = new PanelHttp({
      panel: 'synergycp',
      baseUrl: deps.baseUrl,
      timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      authQuery: { key: deps.apiKey },
      onAttempt: deps.onAttempt,
      vendorError: synergyCpError,
    });
  }

  async clients(query: { billing_id?: string; email?: string }): Promise<ScpClient[]> {
    return rows<ScpClient>((await this.http.get('/client', { query })).body);
  }

  async createClient(input: { email: string; first: string; last: string; billing_id: string; password: string }): Promise<ScpClient> {
    return data<ScpClient>((await this.http.post('/client', input)).body);
  }

  async servers(query: Record<string, QueryValue>): Promise<ScpServer[]> {
    return rows<ScpServer>((await this.http.get('/server', { query })).body);
  }

  /** The server, or null when SynergyCP has no such server. */
  async server(id: number): Promise<ScpServer | null> {
    const res = await this.http.get(`/server/${id}`, { allow: [404] });
    return res.status === 404 ? null : data<ScpServer>(res.body);
  }

  async provision(input: ScpProvision): Promise<ScpServer> {
    const result = data<{ server?: ScpServer }>((await this.http.post('/server/provision', input)).body);
    if (!result?.server) throw badResponse('synergycp', 'provision returned no server');
    return result.server;
  }

  /** Wipes the server: SynergyCP removes client access and puts it back into inventory. */
  async wipe(id: number): Promise<void> {
    await this.http.patch(`/server/${id}`, { wiped: '1' });
  }

  async primaryAccess(serverId: number): Promise<ScpAccess | null> {
    return rows<ScpAccess>((await this.http.get(`/server/${serverId}/access`, { query: { is_primary: true } })).body)[0] ?? null;
  }

  async updateAccess(serverId: number, accessId: number, patch: { is_active: boolean; suspension_reason?: string }): Promise<void> {
    await this.http.patch(`/server/${serverId}/access/${accessId}`, patch);
  }
}
