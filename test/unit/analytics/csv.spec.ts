import { expect } from 'chai';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvChunks, csvField, csvRecord } from '../../../src/analytics/reports/csv.js';
import { parseRfc4180 } from '../../e2e/admin/csv.js';

describe('analytics: CSV encoding', () => {
  it('when a text cell would start a spreadsheet formula, then it gets a leading apostrophe', () => {
    for (const text of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd', '-', '-cmd|calc']) {
      expect(csvField(text).replace(/^"|"$/g, '').replace(/""/g, '"'), JSON.stringify(text)).to.equal(`'${text}`);
    }
  });

  it('when a cell is a number or a plain decimal amount, then it is written as it is, negative or not', () => {
    expect(csvField(-12)).to.equal('-12');
    expect(csvField('-12.50')).to.equal('-12.50');
    expect(csvField('-1250')).to.equal('-1250');
    expect(csvField('12.50')).to.equal('12.50');
    expect(csvField(null)).to.equal('');
    expect(csvField('')).to.equal('');
    expect(csvField('Acme = best')).to.equal('Acme = best');
  });

  it('when a field holds a comma, a quote or a line break, then it is quoted with quotes doubled, and records end in CRLF', () => {
    expect(csvRecord(['a,b', 'say "hi"', 'line\nbreak', 'plain', 3])).to.equal('"a,b","say ""hi""","line\nbreak",plain,3\r\n');
    expect(csvRecord(['=1,2'])).to.equal(`"'=1,2"\r\n`);
  });

  it('when many rows are streamed, then a spreadsheet-safe RFC 4180 file comes out whole, in several writes', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [i, `=evil ${i}`, i % 2 ? '-1.25' : 'a "b", c']);
    let text = '';
    let writes = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, done) {
        writes++;
        text += chunk.toString('utf8');
        setImmediate(done);
      },
    });
    let counted = 0;
    await pipeline(Readable.from(csvChunks(['n', 'text', 'amount'], rows, () => counted++), { objectMode: false }), slow);
    expect(counted).to.equal(20_000);
    expect(writes).to.be.greaterThan(1);
    const parsed = parseRfc4180(text);
    expect(parsed).to.have.length(20_000);
    expect(parsed[7]).to.deep.equal({ n: '7', text: "'=evil 7", amount: '-1.25' });
    expect(parsed[8]).to.deep.equal({ n: '8', text: "'=evil 8", amount: 'a "b", c' });
  });
});
