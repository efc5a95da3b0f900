import { STATUS_COMPONENTS, StatusCheck, type StatusComponent, type StatusState } from '../models/status-check.js';

const LABELS: Record<StatusComponent, string> = {
  vps: 'Cloud VPS',
  game: 'Game servers',
  dedicated: 'Dedicated servers',
  web: 'Web hosting',
  billing: 'Billing and customer portal',
};

const STATE_LABELS: Record<StatusState, string> = { operational: 'Operational', degraded: 'Degraded', down: 'Down' };

/** One line of the status page. */
export interface ComponentStatus {
  readonly component: StatusComponent;
  readonly label: string;
  readonly state: StatusState;
  readonly stateLabel: string;
  readonly checkedAt: Date;
}

/** What the status page shows: each checked component in a fixed order, and the overall state. */
export interface ServiceStatus {
  readonly components: ComponentStatus[];
  readonly overall: StatusState | null;
  readonly lastCheckedAt: Date | null;
}

/** Reads the stored checks (components of unconfigured panels have no row and are not shown). */
export async function serviceStatus(): Promise<ServiceStatus> {
  const rows = await StatusCheck.findAll();
  const components = STATUS_COMPONENTS.flatMap((component) => {
    const row = rows.find((r) => r.component === component);
    return row ? [{ component, label: LABELS[component], state: row.state, stateLabel: STATE_LABELS[row.state], checkedAt: row.checkedAt }] : [];
  });
  const overall = components.length === 0 ? null : components.some((c) => c.state === 'down') ? 'down' : components.some((c) => c.state === 'degraded') ? 'degraded' : 'operational';
  const lastCheckedAt = components.reduce<Date | null>((latest, c) => (!latest || c.checkedAt > latest ? c.checkedAt : latest), null);
  return { components, overall, lastCheckedAt };
}
