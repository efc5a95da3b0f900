import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { config, setConfig, type Config } from '../../../config/index.js';
import type { JobResult } from '../../../src/jobs/job.js';
import { systemCtx, type Ctx } from '../../../src/lib/context.js';
import { logger } from '../../../src/lib/logger.js';
import { deliverDueMail } from '../../../src/notify/deliver-due-mail.js';
import { deliverDueOutbox } from '../../../src/notify/deliver-due-outbox.js';
import { closeSmtpTransport } from '../../../src/notify/mail-transport.js';
import { clearSettingsCache } from '../../../src/settings/index.js';

let original: Config | undefined;
/** Temporary DATA_DIRs given to useConfig, removed by restoreConfig. */
const tempDirs = new Set<string>();

/** Points the app at fakes for this test file (SMTP_URL, DISCORD_WEBHOOK_URL ...); `restoreConfig` undoes it. */
export function useConfig(changes: { smtpUrl?: string | undefined; discordWebhookUrl?: string | undefined; dataDir?: string }): void {
  original ??= config();
  const current = config();
  if (changes.dataDir?.startsWith(path.join(os.tmpdir(), 'ezscale-'))) tempDirs.add(changes.dataDir);
  setConfig({
    ...current,
    ...('dataDir' in changes ? { dataDir: changes.dataDir! } : {}),
    ...('discordWebhookUrl' in changes ? { discordWebhookUrl: changes.discordWebhookUrl } : {}),
    mail: { ...current.mail, ...('smtpUrl' in changes ? { smtpUrl: changes.smtpUrl } : {}) },
  });
  closeSmtpTransport();
  clearSettingsCache();
}

export function restoreConfig(): void {
  if (original) setConfig(original);
  original = undefined;
  closeSmtpTransport();
  clearSettingsCache();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** One run of the `mail:deliver` work (as the job does, without its lock). */
export function runMailDelivery(): Promise<JobResult> {
  return deliverDueMail(logger(), { maxRunMs: 20_000 });
}

/** One run of the `outbox:deliver` work. */
export function runOutboxDelivery(ctx: Ctx = systemCtx()): Promise<JobResult> {
  return deliverDueOutbox(ctx, logger(), { maxRunMs: 20_000 });
}

export const MINUTE = 60_000;
