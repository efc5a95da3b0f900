import type { BillingCycle, OfferedCurrency as CurrencyCode, PlanType } from '../../src/models/enums.js';

/** The starting catalog: what a new installation sells. Prices are monthly in minor units per currency. */
export interface CatalogPlan {
  slug: string;
  name: string;
  type: PlanType;
  driver: 'virtfusion' | 'pterodactyl' | 'synergycp' | 'enhance' | 'manual';
  description: string;
  features: string[];
  monthly: Record<CurrencyCode, number>;
  setupFee?: Record<CurrencyCode, number>;
  stock?: number;
  requiresReview?: boolean;
  badge?: 'popular' | 'best_value';
  bandwidthQuotaGb?: number;
  /** The plan's own resources; "extra" options are added to them on the panel. */
  specs?: Record<string, number>;
  panelConfig: Record<string, unknown>;
  options?: string[];
  addons?: string[];
}

// NOTE: longer cycles are discounted (quarterly 3%, semi-annual 5%, annual 10%) off the monthly price
// times the months; the saving is rounded by the money module's rule.
export const CYCLE_DISCOUNT_BP: Record<BillingCycle, number> = { monthly: 0, quarterly: 300, semiannual: 500, annual: 1000 };

const p = (usd: number, eur: number, gbp: number): Record<CurrencyCode, number> => ({ USD: usd, EUR: eur, GBP: gbp });
// NOTE: VirtFusion builds from a template id; customers choose by name, and `osTemplateId` is the default build.
const VPS_OS = [
  { id: 1, name: 'ubuntu-24.04' },
  { id: 2, name: 'debian-12' },
  { id: 3, name: 'rocky-9' },
  { id: 4, name: 'almalinux-9' },
];

