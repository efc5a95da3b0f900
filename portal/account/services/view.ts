import type { Service } from '../../../src/models/index.js';
import type { UsageReport } from '../../../src/provisioning/driver.js';
import type { BandwidthDay } from '../../../src/portal-queries/service-usage.js';
import { formatBytes } from '../once.js';

const MB = 1024 ** 2;
const GB = 1024 ** 3;

/** The fields every service template reads. */
export function serviceView(s: Service): Record<string, unknown> {
  const panelUrl = typeof s.panelData?.panelUrl === 'string' && /^https?:\/\//.test(s.panelData.panelUrl) ? s.panelData.panelUrl : null;
  return {
    ...s.get({ plain: true }),
    planName: s.subscription?.plan?.name ?? '',
    settingUp: ['pending', 'provisioning', 'manual', 'waitlisted'].includes(s.status),
    label: s.hostname ?? s.domain ?? s.reference,
    panelUrl,
    isVps: s.serviceType === 'vps',
    isGame: s.serviceType === 'game',
    isDedicated: s.serviceType === 'dedicated',
    isWeb: s.serviceType === 'web',
  };
}

const percent = (used: number | null, total: number | null): number | null =>
  used === null || !total ? null : Math.min(100, Math.round((used / total) * 1000) / 10);

/** Rows of the resource table (and chart): what is used now against what the plan gives. */
export function resourceRows(usage: UsageReport, service: Service): Array<Record<string, unknown>> {
  const specs = service.subscription?.plan?.specs ?? {};
  const memTotal = specs.memoryMb ? Number(specs.memoryMb) * MB : null;
  const diskTotal = specs.diskGb ? Number(specs.diskGb) * GB : null;
  const bwTotal = usage.bandwidthLimitBytes ?? (service.subscription?.plan?.bandwidthQuotaGb ? Number(service.subscription.plan.bandwidthQuotaGb) * GB : null);
  const rows = [
    { key: 'cpu', label: 'CPU', used: usage.cpuPercent === null ? '—' : `${usage.cpuPercent.toFixed(1)} %`, total: specs.cpuCores ? `${specs.cpuCores} vCPU` : '—', percent: usage.cpuPercent === null ? null : Math.min(100, Math.round(usage.cpuPercent * 10) / 10) },
    { key: 'memory', label: 'Memory', used: formatBytes(usage.memoryBytes), total: memTotal ? formatBytes(memTotal) : '—', percent: percent(usage.memoryBytes, memTotal) },
    { key: 'disk', label: 'Disk', used: formatBytes(usage.diskBytes), total: diskTotal ? formatBytes(diskTotal) : '—', percent: percent(usage.diskBytes, diskTotal) },
    { key: 'bandwidth', label: usage.bandwidthScope === 'since_start' ? 'Traffic since start' : 'Traffic this period', used: formatBytes(usage.bandwidthBytes), total: bwTotal ? formatBytes(bwTotal) : '—', percent: percent(usage.bandwidthBytes, bwTotal) },
  ];
  return rows.filter((r) => r.used !== '—');
}

/** Rows of the bandwidth table (and chart), with raw byte counts in data attributes for the script. */
export function bandwidthRows(days: BandwidthDay[]): Array<Record<string, unknown>> {
  return days.map((d) => ({ ...d, inLabel: formatBytes(d.bytesIn), outLabel: formatBytes(d.bytesOut) }));
}
