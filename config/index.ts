import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';

/** Typed configuration: defaults per environment < environment variables, validated once at boot. */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalUrl = z.url().optional();
const optionalString = z.string().min(1).optional();

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  APP_URL: z.url().default('http://localhost:3000'),
  APP_NAME: z.string().default('EZSCALE'),
  APP_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  TRUST_PROXY: z.string().default('loopback'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: optionalUrl,
  MARKETING_HOST: optionalString,
  ACCOUNT_HOST: optionalString,
  ADMIN_HOST: optionalString,
  ADMIN_EMAIL: z.email().default('admin@ezscale.local'),
  ADMIN_PASSWORD: z.string().min(12, 'ADMIN_PASSWORD must be at least 12 characters').optional(),
  RUN_WORKER_IN_WEB: bool.optional(),
  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().default('EZSCALE <billing@ezscale.cloud>'),
  BASE_CURRENCY: z.enum(['USD', 'EUR', 'GBP']).default('USD'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(1440).default(120),
  SITE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).optional(),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_PUBLISHABLE_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_API_BASE: optionalUrl,
  PAYPAL_CLIENT_ID: optionalString,
  PAYPAL_CLIENT_SECRET: optionalString,
  PAYPAL_WEBHOOK_ID: optionalString,
  PAYPAL_ENVIRONMENT: z.enum(['sandbox', 'production']).default('sandbox'),
  PAYPAL_API_BASE: optionalUrl,
  VIRTFUSION_URL: optionalUrl,
  VIRTFUSION_TOKEN: optionalString,
  PTERODACTYL_URL: optionalUrl,
  PTERODACTYL_APP_KEY: optionalString,
  PTERODACTYL_CLIENT_KEY: optionalString,
  SYNERGYCP_URL: optionalUrl,
  SYNERGYCP_KEY: optionalString,
  ENHANCE_URL: optionalUrl,
  ENHANCE_TOKEN: optionalString,
  ENHANCE_ORG_ID: optionalString,
  ELASTIFLOW_URL: optionalUrl,
  ELASTIFLOW_USERNAME: optionalString,
  ELASTIFLOW_PASSWORD: optionalString,
  DISCORD_WEBHOOK_URL: optionalUrl,
  CF_ACCESS_TEAM_DOMAIN: optionalString,
  CF_ACCESS_AUD: optionalString,
});

export type Env = z.infer<typeof schema>;

export interface Config {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  isTest: boolean;
  port: number;
  host: string;
  appUrl: string;
  appName: string;
  /** 32-byte key for AES-256-GCM secrets at rest and for deriving session/CSRF secrets. */
  appKey: Buffer;
  logLevel: NonNullable<Env['LOG_LEVEL']>;
  trustProxy: string;
  dataDir: string;
  database: { url: string; dialect: 'sqlite' | 'mysql' | 'mariadb'; storage?: string; poolMax: number };
  redisUrl?: string;
  hosts: { marketing?: string; account?: string; admin?: string };
  admin: { email: string; password?: string };
  runWorkerInWeb: boolean;
  mail: { smtpUrl?: string; from: string };
  baseCurrency: Env['BASE_CURRENCY'];
  sessionIdleMinutes: number;
  /** Seconds the marketing site keeps a rendered public page in memory for visitors without a session (0 = off). */
  siteCacheSeconds: number;
  stripe: { secretKey?: string; publishableKey?: string; webhookSecret?: string; apiBase?: string };
  paypal: { clientId?: string; clientSecret?: string; webhookId?: string; environment: Env['PAYPAL_ENVIRONMENT']; apiBase?: string };
  panels: {
    virtfusion: { url?: string; token?: string };
    pterodactyl: { url?: string; appKey?: string; clientKey?: string };
    synergycp: { url?: string; key?: string };
    enhance: { url?: string; token?: string; orgId?: string };
  };
  elastiflow: { url?: string; username?: string; password?: string };
  discordWebhookUrl?: string;
  cfAccess: { teamDomain?: string; aud?: string };
}

export class ConfigError extends Error {}

