import type { Logger } from 'pino';
import { config } from '../../config/index.js';
import { clock } from '../lib/clock.js';
import { MailOutbox } from '../models/index.js';
import { THREAD_KEY } from './enqueue-mail.js';
import { resolveAttachments } from './mail-attachments.js';
import { isPermanentSmtpError, outboxMessageId, smtpTransport } from './mail-transport.js';
import { finishClaim, MAX_ATTEMPTS, nextAttemptAfter, type Claim, type OutboxTable } from './outbox-claim.js';

export const MAIL_TABLE: OutboxTable = { name: 'mail_outbox', busy: 'sending' };

/** Prefix of `mail_outbox.message_id` for mail kept in the database instead of sent (no SMTP_URL). */
export const CAPTURED_PREFIX = 'captured:';

/** True when a mail was captured (no SMTP configured): staff read it in the back office. */
export function isCapturedMail(mail: Pick<MailOutbox, 'messageId' | 'status'>): boolean {
  return mail.status === 'sent' && (mail.messageId ?? '').startsWith(CAPTURED_PREFIX);
}

export type MailOutcome = 'sent' | 'captured' | 'retry' | 'failed' | 'lost';

/**
 * Delivers one claimed mail: SMTP with both parts and its attachments, or capture when no SMTP is configured. A 5xx
 * answer or the last attempt marks it failed (with the error, for staff); other errors schedule a retry with backoff.
 */
export async function deliverMail(claim: Claim, log: Logger): Promise<MailOutcome> {
  const mail = await MailOutbox.findByPk(claim.id, { rejectOnEmpty: true });
  const messageId = outboxMessageId(mail.id, mail.dedupeKey);
  const transport = smtpTransport();
  if (!transport) {
    const done = await finishClaim(MAIL_TABLE, claim, clock.now(), { status: 'sent', columns: { sent_at: clock.now(), message_id: `${CAPTURED_PREFIX}${messageId}` } });
    return done ? 'captured' : 'lost';
  }
  try {
    const thread = typeof mail.context?.[THREAD_KEY] === 'string' ? (mail.context[THREAD_KEY] as string) : null;
    const attachments = await resolveAttachments(mail.attachments);
    const info = (await transport.sendMail({
      from: config().mail.from,
      to: mail.toName ? { name: mail.toName, address: mail.toAddress } : mail.toAddress,
      replyTo: mail.replyTo ?? undefined,
      subject: mail.subject,
      text: mail.text ?? '',
      html: mail.html ?? undefined,
      attachments,
      messageId,
      headers: {
        'X-Mail-Template': mail.template,
        ...(mail.template.startsWith('ticket-') ? {} : { 'Auto-Submitted': 'auto-generated' }),
        ...(thread ? { 'In-Reply-To': thread, References: thread } : {}),
      },
    })) as { messageId?: string };
    const done = await finishClaim(MAIL_TABLE, claim, clock.now(), { status: 'sent', columns: { sent_at: clock.now(), message_id: info.messageId ?? messageId } });
    return done ? 'sent' : 'lost';
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const permanent = isPermanentSmtpError(err) || claim.attempt >= MAX_ATTEMPTS;
    const now = clock.now();
    log.warn({ mailId: mail.id, attempt: claim.attempt, permanent, err: message }, 'mail delivery failed');
    await finishClaim(MAIL_TABLE, claim, now, permanent ? { status: 'failed', lastError: message } : { status: 'pending', lastError: message, nextAttemptAt: nextAttemptAfter(claim.attempt, now) });
    return permanent ? 'failed' : 'retry';
  }
}
