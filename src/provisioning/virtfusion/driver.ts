import { clock } from '../../lib/clock.js';
import {
  configNumber, emptyUsage, numericId, requireConfig,
  type ChangeLeftover, type PowerAction, type ProvisionCredentials, type ProvisionRequest, type ProvisionResult, type ProvisioningDriver,
  type ServiceRef, type ServiceState, type StatusReport, type UsageReport,
} from '../driver.js';
import { VIRTFUSION_COUNT_DEFAULTS } from '../panel-config.js';
import { VirtFusionClient, type VfServer, type VirtFusionDeps } from './client.js';

const GB = 1024 ** 3;

/** VPS on VirtFusion: one VirtFusion user per customer (extRelationId = customer id), servers named by our reference. */
export class VirtFusionDriver implements ProvisioningDriver {
  readonly name = 'virtfusion' as const;
  private readonly client: VirtFusionClient;
  private readonly panelUrl: string;

  constructor(deps: VirtFusionDeps) {
    this.client = new VirtFusionClient(deps);
    this.panelUrl = deps.baseUrl.replace(/\/api\/v1\/?$/, '');
  }

  /** Finds the server named by our reference; a created-but-never-built server of this customer is adopted and built. */
  async findExisting(req: ProvisionRequest): Promise<ProvisionResult | null> {
    const user = await this.client.userByExtRelation(this.customerId(req));
    return user ? this.findOnUser(user.id, req) : null;
  }

  /** Creates the server from the plan's package on its hypervisor group, then builds it with our reference as name. */
  async create(req: ProvisionRequest): Promise<ProvisionResult> {
    const packageId = Number(requireConfig(req, 'packageId'));
    const hypervisorId = Number(requireConfig(req, 'hypervisorGroupId'));
    operatingSystemId(req);
    let user = await this.client.userByExtRelation(this.customerId(req));
    if (user) {
      const existing = await this.findOnUser(user.id, req);
      if (existing) return existing;
    } else {
      // A user created just now owns no server yet: nothing to adopt.
      user = await this.client.createUser({
        name: `${req.customer.firstName} ${req.customer.lastName}`.trim(),
        email: req.customer.email,
        extRelationId: this.customerId(req),
      });
    }
    const { ramMb, vcpu, diskGb, ipv4, bandwidthGb } = req.options;
    const server = await this.client.createServer({
      packageId, userId: user.id, hypervisorId,
      ipv4: ipv4 ?? configNumber(req, 'ipv4') ?? VIRTFUSION_COUNT_DEFAULTS.ipv4,
      memory: ramMb, cpuCores: vcpu, storage: diskGb, traffic: bandwidthGb,
    });
    return this.build(server.id, user.id, req);
  }

  private async findOnUser(userId: number, req: ProvisionRequest): Promise<ProvisionResult | null> {
    const servers = await this.client.userServers(userId);
    const mine = servers.find((s) => s.name === req.reference);
    if (mine) return this.result(mine, null);
    // NOTE: VirtFusion's create call has no name/external field, so a crash between "create" and "build"
    // leaves an unbuilt server with a panel-chosen name. We adopt it only when it is the customer's only one.
    const orphans = servers.filter((s) => s.commissionStatus === 0 && !s.name.startsWith('ezs-svc-'));
    if (orphans.length === 1) return this.build(orphans[0].id, userId, req);
    return null;
  }

  async suspend(ext: ServiceRef): Promise<void> {
    await this.client.suspend(numericId(this.name, ext.externalId));
  }

  async unsuspend(ext: ServiceRef): Promise<void> {
    await this.client.unsuspend(numericId(this.name, ext.externalId));
  }

  async terminate(ext: ServiceRef): Promise<void> {
    await this.client.deleteServer(numericId(this.name, ext.externalId));
  }

  async status(ext: ServiceRef): Promise<StatusReport> {
    const server = await this.client.server(numericId(this.name, ext.externalId), true);
    if (!server) return { state: 'terminated', power: 'unknown', raw: {} };
    const remote = typeof server.remoteState === 'object' ? server.remoteState.state : undefined;
    const power = remote === 'running' ? 'running' : remote === 'shutoff' || remote === 'shutdown' ? 'stopped' : 'unknown';
    return { state: stateOf(server), power, raw: summary(server) };
  }

  /** Traffic of the current calendar month (VirtFusion counts rx + tx); CPU, memory and disk are not exposed. */
  async usage(ext: ServiceRef): Promise<UsageReport> {
    const months = await this.client.traffic(numericId(this.name, ext.externalId));
    const now = clock.now().getTime();
    const month = months.find((m) => Date.parse(m.start) <= now && now <= Date.parse(m.end)) ?? months[0];
    if (!month) return emptyUsage();
    return {
      ...emptyUsage(),
      bandwidthBytes: month.total ?? month.rx + month.tx,
      bandwidthLimitBytes: month.limit > 0 ? month.limit * GB : null,
      bandwidthScope: 'month',
    };
  }

