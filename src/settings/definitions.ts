import { z } from 'zod';
import { config } from '../../config/index.js';
import { CURRENCY_CODES, PLAN_TYPES, type SettingType } from '../models/enums.js';

/** Settings staff change at run time (System configuration). Secrets of the deployment itself stay in the environment. */
export const SETTING_GROUPS = ['billing', 'dunning', 'suspension', 'bandwidth', 'support', 'discord', 'panels', 'payments', 'fraud', 'site'] as const;
export type SettingGroup = (typeof SETTING_GROUPS)[number];

export interface SettingDefinition<T> {
  type: SettingType;
  schema: z.ZodType<T>;
  /** The value while none is stored; read each time, so environment values (config()) stay current. */
  default: () => T;
  description: string;
  group: SettingGroup;
  /** Encrypted at rest (`encryptSecret`), never listed, masked in the audit log. */
  secret: boolean;
}

function define<T>(d: {
  type: SettingType;
  schema: z.ZodType<T>;
  default: NoInfer<T> | (() => NoInfer<T>);
  description: string;
  group: SettingGroup;
  secret?: boolean;
}): SettingDefinition<T> {
  const fallback = d.default;
  return {
    type: d.type,
    schema: d.schema,
    default: typeof fallback === 'function' ? (fallback as () => T) : () => structuredClone(fallback),
    description: d.description,
    group: d.group,
    secret: d.secret ?? d.type === 'secret',
  };
}

const days = (max: number) => z.number().int().min(0).max(max);
const numberFormat = z.string().min(1).max(64).regex(/\{SEQ(:\d{1,2})?\}/, 'must contain {SEQ} or {SEQ:n}');
const optionalUrl = z.url().max(500).nullable();
const secret = z.string().min(1).max(2000).nullable();
const minorPerCurrency = z.object(Object.fromEntries(CURRENCY_CODES.map((c) => [c, z.number().int().min(0)])) as Record<(typeof CURRENCY_CODES)[number], z.ZodNumber>).strict();
const perCurrency = (amount: number) => Object.fromEntries(CURRENCY_CODES.map((c) => [c, amount])) as z.infer<typeof minorPerCurrency>;

const seller = z
  .object({
    name: z.string().min(1).max(191),
    addressLines: z.array(z.string().max(191)).max(6),
    taxId: z.string().max(64).nullable(),
    country: z.string().regex(/^[A-Z]{2}$/),
    email: z.email().nullable(),
  })
  .strict();

const bankTransfer = z
  .object({
    enabled: z.boolean(),
    accountHolder: z.string().max(191),
    bankName: z.string().max(191),
    iban: z.string().max(34),
    bic: z.string().max(11),
    accountNumber: z.string().max(34),
    routingNumber: z.string().max(34),
    instructions: z.string().max(2000),
  })
  .strict()
  .refine((b) => !b.enabled || (b.accountHolder !== '' && (b.iban !== '' || b.accountNumber !== '')), {
    message: 'enabled bank transfer needs an account holder and an IBAN or account number',
  });

export const DISCORD_CHANNELS = ['orders', 'payments', 'provisioning', 'support', 'bandwidth', 'system'] as const;
export type DiscordChannel = (typeof DISCORD_CHANNELS)[number];

