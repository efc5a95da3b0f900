import type { CurrencyCode } from '../money.js';

/** A party printed on a document: name, address lines, contact and tax identity. */
export interface PdfParty {
  readonly name: string;
  readonly lines: readonly string[];
  readonly email?: string | null;
  readonly taxId?: string | null;
  /** Extra identifiers (company registration, bank details), one per line. */
  readonly extra?: readonly string[];
}

/** A line of the document's item table. */
export interface PdfLine {
  readonly description: string;
  /** Service period, e.g. "2025-01-31 – 2025-02-28". */
  readonly detail?: string | null;
  readonly quantity: number;
  readonly unitMinor: number;
  readonly taxRateBp: number | null;
  readonly amountMinor: number;
}

/** A row of the tax breakdown. */
export interface PdfTax {
  readonly name: string;
  readonly rateBp: number;
  readonly taxableMinor: number;
  readonly taxMinor: number;
}

/** A money movement listed under the totals (payments, credit applied, refunds, credit notes). */
export interface PdfMovement {
  readonly date: Date;
  readonly description: string;
  /** Positive = reduces what is owed. */
  readonly amountMinor: number;
}

/** Stamp printed across the header. */
export type PdfStamp = 'PAID' | 'UNPAID' | 'OVERDUE' | 'VOID' | 'UNCOLLECTIBLE' | 'REFUNDED' | 'DRAFT' | 'CREDIT NOTE';

/** Everything a rendered invoice or credit note shows; built from the database, drawn by `drawDocument`. */
export interface DocumentView {
  readonly title: 'Invoice' | 'Credit note';
  readonly number: string;
  readonly stamp: PdfStamp;
  readonly currency: CurrencyCode;
  /** Label/value pairs shown under the number: issue date, due date, period, related invoice... */
  readonly facts: ReadonlyArray<readonly [string, string]>;
  readonly seller: PdfParty;
  readonly buyer: PdfParty;
  readonly lines: readonly PdfLine[];
  readonly taxes: readonly PdfTax[];
  readonly taxInclusive: boolean;
  readonly subtotalMinor: number;
  readonly discountMinor: number;
  readonly taxMinor: number;
  readonly totalMinor: number;
  /** null on credit notes. */
  readonly amountDueMinor: number | null;
  readonly movements: readonly PdfMovement[];
  readonly notes: readonly string[];
  /** Fixed creation date so the same document renders to the same bytes. */
  readonly createdAt: Date;
}

const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const FALLBACK: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ø: 'o', Ø: 'O', '\u00a0': ' ', '\u202f': ' ' };

function isWinAnsi(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa1 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch);
}

// NOTE: the built-in PDF fonts only encode WinAnsi (Western European). Other letters are printed
// without their accents (Zażółć -> Zazolc) rather than as garbage; scripts with no Latin form become "?".
/** Text made printable with the standard PDF fonts. */
export function pdfText(text: string | null | undefined): string {
  let out = '';
  for (const ch of String(text ?? '')) {
    if (isWinAnsi(ch)) out += ch;
    else if (FALLBACK[ch] !== undefined) out += FALLBACK[ch];
    else if (ch === '\n' || ch === '\t') out += ' ';
    else {
      const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += [...base].every(isWinAnsi) && base.length > 0 ? base : '?';
    }
  }
  return out;
}

/** A UTC calendar date, e.g. 2025-03-31. */
export function pdfDate(date: Date | null | undefined): string {
  return date ? date.toISOString().slice(0, 10) : '';
}
