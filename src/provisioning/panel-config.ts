import { z } from 'zod';
import { parseJsonText } from '../lib/json-text.js';
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

/**
 * What an add-on adds to the mapping of the plans it is sold with: counts added to the plan's own (or to the driver's
 * default when the plan leaves it out). Pterodactyl backups, databases and allocations apply when the server is created
 * and at each change; VirtFusion IPv4 addresses when the server is created. Memory, disk and cores are config options.
 */
export const ADDON_PANEL_CONFIG_SCHEMA = z.object({ backups: count.optional(), databases: count.optional(), allocations: count.optional(), ipv4: count.optional() }).strict();

/** The counts Pterodactyl and VirtFusion use when a plan's mapping leaves them out. */
export const PTERODACTYL_COUNT_DEFAULTS = { databases: 0, allocations: 1, backups: 0 } as const;
export const VIRTFUSION_COUNT_DEFAULTS = { ipv4: 1 } as const;
export const PANEL_COUNT_DEFAULTS: Partial<Record<DriverName, Readonly<Record<string, number>>>> = { pterodactyl: PTERODACTYL_COUNT_DEFAULTS, virtfusion: VIRTFUSION_COUNT_DEFAULTS };

export type PanelConfigCheck = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** A JSON object typed by staff, or the reason it is not one. */
function parseObject(json: string, example: string): PanelConfigCheck {
  const parsed = parseJsonText(json, {});
  if (!parsed.ok) return parsed;
  const { value } = parsed;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: `The panel mapping must be a JSON object, e.g. ${example}.` };
  return { ok: true, value: value as Record<string, unknown> };
}

/** The object checked against `schema`; the error names the key at fault (`what`: whose mapping it is). */
function checkAgainst(schema: z.ZodType<Record<string, unknown>>, value: Record<string, unknown>, what: string): PanelConfigCheck {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    return { ok: false, error: `The ${what} mapping does not use ${(issue as { keys: string[] }).keys.map((k) => `"${k}"`).join(', ')} (a typo?).` };
  }
  const where = issue?.path.length ? `"${issue.path.join('.')}"` : 'The mapping';
  return { ok: false, error: `${what} mapping: ${where} ${issue?.message ?? 'is not valid'}.` };
}

/** Parses a plan's panel mapping typed as JSON and checks it against what `driver` reads; the error names the key at fault. */
export function parsePanelConfig(driver: string, json: string): PanelConfigCheck {
  const schema = (PANEL_CONFIG_SCHEMAS as Record<string, z.ZodType<Record<string, unknown>> | undefined>)[driver];
  if (!schema) return { ok: false, error: `Choose the plan's driver first ("${driver}" is not one).` };
  const object = parseObject(json, '{"packageId": 3}');
  if (!object.ok) return object;
  const missing = (REQUIRED[driver as DriverName] ?? []).filter((key) => object.value[key] === undefined);
  if (missing.length > 0) return { ok: false, error: `The ${driver} mapping needs ${missing.map((k) => `"${k}"`).join(', ')}.` };
  return checkAgainst(schema, object.value, driver);
}

/** Parses an add-on's panel settings typed as JSON (see ADDON_PANEL_CONFIG_SCHEMA). */
export function parseAddonPanelConfig(json: string): PanelConfigCheck {
  const object = parseObject(json, '{"backups": 2}');
  return object.ok ? checkAgainst(ADDON_PANEL_CONFIG_SCHEMA, object.value, 'add-on') : object;
}