const discordUrl = (channel: DiscordChannel) =>
  define({
    type: 'secret',
    schema: secret.refine((v) => v === null || /^https:\/\//.test(v), 'must be an https:// webhook URL'),
    default: () => config().discordWebhookUrl ?? null,
    description: `Discord webhook for #${channel} (default: DISCORD_WEBHOOK_URL; empty = not posted)`,
    group: 'discord',
  });

const panelUrl = (get: () => string | undefined, what: string) =>
  define({ type: 'string', schema: optionalUrl, default: () => get() ?? null, description: `${what} (default from the environment)`, group: 'panels' });
const panelSecret = (get: () => string | undefined, what: string) =>
  define({ type: 'secret', schema: secret, default: () => get() ?? null, description: `${what} (default from the environment)`, group: 'panels' });

const panels = () => config().panels;

export const SETTINGS = {
  'billing.renewal_lead_days': define({ type: 'int', schema: days(60), default: 7, description: 'Days before a period ends that its renewal invoice is issued', group: 'billing' }),
  'billing.invoice_number_format': define({ type: 'string', schema: numberFormat, default: 'INV-{YYYY}-{SEQ:6}', description: 'Invoice numbers: {YYYY} {YY} {MM} {DD} {SEQ:n}', group: 'billing' }),
  'billing.credit_note_number_format': define({ type: 'string', schema: numberFormat, default: 'CN-{YYYY}-{SEQ:6}', description: 'Credit note numbers', group: 'billing' }),
  'billing.payment_terms_days': define({ type: 'int', schema: days(90), default: 7, description: 'Days from issue to due date for invoices not tied to a renewal', group: 'billing' }),
  'billing.tax_mode': define({ type: 'string', schema: z.enum(['exclusive', 'inclusive']), default: 'exclusive', description: 'Whether plan prices exclude or include tax', group: 'billing' }),
  'billing.downgrade_timing': define({ type: 'string', schema: z.enum(['period_end', 'immediate']), default: 'period_end', description: 'When a downgrade takes effect', group: 'billing' }),
  'billing.seller': define({
    type: 'json',
    schema: seller,
    default: () => ({ name: config().appName, addressLines: [], taxId: null, country: 'US', email: null }),
    description: 'Seller identity printed on invoices and credit notes',
    group: 'billing',
  }),
  'billing.invoice_footer': define({ type: 'string', schema: z.string().max(1000), default: '', description: 'Text printed at the foot of invoices', group: 'billing' }),

  'dunning.retry_days': define({
    type: 'json',
    schema: z
      .array(z.number().int().min(1).max(60))
      .min(1)
      .max(10)
      .refine((d) => d.every((v, i) => i === 0 || v > (d[i - 1] as number)), 'must be strictly increasing'),
    default: [1, 3, 5, 7],
    description: 'Days after the due date on which a failed payment is retried',
    group: 'dunning',
  }),
  // NOTE: 64 calls at once keep 200+ charges/s at 50 ms a call; lower it when the gateway's own rate limit
  // (Stripe live mode: about 100 requests/s) answers 429s, which the client retries with backoff.
  'dunning.gateway_concurrency': define({
    type: 'int',
    schema: z.number().int().min(1).max(128),
    default: 64,
    description: 'Renewal charges sent to the payment gateway at the same time by dunning:run',
    group: 'dunning',
  }),

  // NOTE: suspension after 5 days: three retries (days 1, 3, 5) and their reminder mails have gone out by then.
  'suspension.suspend_after_days': define({ type: 'int', schema: days(90), default: 5, description: 'Days overdue before services are suspended', group: 'suspension' }),
  'suspension.terminate_after_days': define({ type: 'int', schema: days(365), default: 30, description: 'Days overdue before suspended services are terminated', group: 'suspension' }),

  'bandwidth.overage_rates': define({
    type: 'json',
    schema: z.object(Object.fromEntries(PLAN_TYPES.map((p) => [p, minorPerCurrency])) as Record<(typeof PLAN_TYPES)[number], typeof minorPerCurrency>).strict(),
    default: () => Object.fromEntries(PLAN_TYPES.map((p) => [p, perCurrency(1)])) as Record<(typeof PLAN_TYPES)[number], z.infer<typeof minorPerCurrency>>,
    description: 'Overage price in minor units per GB, by service type and currency',
    group: 'bandwidth',
  }),
  'bandwidth.alert_thresholds': define({
    type: 'json',
    schema: z.array(z.number().int().min(1).max(1000)).min(1).max(10),
    default: [75, 90, 100],
    description: 'Quota percentages at which the customer is warned',
    group: 'bandwidth',
  }),
  'bandwidth.elastiflow_url': define({ type: 'string', schema: optionalUrl, default: () => config().elastiflow.url ?? null, description: 'ElastiFlow API URL', group: 'bandwidth' }),
  'bandwidth.elastiflow_username': define({ type: 'string', schema: z.string().max(191).nullable(), default: () => config().elastiflow.username ?? null, description: 'ElastiFlow user', group: 'bandwidth' }),
  'bandwidth.elastiflow_password': define({ type: 'secret', schema: secret, default: () => config().elastiflow.password ?? null, description: 'ElastiFlow password', group: 'bandwidth' }),

  'support.ticket_number_format': define({ type: 'string', schema: numberFormat, default: 'T-{SEQ:6}', description: 'Ticket numbers', group: 'support' }),
  'support.auto_close_days': define({ type: 'int', schema: days(90), default: 7, description: 'Days a ticket awaiting the customer stays open (0 = never auto-close)', group: 'support' }),
  'support.max_attachment_mb': define({ type: 'int', schema: z.number().int().min(1).max(50), default: 10, description: 'Largest attachment accepted, in MB', group: 'support' }),

  'discord.webhook_url.orders': discordUrl('orders'),
  'discord.webhook_url.payments': discordUrl('payments'),
  'discord.webhook_url.provisioning': discordUrl('provisioning'),
  'discord.webhook_url.support': discordUrl('support'),
  'discord.webhook_url.bandwidth': discordUrl('bandwidth'),
  'discord.webhook_url.system': discordUrl('system'),

  'panels.virtfusion.url': panelUrl(() => panels().virtfusion.url, 'VirtFusion URL'),
  'panels.virtfusion.token': panelSecret(() => panels().virtfusion.token, 'VirtFusion API token'),
  'panels.pterodactyl.url': panelUrl(() => panels().pterodactyl.url, 'Pterodactyl URL'),
  'panels.pterodactyl.app_key': panelSecret(() => panels().pterodactyl.appKey, 'Pterodactyl application API key'),
  'panels.pterodactyl.client_key': panelSecret(() => panels().pterodactyl.clientKey, 'Pterodactyl client API key'),
  'panels.synergycp.url': panelUrl(() => panels().synergycp.url, 'SynergyCP URL'),
  'panels.synergycp.key': panelSecret(() => panels().synergycp.key, 'SynergyCP API key'),
  'panels.enhance.url': panelUrl(() => panels().enhance.url, 'Enhance URL'),
  'panels.enhance.token': panelSecret(() => panels().enhance.token, 'Enhance API token'),
  'panels.enhance.org_id': define({ type: 'string', schema: z.string().max(100).nullable(), default: () => panels().enhance.orgId ?? null, description: 'Enhance organisation id', group: 'panels' }),

  'payments.bank_transfer': define({
    type: 'json',
    schema: bankTransfer,
    default: { enabled: false, accountHolder: '', bankName: '', iban: '', bic: '', accountNumber: '', routingNumber: '', instructions: '' },
    description: 'Bank transfer details shown on unpaid invoices',
    group: 'payments',
  }),

  'fraud.max_orders_per_ip_per_day': define({ type: 'int', schema: z.number().int().min(1).max(1000), default: 5, description: 'Orders from one IP per day before more go to review', group: 'fraud' }),
  'fraud.max_signups_per_ip_per_day': define({ type: 'int', schema: z.number().int().min(1).max(1000), default: 3, description: 'Sign-ups from one IP per day before more are refused', group: 'fraud' }),
  'fraud.review_order_total_minor': define({ type: 'json', schema: minorPerCurrency, default: () => perCurrency(50_000), description: 'Order totals (minor units) above which an order waits for review', group: 'fraud' }),
  'fraud.review_first_dedicated_order': define({ type: 'bool', schema: z.boolean(), default: true, description: "A new customer's first dedicated-server order waits for review", group: 'fraud' }),
  'fraud.review_countries': define({
    type: 'json',
    schema: z.array(z.string().regex(/^[A-Z]{2}$/)).max(250),
    default: [],
    description: 'Countries (ISO codes, billing or IP) whose orders wait for review',
    group: 'fraud',
  }),

  'site.trust.uptime_percent': define({ type: 'string', schema: z.string().regex(/^\d{1,3}(\.\d{1,3})?$/), default: '99.9', description: 'Uptime shown on the home page (%)', group: 'site' }),
  'site.trust.customers_text': define({ type: 'string', schema: z.string().min(1).max(64), default: '1,000+', description: 'Customer count shown on the home page', group: 'site' }),
  'site.trust.years_in_business': define({ type: 'int', schema: z.number().int().min(0).max(200), default: 5, description: 'Years in business shown on the home page', group: 'site' }),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K] extends SettingDefinition<infer T> ? T : never;

export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTINGS, key);
}

/** The definition of `key` (loosely typed, for code that walks every setting). */
export function settingDefinition(key: SettingKey): SettingDefinition<unknown> {
  return SETTINGS[key] as SettingDefinition<unknown>;
}
