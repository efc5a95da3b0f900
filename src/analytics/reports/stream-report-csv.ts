import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { ReportParams } from './report-params.js';
import type { Report } from './report.js';

/**
 * Writes `report` as CSV to `out`: RFC 4180 (CRLF records, fields quoted when they hold a comma, a
 * quote or a line break, quotes doubled), UTF-8, a header row; amounts are decimal strings next to
 * their currency. Streamed with back-pressure: memory stays flat however many rows. Returns the row count.
 */
export async function streamReportCsv(report: Report, params: ReportParams, out: Writable): Promise<number> {
  let count = 0;
  const source = Readable.from(
    (async function* () {
      for await (const row of report.rows(params)) {
        count++;
        yield row;
      }
    })(),
  );
  await pipeline(source, stringify({ header: true, columns: [...report.columns], record_delimiter: 'windows', quoted_match: /[\r\n]/ }), out);
  return count;
}
