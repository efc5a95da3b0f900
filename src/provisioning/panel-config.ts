import { z } from 'zod';
import type { DriverName } from './driver.js';

const id = z.union([z.number().int().positive(), z.string().regex(/^[1-9][0-9]*$/, 'must be a positive whole number')]);
const count = z.number().int().min(0);
const text = z.string().trim().min(1).max(191);
const list = z.union([text, z.array(text).min(1)]);
/** What the storefront and portal read from any mapping (the OS picker, locations, the game shown). */
const shared = {
  osTemplates: z.array(z.union([text, z.object({ id: z.union([id, text]), name: text }).strict()])).optional(),
  locations: z.array(z.object({ id: z.union([id, text]), name: text }).strict()).optional(),
  game: text.optional(),
};

/** The keys each driver reads from a plan's `panel_config`; unknown keys are refused so a typo cannot pass unnoticed. */
export const PANEL_CONFIG_SCHEMAS: Record<DriverName, z.ZodType<Record<string, unknown>>> = {
  virtfusion: z.object({ ...shared, packageId: id, hypervisorGroupId: id, osTemplateId: id, ipv4: count.optional() }).strict(),
  pterodactyl: z
    .object({
      ...shared,
      nestId: id, eggId: id, locationId: id,
      memory: count.optional(), swap: z.number().int().min(-1).optional(), disk: count.optional(), io: count.optional(), cpu: count.optional(),
      databases: count.optional(), allocations: count.optional(), backups: count.optional(),
      environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
      slotsVariable: text.optional(), dockerImage: text.optional(), startup: z.string().min(1).max(2000).optional(),
      dedicatedIp: z.boolean().optional(), portRange: list.optional(),
    })
    .strict(),
  synergycp: z
    .object({
      ...shared,
      memBilling: text.optional(), cpuBilling: text.optional(), diskBilling: list.optional(), addonsBilling: list.optional(),
      ipGroupBilling: text.optional(), osTemplate: text.optional(), ipsBilling: text.optional(), portSpeedBilling: text.optional(),
      maxBandwidth: text.optional(), pxeAccess: z.boolean().optional(), ipmiAccess: z.boolean().optional(), switchAccess: z.boolean().optional(),
    })
    .strict()
    // NOTE: without a hardware filter any free server would do, whatever the plan promises.
    .refine((c) => Boolean(c.memBilling || c.cpuBilling || c.diskBilling), { message: 'needs at least one hardware filter: memBilling, cpuBilling or diskBilling' }),
  enhance: z.object({ ...shared, planId: id, serverGroupId: text.optional(), phpVersion: text.optional() }).strict(),
  manual: z.record(z.string(), z.unknown()),
};

/** Keys a driver cannot create without. */
const REQUIRED: Partial<Record<DriverName, string[]>> = {
  virtfusion: ['packageId', 'hypervisorGroupId', 'osTemplateId'],
  pterodactyl: ['nestId', 'eggId', 'locationId'],
  enhance: ['planId'],
};

export type PanelConfigCheck = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** Parses a plan's panel mapping typed as JSON and checks it against what `driver` reads; the error names the key at fault. */
export function parsePanelConfig(driver: string, json: string): PanelConfigCheck {
  const schema = (PANEL_CONFIG_SCHEMAS as Record<string, z.ZodType<Record<string, unknown>> | undefined>)[driver];
  if (!schema) return { ok: false, error: `Choose the plan's driver first ("${driver}" is not one).` };
  let value: unknown;
  try {
    value = json.trim() === '' ? {} : JSON.parse(json);
  } catch (err) {
    return { ok: false, error: `Not valid JSON: ${(err as Error).message}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: 'The panel mapping must be a JSON object, e.g. {"packageId": 3}.' };
  const missing = (REQUIRED[driver as DriverName] ?? []).filter((key) => (value as Record<string, unknown>)[key] === undefined);
  if (missing.length > 0) return { ok: false, error: `The ${driver} mapping needs ${missing.map((k) => `"${k}"`).join(', ')}.` };
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    return { ok: false, error: `The ${driver} mapping does not use ${(issue as { keys: string[] }).keys.map((k) => `"${k}"`).join(', ')} (a typo?).` };
  }
  const where = issue?.path.length ? `"${issue.path.join('.')}"` : 'The mapping';
  return { ok: false, error: `${driver} mapping: ${where} ${issue?.message ?? 'is not valid'}.` };
}
