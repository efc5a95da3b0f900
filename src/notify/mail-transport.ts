import crypto from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '../../config/index.js';

let cached: { url: string; transport: Transporter } | undefined;

/** The nodemailer transport of SMTP_URL (one pooled-free transport per URL), or null when no SMTP is configured. */
export function smtpTransport(): Transporter | null {
  const url = config().mail.smtpUrl;
  if (!url) return null;
  if (cached?.url !== url) {
    cached?.transport.close();
    cached = { url, transport: nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }) };
  }
  return cached.transport;
}

/** Closes the cached transport (shutdown, tests switching SMTP_URL). */
export function closeSmtpTransport(): void {
  cached?.transport.close();
  cached = undefined;
}

/** The address part of MAIL_FROM ("EZSCALE <billing@ezscale.cloud>" -> billing@ezscale.cloud). */
export function fromAddress(): string {
  const from = config().mail.from;
  return (/<([^>]+)>/.exec(from)?.[1] ?? from).trim().toLowerCase();
}

/** The domain our Message-IDs and reply addresses use: MAIL_FROM's, else APP_URL's host. */
export function mailDomain(): string {
  const domain = fromAddress().split('@')[1];
  return domain || new URL(config().appUrl).hostname;
}

/** A stable Message-ID for an outbox row: a retry after an unclear failure sends the same id (receivers drop repeats). */
export function outboxMessageId(rowId: number, dedupeKey: string): string {
  const hash = crypto.createHash('sha256').update(dedupeKey).digest('hex').slice(0, 16);
  return `<mail.${rowId}.${hash}@${mailDomain()}>`;
}

/** True for an SMTP answer that will not change on retry (5xx: unknown user, rejected content). */
export function isPermanentSmtpError(err: unknown): boolean {
  const code = Number((err as { responseCode?: unknown }).responseCode);
  return Number.isInteger(code) && code >= 500 && code < 600;
}