function parseDatabase(url: string | undefined, dataDir: string, env: Env['NODE_ENV'], poolMax: number): Config['database'] {
  if (!url) {
    // NOTE: each test process gets its own file so parallel runs never share a database.
    const storage = path.resolve(dataDir, env === 'test' ? `test-${process.pid}.sqlite` : 'ezscale.sqlite');
    return { url: `sqlite:${storage}`, dialect: 'sqlite', storage, poolMax };
  }
  if (url.startsWith('sqlite:')) {
    const storage = url.slice('sqlite:'.length).replace(/^\/\//, '');
    return { url, dialect: 'sqlite', storage: storage === ':memory:' ? storage : path.resolve(storage), poolMax };
  }
  const proto = url.split(':')[0];
  if (proto === 'mysql' || proto === 'mariadb') return { url, dialect: proto, poolMax };
  throw new ConfigError(`DATABASE_URL: unsupported scheme "${proto}" (use mysql://, mariadb:// or sqlite:)`);
}

/** Outside production a key is generated once and kept under DATA_DIR so `npm start` needs no setup. */
function resolveAppKey(raw: string | undefined, env: Env['NODE_ENV'], dataDir: string): Buffer {
  if (raw) {
    const value = raw.startsWith('base64:') ? Buffer.from(raw.slice(7), 'base64') : Buffer.from(raw, 'hex');
    if (value.length !== 32) throw new ConfigError('APP_KEY: must be 32 bytes, as 64 hex characters or "base64:..."');
    return value;
  }
  if (env === 'production') throw new ConfigError('APP_KEY: required in production (64 hex characters)');
  if (env === 'test') return crypto.createHash('sha256').update('ezscale-test-key').digest();
  const file = path.resolve(dataDir, '.app-key');
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}

/** Builds the configuration from an environment; throws ConfigError naming the bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    isTest: e.NODE_ENV === 'test',
    port: e.PORT,
    host: e.HOST,
    appUrl: e.APP_URL.replace(/\/$/, ''),
    appName: e.APP_NAME,
    appKey: resolveAppKey(e.APP_KEY, e.NODE_ENV, dataDir),
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    trustProxy: e.TRUST_PROXY,
    dataDir,
    database: parseDatabase(e.DATABASE_URL, dataDir, e.NODE_ENV, e.DATABASE_POOL_MAX),
    redisUrl: e.REDIS_URL,
    hosts: { marketing: e.MARKETING_HOST, account: e.ACCOUNT_HOST, admin: e.ADMIN_HOST },
    admin: { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD },
    runWorkerInWeb: e.RUN_WORKER_IN_WEB ?? false,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    baseCurrency: e.BASE_CURRENCY,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    siteCacheSeconds: e.SITE_CACHE_SECONDS ?? (e.NODE_ENV === 'production' ? 10 : 0),
    stripe: { secretKey: e.STRIPE_SECRET_KEY, publishableKey: e.STRIPE_PUBLISHABLE_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, apiBase: e.STRIPE_API_BASE },
    paypal: { clientId: e.PAYPAL_CLIENT_ID, clientSecret: e.PAYPAL_CLIENT_SECRET, webhookId: e.PAYPAL_WEBHOOK_ID, environment: e.PAYPAL_ENVIRONMENT, apiBase: e.PAYPAL_API_BASE },
    panels: {
      virtfusion: { url: e.VIRTFUSION_URL, token: e.VIRTFUSION_TOKEN },
      pterodactyl: { url: e.PTERODACTYL_URL, appKey: e.PTERODACTYL_APP_KEY, clientKey: e.PTERODACTYL_CLIENT_KEY },
      synergycp: { url: e.SYNERGYCP_URL, key: e.SYNERGYCP_KEY },
      enhance: { url: e.ENHANCE_URL, token: e.ENHANCE_TOKEN, orgId: e.ENHANCE_ORG_ID },
    },
    elastiflow: { url: e.ELASTIFLOW_URL, username: e.ELASTIFLOW_USERNAME, password: e.ELASTIFLOW_PASSWORD },
    discordWebhookUrl: e.DISCORD_WEBHOOK_URL,
    cfAccess: { teamDomain: e.CF_ACCESS_TEAM_DOMAIN, aud: e.CF_ACCESS_AUD },
  };
}

let current: Config | undefined;

/** The process-wide configuration, loaded on first use. */
export function config(): Config {
  current ??= loadConfig();
  return current;
}

/** Replaces the process-wide configuration (tests pointing clients at fakes). */
export function setConfig(next: Config): void {
  current = next;
}