export const catalogPlans: CatalogPlan[] = [
  { slug: 'vps-start', name: 'VPS Start', type: 'vps', driver: 'virtfusion', description: 'A small, fast KVM server for side projects and staging.', features: ['1 vCPU', '2 GB RAM', '40 GB NVMe', '2 TB bandwidth', '1 IPv4 + /64 IPv6'], monthly: p(600, 550, 500), bandwidthQuotaGb: 2000, specs: { cpuCores: 1, memoryMb: 2048, diskGb: 40, ipv4: 1, bandwidthGb: 2000 }, panelConfig: { packageId: 1, hypervisorGroupId: 1, osTemplateId: 1, osTemplates: VPS_OS }, options: ['extra_ram_gb', 'extra_vcpu', 'extra_disk_gb', 'extra_ipv4'], addons: ['backups', 'snapshots', 'managed_support'] },
  { slug: 'vps-pro', name: 'VPS Pro', type: 'vps', driver: 'virtfusion', description: 'Production workloads with room to grow.', features: ['4 vCPU', '8 GB RAM', '160 GB NVMe', '5 TB bandwidth', '1 IPv4 + /64 IPv6'], monthly: p(2400, 2200, 1900), badge: 'popular', bandwidthQuotaGb: 5000, specs: { cpuCores: 4, memoryMb: 8192, diskGb: 160, ipv4: 1, bandwidthGb: 5000 }, panelConfig: { packageId: 2, hypervisorGroupId: 1, osTemplateId: 1, osTemplates: VPS_OS }, options: ['extra_ram_gb', 'extra_vcpu', 'extra_disk_gb', 'extra_ipv4'], addons: ['backups', 'snapshots', 'managed_support'] },
  { slug: 'vps-max', name: 'VPS Max', type: 'vps', driver: 'virtfusion', description: 'Dedicated-class resources on shared hardware.', features: ['8 vCPU', '32 GB RAM', '640 GB NVMe', '10 TB bandwidth', '2 IPv4 + /64 IPv6'], monthly: p(8900, 8200, 7000), badge: 'best_value', bandwidthQuotaGb: 10000, specs: { cpuCores: 8, memoryMb: 32768, diskGb: 640, ipv4: 2, bandwidthGb: 10000 }, panelConfig: { packageId: 3, hypervisorGroupId: 1, osTemplateId: 1, osTemplates: VPS_OS }, options: ['extra_ram_gb', 'extra_vcpu', 'extra_disk_gb', 'extra_ipv4'], addons: ['backups', 'snapshots', 'managed_support'] },
  { slug: 'dedi-e3', name: 'Dedicated E-2388G', type: 'dedicated', driver: 'synergycp', description: '8 cores, 64 GB ECC, 2 × 1 TB NVMe in RAID 1.', features: ['Xeon E-2388G 8c/16t', '64 GB ECC RAM', '2 × 1 TB NVMe', '1 Gbps unmetered', '/29 IPv4'], monthly: p(12900, 11900, 10200), setupFee: p(4900, 4500, 3900), stock: 6, requiresReview: true, panelConfig: { cpuBilling: 'E-2388G', memBilling: '64GB', diskBilling: '2x1TB NVMe', locations: [{ id: 'NYC1', name: 'New York' }] }, addons: ['extra_ip', 'managed_support'] },
  { slug: 'dedi-epyc', name: 'Dedicated EPYC 7443P', type: 'dedicated', driver: 'synergycp', description: '24 cores and 256 GB for heavy workloads.', features: ['EPYC 7443P 24c/48t', '256 GB ECC RAM', '2 × 3.84 TB NVMe', '10 Gbps port, 50 TB', '/29 IPv4'], monthly: p(34900, 32000, 27500), setupFee: p(9900, 9000, 7900), stock: 2, requiresReview: true, badge: 'best_value', bandwidthQuotaGb: 50000, panelConfig: { cpuBilling: 'EPYC 7443P', memBilling: '256GB', diskBilling: '2x3.84TB NVMe', locations: [{ id: 'NYC1', name: 'New York' }] }, addons: ['extra_ip', 'managed_support'] },
  { slug: 'web-starter', name: 'Web Starter', type: 'web', driver: 'enhance', description: 'One website with mail, SSL and daily backups.', features: ['1 website', '10 GB SSD', 'Free SSL', 'Email accounts', 'Daily backups'], monthly: p(300, 275, 250), bandwidthQuotaGb: 100, panelConfig: { planId: 1 } },
  { slug: 'web-business', name: 'Web Business', type: 'web', driver: 'enhance', description: 'Ten websites for agencies and growing shops.', features: ['10 websites', '50 GB SSD', 'Free SSL', 'Staging sites', 'Daily backups'], monthly: p(900, 825, 750), badge: 'popular', bandwidthQuotaGb: 500, panelConfig: { planId: 2 } },
  { slug: 'game-minecraft', name: 'Minecraft Server', type: 'game', driver: 'pterodactyl', description: 'Java or Bedrock with mod loaders, one click.', features: ['4 GB RAM', '2 vCPU', '30 GB NVMe', 'DDoS protection', 'Unlimited slots'], monthly: p(1200, 1100, 950), badge: 'popular', panelConfig: { nestId: 1, eggId: 1, locationId: 1, memory: 4096, cpu: 200, disk: 30720, game: 'minecraft' }, addons: ['backups'] },
  { slug: 'game-rust', name: 'Rust Server', type: 'game', driver: 'pterodactyl', description: 'High-clock cores for 200-player wipes.', features: ['12 GB RAM', '4 vCPU', '60 GB NVMe', 'DDoS protection', 'Oxide ready'], monthly: p(2900, 2650, 2300), specs: { slots: 200 }, panelConfig: { nestId: 2, eggId: 5, locationId: 1, memory: 12288, cpu: 400, disk: 61440, game: 'rust', slotsVariable: 'MAX_PLAYERS' }, options: ['game_slots'], addons: ['backups'] },
  { slug: 'mysql-basic', name: 'Managed MySQL', type: 'mysql', driver: 'manual', description: 'A managed MySQL 8 database set up by our team.', features: ['MySQL 8', '2 GB RAM', '20 GB storage', 'Point-in-time recovery'], monthly: p(1500, 1400, 1200), panelConfig: {} },
];

export interface CatalogOption {
  code: string;
  name: string;
  unit: string;
  min: number;
  max: number;
  step: number;
  panelKey: string;
  monthly: Record<CurrencyCode, number>;
}

