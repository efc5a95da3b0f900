import type { Cell } from './rows.js';

/**
 * RFC 4180 records by hand (a few string operations a cell, no per-record stream): fields quoted when
 * they hold a comma, a quote or a line break, quotes doubled, records ending in CRLF.
 *
 * NOTE: spreadsheet formula injection. A text cell starting with `=`, `+`, `-`, `@`, a tab or a CR is
 * read as a formula by Excel, LibreOffice and Google Sheets, so it gets a leading apostrophe (shown as
 * text, never evaluated). Numbers are never touched, nor are text cells that are a plain decimal number
 * (`-12.50`: amounts are decimal strings, and a spreadsheet reads those as the number they are).
 */

const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Whether `text` would start a formula in a spreadsheet (and is not just a negative number). */
export function startsFormula(text: string): boolean {
  const c = text.charCodeAt(0);
  // = + - @ TAB CR
  if (c !== 61 && c !== 43 && c !== 45 && c !== 64 && c !== 9 && c !== 13) return false;
  return !(c === 45 && PLAIN_DECIMAL.test(text));
}

/** One field, neutralised and quoted as needed. */
export function csvField(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = startsFormula(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF. */
export function csvRecord(cells: readonly (Cell | undefined)[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += i === 0 ? csvField(cells[i]) : `,${csvField(cells[i])}`;
  return `${line}\r\n`;
}

/** Bytes gathered before a chunk goes to the stream: big enough that per-write costs vanish, small enough to stay flat. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The header and `rows` as CSV text in chunks of about 64 KiB, for `Readable.from` + `pipeline`
 * (which give back-pressure, and stop the rows when the destination closes). `onRow` counts.
 */
export async function* csvChunks(columns: readonly string[], rows: AsyncIterable<readonly (Cell | undefined)[]> | Iterable<readonly (Cell | undefined)[]>, onRow?: () => void): AsyncGenerator<string> {
  let chunk = csvRecord(columns);
  for await (const row of rows) {
    chunk += csvRecord(row);
    onRow?.();
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
