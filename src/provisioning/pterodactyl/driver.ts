import { ProvisioningError } from '../../lib/errors.js';
import {
  configNumber, customerReference, emptyUsage, generatePassword, numericId, requireConfig,
  type PowerAction, type PowerState, type ProvisionRequest, type ProvisionResult, type ProvisioningDriver,
  type ServiceRef, type ServiceState, type StatusReport, type UsageReport,
} from '../driver.js';
import { PTERODACTYL_COUNT_DEFAULTS } from '../panel-config.js';
import { PterodactylClient, type PteroEgg, type PteroFeatureLimits, type PteroLimits, type PteroServer, type PteroSignal, type PterodactylDeps, type PteroUser } from './client.js';

const SIGNALS: Record<PowerAction, PteroSignal> = { boot: 'start', shutdown: 'stop', restart: 'restart' };
const NO_CAPACITY = new Set(['NoViableAllocationException', 'NoViableNodeException']);

/** Eggs (image, startup, variable defaults) are read once per panel and egg for this long: they change rarely. */
const EGG_CACHE_MS = 5 * 60_000;
const eggCache = new Map<string, { egg: PteroEgg; at: number }>();

/** Game servers on Pterodactyl: one panel user per customer, servers carry our reference as `external_id`. */
export class PterodactylDriver implements ProvisioningDriver {
  readonly name = 'pterodactyl' as const;
  private readonly client: PterodactylClient;
  private readonly panelUrl: string;

  constructor(deps: PterodactylDeps) {
    this.client = new PterodactylClient(deps);
    this.panelUrl = deps.baseUrl.replace(/\/+$/, '');
  }

  async findExisting(req: ProvisionRequest): Promise<ProvisionResult | null> {
    const server = await this.client.serverByExternalId(req.reference);
    return server ? this.result(server, null) : null;
  }

  /** Creates the server from the plan's egg with limits, feature limits and deploy rules (location, ports). */
  async create(req: ProvisionRequest): Promise<ProvisionResult> {
    const nestId = Number(requireConfig(req, 'nestId'));
    const eggId = Number(requireConfig(req, 'eggId'));
    const locationId = Number(requireConfig(req, 'locationId'));
    const existing = await this.findExisting(req);
    if (existing) return existing;
    const { user, password } = await this.ensureUser(req);
    const egg = await this.egg(nestId, eggId);
    const environment: Record<string, string> = {};
    for (const { attributes: v } of egg.relationships?.variables?.data ?? []) environment[v.env_variable] = v.default_value ?? '';
    Object.assign(environment, stringRecord(req.panelConfig.environment));
    const slotsVariable = req.panelConfig.slotsVariable;
    if (req.options.slots !== undefined && typeof slotsVariable === 'string') environment[slotsVariable] = String(req.options.slots);
    let created: PteroServer;
    try {
      created = await this.client.createServer({
        name: req.hostname ?? req.reference,
        external_id: req.reference,
        user: user.id,
        egg: eggId,
        docker_image: typeof req.panelConfig.dockerImage === 'string' ? req.panelConfig.dockerImage : egg.docker_image,
        startup: typeof req.panelConfig.startup === 'string' ? req.panelConfig.startup : egg.startup,
        environment,
        limits: limitsFor(req),
        feature_limits: featureLimitsFor(req),
        deploy: { locations: [locationId], dedicated_ip: req.panelConfig.dedicatedIp === true, port_range: stringList(req.panelConfig.portRange) },
        start_on_completion: true,
      });
    } catch (err) {
      if (err instanceof ProvisioningError && NO_CAPACITY.has(err.vendorCode ?? '')) {
        throw new ProvisioningError('no_inventory', `pterodactyl: no free allocation in location ${locationId}`, { vendorCode: err.vendorCode, retryable: false, cause: err });
      }
      throw err;
    }
    const server = (await this.client.server(created.id)) ?? created;
    return this.result(server, password ? { username: user.email, password } : { username: user.email });
  }

  /** Sets the server's build limits (memory, disk, CPU ...) and feature limits to the plan's and the chosen options'. */
  async changePlan(ext: ServiceRef, req: ProvisionRequest): Promise<void> {
    const server = await this.existing(ext);
    await this.client.updateBuild(server.id, { allocation: server.allocation, limits: limitsFor(req), feature_limits: featureLimitsFor(req) });
  }

  async suspend(ext: ServiceRef): Promise<void> {
    await this.client.suspend(numericId(this.name, ext.externalId));
  }

  async unsuspend(ext: ServiceRef): Promise<void> {
    await this.client.unsuspend(numericId(this.name, ext.externalId));
  }

  /** Deletes the server after checking it still carries our reference; already gone is success. */
  async terminate(ext: ServiceRef): Promise<void> {
    const server = await this.client.server(numericId(this.name, ext.externalId));
    if (!server) return;
    if (server.external_id && server.external_id !== ext.reference) {
      throw new ProvisioningError('panel_reference_mismatch', `pterodactyl: server ${server.id} belongs to ${server.external_id}, not ${ext.reference}`, { retryable: false });
    }
    await this.client.deleteServer(server.id);
  }

  async status(ext: ServiceRef): Promise<StatusReport> {
    const server = await this.client.server(numericId(this.name, ext.externalId));
    if (!server) return { state: 'terminated', power: 'unknown', raw: {} };
    let power: PowerState = 'unknown';
    if (this.client.hasClientApi && server.status !== 'suspended') {
      const stats = await this.client.resources(server.identifier);
      power = ['running', 'starting'].includes(stats.current_state) ? 'running' : ['offline', 'stopping'].includes(stats.current_state) ? 'stopped' : 'unknown';
    }
    return { state: stateOf(server), power, raw: summary(server) };
  }

