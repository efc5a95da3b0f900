import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { config } from '../../config/index.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import type { Ctx } from '../lib/context.js';
import { MailOutbox } from '../models/index.js';

export interface MailInput {
  to: string;
  toName?: string | null;
  userId?: number | null;
  /** Name under views/emails/: `<template>.hbs` (HTML) and `<template>.txt.hbs` (text). */
  template: string;
  subject: string;
  data: Record<string, unknown>;
  /** Business identity of this mail: a second call with the same key is a no-op. */
  dedupeKey: string;
}

const EMAILS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../views/emails');
const hbs = Handlebars.create();
const compiled = new Map<string, Promise<HandlebarsTemplateDelegate>>();

function template(file: string): Promise<HandlebarsTemplateDelegate> {
  let t = compiled.get(file);
  if (!t) {
    // NOTE: the text part is not HTML, so it is rendered without HTML escaping.
    t = fs.readFile(path.join(EMAILS_DIR, file), 'utf8').then((src) => hbs.compile(src, { noEscape: file.endsWith('.txt.hbs') }));
    compiled.set(file, t);
    t.catch(() => compiled.delete(file));
  }
  return t;
}

/** Renders a mail and writes it to the outbox in the caller's transaction; the worker delivers it after commit. */
export async function enqueueMail(input: MailInput, ctx: Ctx): Promise<{ queued: boolean }> {
  if (!/^[a-z0-9-]+$/.test(input.template)) throw new Error(`Invalid mail template name "${input.template}"`);
  const cfg = config();
  const data = { appName: cfg.appName, appUrl: cfg.appUrl, subject: input.subject, ...input.data };
  const [html, text] = await Promise.all([
    template(`${input.template}.hbs`).then((t) => t(data)),
    template(`${input.template}.txt.hbs`).then((t) => t(data)),
  ]);
  return inTransaction(ctx, async (transaction) => {
    const existing = await MailOutbox.findOne({ where: { dedupeKey: input.dedupeKey }, transaction });
    if (existing) return { queued: false };
    try {
      await MailOutbox.create(
        {
          toAddress: input.to,
          toName: input.toName ?? null,
          userId: input.userId ?? null,
          template: input.template,
          subject: input.subject,
          html,
          text,
          attachments: null,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: ctx.now,
          dedupeKey: input.dedupeKey,
          // NOTE: the template variables, kept for re-rendering and the back office (mail_outbox.context).
          context: data,
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
