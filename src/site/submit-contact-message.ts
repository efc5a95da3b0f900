import { z } from 'zod';
import type { Ctx } from '../lib/context.js';
import { ValidationError } from '../lib/errors.js';
import { ContactMessage } from '../models/contact-message.js';

/** The contact form as the visitor sends it; `website` is the honeypot a person never fills in. */
export const contactInput = z.object({
  name: z.string().trim().min(1, 'Tell us your name.').max(100, 'Use at most 100 characters.'),
  email: z.string().trim().min(1, 'Enter your email address.').max(191).email('Enter a valid email address, like you@example.com.'),
  subject: z.string().trim().max(191, 'Use at most 191 characters.').optional().default(''),
  message: z.string().trim().min(10, 'Write a message of at least 10 characters.').max(10_000, 'Use at most 10,000 characters.'),
  website: z.string().optional().default(''),
});
export type ContactInput = z.input<typeof contactInput>;

/** Field name -> first error message, for the form. */
export type ContactErrors = Partial<Record<'name' | 'email' | 'subject' | 'message', string>>;

export class ContactValidationError extends ValidationError {
  constructor(readonly fields: ContactErrors) {
    super('contact_message_invalid', 'Please correct the highlighted fields.');
  }
}

/** Stores a contact-form message (status "new"); a filled honeypot is dropped silently and returns null. */
export async function submitContactMessage(input: ContactInput, ctx: Ctx): Promise<ContactMessage | null> {
  const parsed = contactInput.safeParse(input);
  if (!parsed.success) {
    const fields: ContactErrors = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as keyof ContactErrors;
      fields[key] ??= issue.message;
    }
    throw new ContactValidationError(fields);
  }
  // NOTE: bots fill every field; we answer them as if it worked so they do not adapt.
  if (parsed.data.website.trim() !== '') return null;
  return ContactMessage.create(
    {
      name: parsed.data.name,
      email: parsed.data.email,
      subject: parsed.data.subject || null,
      message: parsed.data.message,
      ip: ctx.actor.ip?.slice(0, 64) ?? null,
      userAgent: ctx.actor.userAgent?.slice(0, 255) ?? null,
    },
    { transaction: ctx.transaction },
  );
}
