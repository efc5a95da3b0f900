import { ProvisioningError } from '../../lib/errors.js';
import {
  customerReference, emptyUsage, generatePassword, numericId,
  type ProvisionRequest, type ProvisionResult, type ProvisioningDriver, type ServiceRef, type StatusReport, type UsageReport,
} from '../driver.js';
import type { QueryValue } from '../http.js';
import { SynergyCpClient, type ScpServer, type SynergyCpDeps } from './client.js';

/** How many matching free servers we try when another order takes one between our lookup and our provision call. */
const CANDIDATES = 3;

/** Dedicated servers on SynergyCP: provisioned from inventory, tagged with our reference as billing id. */
export class SynergyCpDriver implements ProvisioningDriver {
  readonly name = 'synergycp' as const;
  private readonly client: SynergyCpClient;

  constructor(deps: SynergyCpDeps) {
    this.client = new SynergyCpClient(deps);
  }

  async findExisting(req: ProvisionRequest): Promise<ProvisionResult | null> {
    const server = (await this.client.servers({ billing_id: req.reference })).find((s) => s.billing?.id === req.reference);
    return server ? this.result(server, null) : null;
  }

  /** Picks a free server matching the plan's hardware filters and provisions it; none free is `no_inventory`. */
  async create(req: ProvisionRequest): Promise<ProvisionResult> {
    const existing = await this.findExisting(req);
    if (existing) return existing;
    // NOTE: only the first few candidates are ever tried, so only they are fetched (SynergyCP pages its lists).
    const free = await this.client.servers({ ...inventoryFilters(req.panelConfig), available: true, per_page: CANDIDATES, page: 1 });
    if (free.length === 0) {
      // NOTE: not retryable: the order waits on the waitlist until staff add matching hardware.
      throw new ProvisioningError('no_inventory', 'synergycp: no matching hardware is free', { retryable: false });
    }
    const clientId = await this.ensureClient(req);
    const password = generatePassword();
    const cfg = req.panelConfig;
    let lastError: unknown;
    for (const candidate of free.slice(0, CANDIDATES)) {
      try {
        const server = await this.client.provision({
          client_id: clientId,
          server_id: candidate.id,
          password,
          nickname: req.hostname,
          ips_billing: optionalString(cfg.ipsBilling) ?? (req.options.ipv4 !== undefined ? String(req.options.ipv4) : undefined),
          pxe_profile_billing: optionalString(cfg.osTemplate),
          port_speed_billing: optionalString(cfg.portSpeedBilling),
          billing: { id: req.reference, max_bandwidth: optionalString(cfg.maxBandwidth) },
          access: { pxe: cfg.pxeAccess !== false, ipmi: cfg.ipmiAccess !== false, switch: cfg.switchAccess !== false },
        });
        return this.result(server, { username: 'root', password });
      } catch (err) {
        // A 4xx here usually means someone else took this server first: try the next one.
        if (!(err instanceof ProvisioningError) || err.retryable) throw err;
        lastError = err;
      }
    }
    throw lastError;
  }

  async suspend(ext: ServiceRef): Promise<void> {
    await this.setActive(ext, false);
  }

  async unsuspend(ext: ServiceRef): Promise<void> {
    await this.setActive(ext, true);
  }

  /** Wipes the server back into inventory; a server no longer carrying our reference counts as already terminated. */
  async terminate(ext: ServiceRef): Promise<void> {
    const server = await this.client.server(numericId(this.name, ext.externalId));
    // NOTE: SynergyCP reuses server ids (hardware goes back to inventory), so we only wipe a server that is still ours.
    if (!server || server.billing?.id !== ext.reference) return;
    await this.client.wipe(server.id);
  }

  async status(ext: ServiceRef): Promise<StatusReport> {
    const server = await this.client.server(numericId(this.name, ext.externalId));
    if (!server || server.billing?.id !== ext.reference) return { state: 'terminated', power: 'unknown', raw: {} };
    const access = await this.client.primaryAccess(server.id);
    return { state: access && !access.is_active ? 'suspended' : 'active', power: 'unknown', raw: summary(server) };
  }

  /** Bandwidth of the current billing period (SynergyCP counts bits; we report bytes). */
  async usage(ext: ServiceRef): Promise<UsageReport> {
    const server = await this.owned(ext);
    if (!server.usage) return emptyUsage();
    return {
      ...emptyUsage(),
      bandwidthBytes: Math.round(server.usage.used / 8),
      bandwidthLimitBytes: server.usage.max > 0 ? Math.round(server.usage.max / 8) : null,
      bandwidthScope: 'billing_period',
    };
  }

  private async setActive(ext: ServiceRef, active: boolean): Promise<void> {
    const server = await this.owned(ext);
    const access = await this.client.primaryAccess(server.id);
    if (!access) throw new ProvisioningError('panel_not_found', `synergycp: server ${server.id} has no client access`, { retryable: false });
    await this.client.updateAccess(server.id, access.id, active ? { is_active: true } : { is_active: false, suspension_reason: 'Suspended by billing' });
  }

  /** The server, only while it still carries our reference. */
  private async owned(ext: ServiceRef): Promise<ScpServer> {
    const server = await this.client.server(numericId(this.name, ext.externalId));
    if (!server) throw new ProvisioningError('panel_not_found', `synergycp: server ${ext.externalId} not found`, { retryable: false });
    if (server.billing?.id !== ext.reference) {
      throw new ProvisioningError('panel_reference_mismatch', `synergycp: server ${server.id} is not provisioned for ${ext.reference}`, { retryable: false });
    }
    return server;
  }

  private async ensureClient(req: ProvisionRequest): Promise<number> {
    const billingId = customerReference(req.customer.id);
    const email = req.customer.email.toLowerCase();
    // NOTE: matched exactly here too: a panel that ignores an unknown filter must not hand us someone else's client.
    const found = (await this.client.clients({ billing_id: billingId })).find((c) => c.billing_id === billingId)
      ?? (email ? (await this.client.clients({ email })).find((c) => c.email.toLowerCase() === email) : undefined);
    if (found) return found.id;
    const created = await this.client.createClient({
      email: req.customer.email,
      first: req.customer.firstName || 'Customer',
      last: req.customer.lastName || String(req.customer.id),
      billing_id: billingId,
      password: generatePassword(),
    });
    return created.id;
  }

  private result(server: ScpServer, credentials: ProvisionResult['credentials']): ProvisionResult {
    return {
      externalId: String(server.id),
      status: 'active',
      ipAddresses: (server.entities ?? []).map((e) => e.address ?? e.name ?? '').filter((ip) => ip !== ''),
      hostname: server.nickname ?? null,
      credentials,
      panelUrl: null,
      raw: summary(server),
    };
  }
}

/** The plan's hardware filters (`memBilling`, `cpuBilling`, `diskBilling`, `addonsBilling`, `ipGroupBilling`). */
function inventoryFilters(cfg: Record<string, unknown>): Record<string, QueryValue> {
  const list = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? v.split(',').map((s) => s.trim()) : undefined);
  return {
    mem_billing: optionalString(cfg.memBilling),
    cpu_billing: optionalString(cfg.cpuBilling),
    disks_billing: list(cfg.diskBilling),
    addons_billing: list(cfg.addonsBilling),
    ip_group_billing: optionalString(cfg.ipGroupBilling),
  };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

function summary(server: ScpServer): Record<string, unknown> {
  return { id: server.id, name: server.name, nickname: server.nickname, billingId: server.billing?.id ?? null, clientId: server.client?.id ?? null };
}
