/**
 * Reads RFC 4180 CSV strictly (records end in CRLF, quoted fields may hold commas, quotes doubled,
 * line breaks), so a test fails on anything else. Returns one object per record, keyed by the header.
 */
export function parseRfc4180(text: string): Array<Record<string, string>> {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i += 1;
      } else {
        field += ch;
        i += 1;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      i += 1;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (ch === '\n' || ch === '\r' || ch === '"') {
      throw new Error(`not RFC 4180: bare ${JSON.stringify(ch)} at ${i}`);
    } else {
      field += ch;
      i += 1;
    }
  }
  if (quoted) throw new Error('not RFC 4180: unterminated quoted field');
  if (field !== '' || record.length) throw new Error('not RFC 4180: last record does not end in CRLF');
  const [header, ...rows] = records;
  if (!header) return [];
  return rows.map((row, n) => {
    if (row.length !== header.length) throw new Error(`record ${n + 1} has ${row.length} fields, the header ${header.length}`);
    return Object.fromEntries(header.map((name, k) => [name, row[k]!]));
  });
}
