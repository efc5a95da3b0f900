import { REPLY_MARKER } from '../../notify/event-data.js';

/** Lines where quoted history starts in common mail clients (Gmail, Apple Mail, Outlook, Thunderbird; en/fr/de/es/nl). */
const HISTORY_STARTS: RegExp[] = [
  /^On\b[\s\S]{0,300}\bwrote:\s*$/i,
  /^Le\b[\s\S]{0,300}\ba écrit\s?:\s*$/i,
  /^Am\b[\s\S]{0,300}\bschrieb\b[\s\S]{0,200}:\s*$/i,
  /^El\b[\s\S]{0,300}\bescribió:\s*$/i,
  /^Op\b[\s\S]{0,300}\bschreef\b[\s\S]{0,200}:\s*$/i,
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
];

const marker = REPLY_MARKER.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MARKER_LINE = new RegExp(`^[>\\s]*${marker}`);

/**
 * The new part of an emailed reply: everything above our reply marker or the first line where a mail client starts
 * quoting, without trailing `>` lines and the signature (`-- `).
 */
export function stripQuotedText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // NOTE: clients wrap long "On <date>, <name> <address> wrote:" lines, so two joined lines are tried too.
    const joined = `${line} ${lines[i + 1] ?? ''}`.trim();
    const outlookHeader = /^From:\s/i.test(line) && /^(Sent|Date|To|Envoyé|Gesendet):/i.test(lines[i + 1] ?? '');
    if (MARKER_LINE.test(line) || outlookHeader || HISTORY_STARTS.some((re) => re.test(line) || (/^(On|Le|Am|El|Op)\b/i.test(line) && re.test(joined)))) {
      end = i;
      break;
    }
  }
  const kept = lines.slice(0, end);
  const signature = kept.findIndex((l) => l === '-- ' || l === '--');
  const body = signature >= 0 ? kept.slice(0, signature) : kept;
  while (body.length && (body[body.length - 1]!.trim() === '' || body[body.length - 1]!.startsWith('>'))) body.pop();
  return body.join('\n').trim();
}
