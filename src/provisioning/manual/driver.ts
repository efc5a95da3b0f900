import {
  emptyUsage,
  type ProvisionRequest, type ProvisionResult, type ProvisioningDriver, type ServiceRef, type StatusReport, type UsageReport,
} from '../driver.js';

/** No panel: staff set the service up by hand and enter its details in the back office; every call succeeds. */
export class ManualDriver implements ProvisioningDriver {
  readonly name = 'manual' as const;

  async findExisting(_req: ProvisionRequest): Promise<ProvisionResult | null> {
    return null;
  }

  /** Returns a pending-manual result keyed by our reference; nothing is created anywhere. */
  async create(req: ProvisionRequest): Promise<ProvisionResult> {
    return {
      externalId: req.reference,
      status: 'pending_manual',
      ipAddresses: [],
      hostname: req.hostname ?? req.domain ?? null,
      credentials: null,
      panelUrl: null,
      raw: { manual: true },
    };
  }

  async suspend(_ext: ServiceRef): Promise<void> {}

  async unsuspend(_ext: ServiceRef): Promise<void> {}

  async terminate(_ext: ServiceRef): Promise<void> {}

  /** The panel knows nothing: the back office holds the truth. */
  async status(_ext: ServiceRef): Promise<StatusReport> {
    return { state: 'unknown', power: 'unknown', raw: { manual: true } };
  }

  async usage(_ext: ServiceRef): Promise<UsageReport> {
    return emptyUsage();
  }
}
