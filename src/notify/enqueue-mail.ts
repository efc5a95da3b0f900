import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import type { Ctx } from '../lib/context.js';
import { MailOutbox, type MailAttachmentDescriptor } from '../models/index.js';
import { renderEmailTemplate } from './render-email-template.js';
import { templateEntry } from './template-catalog.js';

export interface MailInput {
  to: string;
  toName?: string | null;
  userId?: number | null;
  /** Name under views/emails/ (`<template>.hbs` + `.txt.hbs`), or a staff override with that key. */
  template: string;
  subject: string;
  data: Record<string, unknown>;
  /** Business identity of this mail (event + recipient): a second call with the same key is a no-op. */
  dedupeKey: string;
  /** Files resolved at delivery time (`{kind: 'invoice_pdf', invoiceId}`), never bytes in the row. */
  attachments?: MailAttachmentDescriptor[] | null;
  replyTo?: string | null;
  /** Message-ID the mail belongs to (References / In-Reply-To), so mail clients thread a conversation. */
  thread?: string | null;
}

/** Key of the mail's thread in `mail_outbox.context`, read by the delivery. */
export const THREAD_KEY = 'mailThread';

/**
 * Renders a mail and writes it to the outbox in the caller's transaction; the worker delivers it after commit.
 * A template staff disabled is skipped unless the catalog marks it essential.
 */
export async function enqueueMail(input: MailInput, ctx: Ctx): Promise<{ queued: boolean }> {
  return inTransaction(ctx, async (transaction) => {
    const existing = await MailOutbox.findOne({ where: { dedupeKey: input.dedupeKey }, attributes: ['id'], transaction });
    if (existing) return { queued: false };
    const rendered = await renderEmailTemplate(input.template, input.data, { subject: input.subject, transaction });
    if (!rendered.enabled && !templateEntry(input.template)?.essential) return { queued: false };
    try {
      await MailOutbox.create(
        {
          toAddress: input.to,
          toName: input.toName ?? null,
          replyTo: input.replyTo ?? null,
          userId: input.userId ?? null,
          template: input.template,
          subject: rendered.subject.slice(0, 255),
          html: rendered.html,
          text: rendered.text,
          attachments: input.attachments?.length ? input.attachments : null,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: ctx.now,
          dedupeKey: input.dedupeKey,
          // NOTE: the template variables, kept for re-rendering and the back office (mail_outbox.context).
          context: { ...input.data, subject: rendered.subject, ...(input.thread ? { [THREAD_KEY]: input.thread } : {}) },
        },
        { transaction },
      );
      return { queued: true };
    } catch (err) {
      // NOTE: a concurrent request inserted the same key between our read and write: same effect.
      if (isUniqueViolation(err)) return { queued: false };
      throw err;
    }
  });
}