  async power(ext: ServiceRef, action: PowerAction): Promise<void> {
    await this.client.power(numericId(this.name, ext.externalId), action);
  }

  /** Rebuilds the server with another OS template (VirtFusion's build call on an existing server). */
  async reinstall(ext: ServiceRef, osTemplate: string): Promise<void> {
    await this.client.build(numericId(this.name, ext.externalId), { operatingSystemId: Number(osTemplate), name: ext.reference, email: false });
  }

  async resetPassword(ext: ServiceRef): Promise<ProvisionCredentials> {
    const password = await this.client.resetPassword(numericId(this.name, ext.externalId), 'root');
    return { username: 'root', password };
  }

  /**
   * Moves the server to the plan's package, then applies the chosen memory, CPU and traffic on top of it. IPv4
   * addresses cannot be added or removed through the API: a server with another count than the plan, options and
   * add-ons ask for is left to staff.
   */
  async changePlan(ext: ServiceRef, req: ProvisionRequest): Promise<void | ChangeLeftover> {
    const serverId = numericId(this.name, ext.externalId);
    const packageId = Number(requireConfig(req, 'packageId'));
    // NOTE: the package change resets the resources to the package's own; an option then sets its absolute value
    // (a dropped option therefore falls back to the package). Disk only grows with the package: VirtFusion has no disk call.
    await this.client.changePackage(serverId, packageId);
    const { ramMb, vcpu, bandwidthGb } = req.options;
    if (ramMb !== undefined) await this.client.modifyMemory(serverId, ramMb);
    if (vcpu !== undefined) await this.client.modifyCpuCores(serverId, vcpu);
    if (bandwidthGb !== undefined) await this.client.modifyTraffic(serverId, bandwidthGb);
    const server = await this.client.server(serverId);
    const want = req.options.ipv4 ?? configNumber(req, 'ipv4') ?? VIRTFUSION_COUNT_DEFAULTS.ipv4;
    const have = server ? ipsOf(server).length : want;
    if (have === want) return;
    const n = Math.abs(want - have);
    return { byHand: `${want > have ? 'add' : 'remove'} ${n} IPv4 address${n === 1 ? '' : 'es'} (the plan, options and add-ons come to ${want}; the server has ${have})` };
  }

  private async build(serverId: number, userId: number, req: ProvisionRequest): Promise<ProvisionResult> {
    const sshKeys: number[] = [];
    for (const [i, key] of (req.sshKeys ?? []).entries()) {
      sshKeys.push(await this.client.addSshKey(userId, `${req.reference}-${i + 1}`, key));
    }
    const built = await this.client.build(serverId, {
      operatingSystemId: operatingSystemId(req),
      name: req.reference,
      hostname: req.hostname,
      sshKeys: sshKeys.length ? sshKeys : undefined,
      email: false,
    });
    const password = built.settings?.decryptedPassword;
    return this.result(built, password ? { username: 'root', password } : null);
  }

  private result(server: VfServer, credentials: ProvisionCredentials | null): ProvisionResult {
    return {
      externalId: String(server.id),
      status: stateOf(server),
      ipAddresses: ipsOf(server),
      hostname: server.hostname ?? null,
      credentials,
      panelUrl: this.panelUrl,
      raw: summary(server),
    };
  }

  private customerId(req: ProvisionRequest): number {
    return numericId(this.name, String(req.customer.id));
  }
}

/**
 * The VirtFusion template to build with: the customer's choice (a numeric id, or a name the mapping's `osTemplates`
 * lists as `{id, name}`), else the plan's `osTemplateId`.
 */
function operatingSystemId(req: ProvisionRequest): number {
  const chosen = req.osTemplate?.trim();
  if (chosen) {
    if (/^[1-9][0-9]*$/.test(chosen)) return Number(chosen);
    const listed: unknown[] = Array.isArray(req.panelConfig.osTemplates) ? req.panelConfig.osTemplates : [];
    const match = listed.find((t): t is { id: number | string; name: string } => typeof t === 'object' && t !== null && (t as { name?: unknown }).name === chosen);
    if (match && /^[1-9][0-9]*$/.test(String(match.id))) return Number(match.id);
  }
  return Number(requireConfig(req, 'osTemplateId'));
}

function stateOf(server: VfServer): ServiceState {
  if (server.suspended) return 'suspended';
  if (server.buildFailed) return 'failed';
  return server.commissionStatus === 0 ? 'building' : 'active';
}

function ipsOf(server: VfServer): string[] {
  return (server.network?.interfaces ?? []).flatMap((i) => (i.ipv4 ?? []).filter((ip) => ip.enabled !== false).map((ip) => ip.address));
}

function summary(server: VfServer): Record<string, unknown> {
  return { id: server.id, uuid: server.uuid, name: server.name, ownerId: server.ownerId, commissionStatus: server.commissionStatus, suspended: server.suspended };
}
