import crypto from 'node:crypto';
import type { AddressObject, ParsedMail } from 'mailparser';
import { htmlToText } from '../../notify/email-views.js';
import { checkUploads, MAX_FILES_PER_REPLY, type CheckedUpload, type Upload } from '../attachments/check-uploads.js';

/** Every address of a header value (groups included). */
export const addresses = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((o) => o.value.flatMap((a) => [a.address ?? '', ...(a.group ?? []).map((g) => g.address ?? '')]));

export function headerText(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name);
  if (Array.isArray(value)) return value.map(String).join(',');
  if (value && typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return value ? String(value) : '';
}

/** Out-of-office answers and other robots (RFC 3834, common vendor headers) must not open or reopen tickets, or loop. */
export function isAutoReply(mail: ParsedMail): boolean {
  const auto = headerText(mail, 'auto-submitted').toLowerCase();
  const precedence = headerText(mail, 'precedence').toLowerCase();
  return (auto !== '' && auto !== 'no') || ['bulk', 'junk', 'auto_reply', 'list'].includes(precedence) || mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond');
}

/** The recipients of the email, lower-case bare addresses: To, Cc, Delivered-To, X-Original-To. */
export function recipients(mail: ParsedMail): string[] {
  const listed = [...addresses(mail.to), ...addresses(mail.cc), ...['delivered-to', 'x-original-to'].flatMap((h) => headerText(mail, h).split(','))];
  return listed.map((a) => a.replace(/^.*</, '').replace(/>.*$/, '').trim().toLowerCase()).filter(Boolean);
}

/** The sender's bare address, lower case. */
export function senderOf(mail: ParsedMail): string {
  return (mail.from?.value[0]?.address ?? '').trim().toLowerCase();
}

/** The email's Message-ID, or a digest of its bytes when it has none (so a redelivery is still recognised). */
export function messageIdOf(mail: ParsedMail, raw: Buffer): string {
  return (mail.messageId ?? `<sha256.${crypto.createHash('sha256').update(raw).digest('hex')}@inbound>`).slice(0, 255);
}

/** The plain text of the email (its HTML part turned into text when there is no text part). */
export function textOf(mail: ParsedMail): string {
  return mail.text ?? (mail.html ? htmlToText(mail.html) : '');
}

/** Files of the email that pass the upload checks; the others are named so the message can say so. */
export async function acceptedFiles(mail: ParsedMail): Promise<{ files: Upload[]; rejected: string[] }> {
  const files: Upload[] = [];
  const rejected: string[] = [];
  for (const a of mail.attachments) {
    const upload = { filename: a.filename ?? 'attachment', bytes: a.content };
    if (files.length >= MAX_FILES_PER_REPLY) {
      rejected.push(upload.filename);
      continue;
    }
    const ok: CheckedUpload[] | null = await checkUploads([upload]).catch(() => null);
    if (ok) files.push(upload);
    else rejected.push(upload.filename);
  }
  return { files, rejected };
}

/** The body with a line naming the files that were left out, if any. */
export function withRejectedNote(body: string, rejected: string[]): string {
  if (!rejected.length) return body;
  return `${body}\n\n(Not attached: ${rejected.join(', ')}. Only images, PDF, ZIP and text files up to the size limit are accepted.)`.trim();
}
