import { performance } from 'node:perf_hooks';
import { isUniqueViolation } from '../db/transaction.js';
import { sequelize } from '../db/sequelize.js';
import type { Ctx } from '../lib/context.js';
import { ProvisioningError } from '../lib/errors.js';
import { StatusCheck, type StatusComponent, type StatusState } from '../models/status-check.js';
import { type DriverOptions, driverDepsFor } from '../provisioning/config.js';
import { EnhanceClient } from '../provisioning/enhance/client.js';
import { PterodactylClient } from '../provisioning/pterodactyl/client.js';
import { SynergyCpClient } from '../provisioning/synergycp/client.js';
import { VirtFusionClient } from '../provisioning/virtfusion/client.js';

/** A probe answering slower than this marks its component degraded. */
export const SLOW_MS = 3_000;
/** A probe is abandoned (and its component down) after this long. */
export const PROBE_TIMEOUT_MS = 10_000;

/** One cheap, read-only, authenticated request per panel; null when the panel is not configured. */
const PROBES: Record<Exclude<StatusComponent, 'billing'>, (opts: DriverOptions) => Promise<(() => Promise<unknown>) | null>> = {
  vps: async (opts) => {
    const client = new VirtFusionClient(await driverDepsFor('virtfusion', opts));
    return () => client.http.get('/connect');
  },
  game: async (opts) => {
    const client = new PterodactylClient(await driverDepsFor('pterodactyl', opts));
    return () => client.userByEmail('status-check@ezscale.invalid');
  },
  dedicated: async (opts) => {
    const client = new SynergyCpClient(await driverDepsFor('synergycp', opts));
    return () => client.clients({ billing_id: 'status-check' });
  },
  web: async (opts) => {
    const client = new EnhanceClient(await driverDepsFor('enhance', opts));
    return () => client.findCustomer(() => true);
  },
};

/** The outcome of one component's check, as stored. */
export interface ComponentCheck {
  readonly component: StatusComponent;
  readonly state: StatusState;
  readonly latencyMs: number | null;
  readonly detail: string | null;
}

/** Panel errors that mean the panel is not there at all; other answers mean it is there but unwell. */
const DOWN_CODES = new Set(['panel_unreachable', 'panel_timeout', 'panel_server_error']);

async function timed(call: () => Promise<unknown>): Promise<Omit<ComponentCheck, 'component'>> {
  const started = performance.now();
  try {
    await call();
    const latencyMs = Math.round(performance.now() - started);
    return latencyMs > SLOW_MS ? { state: 'degraded', latencyMs, detail: `slow answer (${latencyMs} ms)` } : { state: 'operational', latencyMs, detail: null };
  } catch (err) {
    const latencyMs = Math.round(performance.now() - started);
    const code = err instanceof ProvisioningError ? err.code : 'check_failed';
    return { state: DOWN_CODES.has(code) ? 'down' : 'degraded', latencyMs, detail: code };
  }
}

async function store(check: ComponentCheck, now: Date): Promise<void> {
  const values = { state: check.state, latencyMs: check.latencyMs, detail: check.detail, checkedAt: now };
  const update = () => StatusCheck.update(values, { where: { component: check.component } });
  const [changed] = await update();
  if (changed > 0) return;
  try {
    await StatusCheck.create({ component: check.component, ...values });
  } catch (err) {
    // NOTE: another worker created the row between our update and insert; ours is as fresh.
    if (!isUniqueViolation(err)) throw err;
    await update();
  }
}

/**
 * Probes every configured panel (and the billing database) once and stores each component's state:
 * operational, degraded (slow, or answering with an error) or down (unreachable, timed out, 5xx).
 * A panel without credentials is not checked and its row is removed, so the status page hides it.
 */
export async function checkServiceStatus(ctx: Ctx): Promise<ComponentCheck[]> {
  const results: ComponentCheck[] = [];
  const components = Object.keys(PROBES) as Array<keyof typeof PROBES>;
  await Promise.all(
    components.map(async (component) => {
      let probe: (() => Promise<unknown>) | null;
      try {
        probe = await PROBES[component]({ timeoutMs: PROBE_TIMEOUT_MS });
      } catch (err) {
        if (!(err instanceof ProvisioningError) || err.code !== 'panel_not_configured') throw err;
        probe = null;
      }
      if (!probe) {
        await StatusCheck.destroy({ where: { component } });
        return;
      }
      results.push({ component, ...(await timed(probe)) });
    }),
  );
  results.push({ component: 'billing', ...(await timed(() => sequelize().query('SELECT 1'))) });
  for (const check of results) await store(check, ctx.now);
  return results;
}
