import { loadConfig, setConfig } from '../../../config/index.js';
import { bandwidthCollectJob } from '../../../src/jobs/bandwidth-collect.js';
import { runJob, type JobRun } from '../../../src/jobs/runner.js';
import type { Plan, Service } from '../../../src/models/index.js';
import { clearSettingsCache } from '../../../src/settings/index.js';
import { createPlan, type PlanAttrs } from '../../factories/catalog.js';
import { createService, createSubscription } from '../../factories/commerce.js';
import { startFakeElastiFlow, type FakeElastiFlow } from '../../fakes/elastiflow/server.js';

export const GB = 1_000_000_000;

/** Starts the fake ElastiFlow and points the configuration at it (ELASTIFLOW_URL/USERNAME/PASSWORD), as production is configured. */
export async function startElastiFlow(): Promise<FakeElastiFlow> {
  const fake = await startFakeElastiFlow();
  setConfig(loadConfig({ ...process.env, ELASTIFLOW_URL: fake.url, ELASTIFLOW_USERNAME: fake.username, ELASTIFLOW_PASSWORD: fake.password }));
  clearSettingsCache();
  return fake;
}

export async function stopElastiFlow(fake: FakeElastiFlow | undefined): Promise<void> {
  await fake?.close();
  setConfig(loadConfig(process.env));
  clearSettingsCache();
}

/** A VPS plan with a monthly traffic quota (and, unless given, an overage rate of 50 minor units per GB on its price). */
export function createMeteredPlan(quotaGb: number, attrs: PlanAttrs = {}): Promise<Plan> {
  return createPlan({ bandwidthQuotaGb: quotaGb, ...attrs }, 'metered');
}

/** An active service on `plan` whose subscription started now, with the given addresses. */
export async function createMeteredService(plan: Plan, ips: string[]): Promise<Service> {
  const subscription = await createSubscription({ plan });
  return createService({ subscription, primaryIp: ips[0] ?? null, ipAddresses: ips });
}

/** One run of the `bandwidth:collect` job, as the worker would run it. */
export function runCollection(): Promise<JobRun> {
  return runJob(bandwidthCollectJob);
}