  /** Live figures from the client API; network bytes count since the container last started. */
  async usage(ext: ServiceRef): Promise<UsageReport> {
    if (!this.client.hasClientApi) return emptyUsage();
    const server = await this.existing(ext);
    const { resources: r } = await this.client.resources(server.identifier);
    return {
      cpuPercent: r.cpu_absolute,
      memoryBytes: r.memory_bytes,
      diskBytes: r.disk_bytes,
      bandwidthBytes: r.network_rx_bytes + r.network_tx_bytes,
      bandwidthLimitBytes: null,
      bandwidthScope: 'since_start',
    };
  }

  async power(ext: ServiceRef, action: PowerAction): Promise<void> {
    const server = await this.existing(ext);
    await this.client.power(server.identifier, SIGNALS[action]);
  }

  /** Reruns the egg's install script (Pterodactyl keeps the egg; `osTemplate` does not apply). */
  async reinstall(ext: ServiceRef, _osTemplate: string): Promise<void> {
    await this.client.reinstall(numericId(this.name, ext.externalId));
  }

  private async egg(nestId: number, eggId: number): Promise<PteroEgg> {
    const key = `${this.panelUrl}|${nestId}|${eggId}`;
    const hit = eggCache.get(key);
    if (hit && performance.now() - hit.at < EGG_CACHE_MS) return hit.egg;
    const egg = await this.client.egg(nestId, eggId);
    eggCache.set(key, { egg, at: performance.now() });
    return egg;
  }

  private async existing(ext: ServiceRef): Promise<PteroServer> {
    const server = await this.client.server(numericId(this.name, ext.externalId));
    if (!server) throw new ProvisioningError('panel_not_found', `pterodactyl: server ${ext.externalId} not found`, { retryable: false });
    return server;
  }

  /** The customer's panel user, found by our external id or e-mail, else created with a fresh password. */
  private async ensureUser(req: ProvisionRequest): Promise<{ user: PteroUser; password: string | null }> {
    const externalId = customerReference(req.customer.id);
    const found = (await this.client.userByExternalId(externalId)) ?? (await this.client.userByEmail(req.customer.email));
    if (found) return { user: found, password: null };
    const password = generatePassword();
    const user = await this.client.createUser({
      external_id: externalId,
      email: req.customer.email,
      username: usernameFor(req.customer.email, req.customer.id),
      first_name: req.customer.firstName || 'Customer',
      last_name: req.customer.lastName || String(req.customer.id),
      password,
    });
    return { user, password };
  }

  private result(server: PteroServer, credentials: ProvisionResult['credentials']): ProvisionResult {
    const allocations = server.relationships?.allocations?.data.map((a) => a.attributes) ?? [];
    const main = allocations.find((a) => a.id === server.allocation) ?? allocations[0];
    return {
      externalId: String(server.id),
      status: stateOf(server),
      ipAddresses: [...new Set(allocations.map((a) => a.ip))],
      hostname: null,
      credentials,
      panelUrl: `${this.panelUrl}/server/${server.identifier}`,
      raw: { ...summary(server), address: main ? `${main.alias ?? main.ip}:${main.port}` : null },
    };
  }
}

/** Build limits from the chosen options, else the plan mapping: memory/disk in MB, CPU in % of a core. */
function limitsFor(req: ProvisionRequest): PteroLimits {
  const { ramMb, vcpu, diskGb } = req.options;
  return {
    memory: ramMb ?? configNumber(req, 'memory') ?? 1024,
    swap: configNumber(req, 'swap') ?? 0,
    disk: diskGb !== undefined ? diskGb * 1024 : configNumber(req, 'disk') ?? 10_240,
    io: configNumber(req, 'io') ?? 500,
    cpu: vcpu !== undefined ? vcpu * 100 : configNumber(req, 'cpu') ?? 100,
  };
}

function featureLimitsFor(req: ProvisionRequest): PteroFeatureLimits {
  return {
    databases: configNumber(req, 'databases') ?? PTERODACTYL_COUNT_DEFAULTS.databases,
    allocations: configNumber(req, 'allocations') ?? PTERODACTYL_COUNT_DEFAULTS.allocations,
    backups: configNumber(req, 'backups') ?? PTERODACTYL_COUNT_DEFAULTS.backups,
  };
}

function stateOf(server: PteroServer): ServiceState {
  if (server.status === 'suspended' || server.suspended) return 'suspended';
  if (server.status === 'installing' || server.status === 'restoring_backup') return 'building';
  if (server.status === 'install_failed' || server.status === 'reinstall_failed') return 'failed';
  return 'active';
}

function summary(server: PteroServer): Record<string, unknown> {
  return { id: server.id, identifier: server.identifier, externalId: server.external_id, name: server.name, status: server.status };
}

/** A username Pterodactyl accepts (lower-case letters, digits, `.`, `_`, `-`), unique by customer id. */
function usernameFor(email: string, customerId: number | string): string {
  const local = email.split('@')[0].toLowerCase().replace(/[^a-z0-9._-]/g, '').replace(/^[^a-z0-9]+/, '').slice(0, 40);
  return `${local || 'customer'}-${String(customerId).toLowerCase().replace(/[^a-z0-9]/g, '')}`;
}

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? value.split(',').map((s) => s.trim()) : [];
}