export const catalogOptions: CatalogOption[] = [
  { code: 'extra_ram_gb', name: 'Extra RAM', unit: 'GB', min: 0, max: 64, step: 1, panelKey: 'extraRamGb', monthly: p(200, 180, 160) },
  { code: 'extra_vcpu', name: 'Extra vCPU', unit: 'core', min: 0, max: 16, step: 1, panelKey: 'extraVcpu', monthly: p(300, 275, 250) },
  { code: 'extra_disk_gb', name: 'Extra NVMe storage', unit: 'GB', min: 0, max: 2000, step: 10, panelKey: 'extraDiskGb', monthly: p(10, 9, 8) },
  { code: 'extra_ipv4', name: 'Additional IPv4 address', unit: 'address', min: 0, max: 8, step: 1, panelKey: 'extraIpv4', monthly: p(300, 275, 250) },
  { code: 'game_slots', name: 'Extra player slots', unit: '10 slots', min: 0, max: 20, step: 1, panelKey: 'extraSlots10', monthly: p(100, 90, 80) },
];

export interface CatalogAddon {
  code: string;
  name: string;
  kind: 'backups' | 'snapshots' | 'extra_ip' | 'managed_support' | 'other';
  description: string;
  monthly: Record<CurrencyCode, number>;
}

export const catalogAddons: CatalogAddon[] = [
  { code: 'backups', name: 'Daily backups', kind: 'backups', description: 'Seven daily off-site backups with one-click restore.', monthly: p(200, 180, 160) },
  { code: 'snapshots', name: 'Snapshots', kind: 'snapshots', description: 'Up to five manual snapshots.', monthly: p(100, 90, 80) },
  { code: 'extra_ip', name: 'Extra IPv4 block', kind: 'extra_ip', description: 'An additional routed /29 IPv4 block.', monthly: p(1500, 1400, 1200) },
  { code: 'managed_support', name: 'Managed support', kind: 'managed_support', description: 'Our engineers patch, monitor and fix the OS for you.', monthly: p(2500, 2300, 2000) },
];

/** Standard VAT rates (basis points) by EU country; US and others are configured by staff. */
export const euVatRates: Array<{ country: string; name: string; rateBp: number }> = [
  { country: 'AT', name: 'USt', rateBp: 2000 }, { country: 'BE', name: 'TVA/BTW', rateBp: 2100 }, { country: 'BG', name: 'ДДС', rateBp: 2000 },
  { country: 'HR', name: 'PDV', rateBp: 2500 }, { country: 'CY', name: 'ΦΠΑ', rateBp: 1900 }, { country: 'CZ', name: 'DPH', rateBp: 2100 },
  { country: 'DK', name: 'moms', rateBp: 2500 }, { country: 'EE', name: 'km', rateBp: 2400 }, { country: 'FI', name: 'ALV', rateBp: 2550 },
  { country: 'FR', name: 'TVA', rateBp: 2000 }, { country: 'DE', name: 'MwSt', rateBp: 1900 }, { country: 'GR', name: 'ΦΠΑ', rateBp: 2400 },
  { country: 'HU', name: 'ÁFA', rateBp: 2700 }, { country: 'IE', name: 'VAT', rateBp: 2300 }, { country: 'IT', name: 'IVA', rateBp: 2200 },
  { country: 'LV', name: 'PVN', rateBp: 2100 }, { country: 'LT', name: 'PVM', rateBp: 2100 }, { country: 'LU', name: 'TVA', rateBp: 1700 },
  { country: 'MT', name: 'VAT', rateBp: 1800 }, { country: 'NL', name: 'BTW', rateBp: 2100 }, { country: 'PL', name: 'VAT', rateBp: 2300 },
  { country: 'PT', name: 'IVA', rateBp: 2300 }, { country: 'RO', name: 'TVA', rateBp: 2100 }, { country: 'SK', name: 'DPH', rateBp: 2300 },
  { country: 'SI', name: 'DDV', rateBp: 2200 }, { country: 'ES', name: 'IVA', rateBp: 2100 }, { country: 'SE', name: 'moms', rateBp: 2500 },
];

export const ukVat = { country: 'GB', name: 'VAT', rateBp: 2000 };

export const departments = [
  { name: 'Technical support', slug: 'technical', email: 'support@ezscale.cloud', sortOrder: 1 },
  { name: 'Billing', slug: 'billing', email: 'billing@ezscale.cloud', sortOrder: 2 },
  { name: 'Sales', slug: 'sales', email: 'sales@ezscale.cloud', sortOrder: 3 },
  { name: 'Abuse', slug: 'abuse', email: 'abuse@ezscale.cloud', sortOrder: 4 },
];
