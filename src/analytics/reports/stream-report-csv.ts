import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvChunks } from './csv.js';
import type { ReportParams } from './report-params.js';
import type { Report } from './report.js';

/**
 * Writes `report` as CSV to `out`: RFC 4180 (CRLF records, fields quoted when they hold a comma, a
 * quote or a line break, quotes doubled), UTF-8, a header row; amounts are decimal strings next to
 * their currency; text that a spreadsheet would run as a formula is neutralised (see csv.ts). Streamed
 * in 64 KiB chunks with back-pressure: memory stays flat however many rows. Returns the row count.
 */
export async function streamReportCsv(report: Report, params: ReportParams, out: Writable): Promise<number> {
  let count = 0;
  await pipeline(Readable.from(csvChunks(report.columns, report.rows(params), () => count++), { objectMode: false }), out);
  return count;
}
