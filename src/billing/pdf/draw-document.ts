import PDFDocument from 'pdfkit';
import { formatMoney } from '../money.js';
import { formatPercent } from '../invoices/discount-lines.js';
import { type DocumentView, type PdfParty, type PdfStamp, pdfDate, pdfText } from './pdf-view.js';

type Doc = InstanceType<typeof PDFDocument>;

const LEFT = 50;
const RIGHT = 545;
const BOTTOM = 770;
const GREY = '#666666';
const INK = '#111111';
const STAMP_COLORS: Record<PdfStamp, string> = {
  PAID: '#1a7f37',
  REFUNDED: '#1a7f37',
  'CREDIT NOTE': '#1f4e99',
  UNPAID: '#b3261e',
  OVERDUE: '#b3261e',
  UNCOLLECTIBLE: '#b3261e',
  VOID: '#777777',
  DRAFT: '#777777',
};
/** Item table columns: x and width. */
const COL = { desc: [LEFT, 245], qty: [300, 40], unit: [345, 75], tax: [425, 40], amount: [470, 75] } as const;

/** Draws `text` in the current font, returns the y below it. */
function put(doc: Doc, text: string, x: number, y: number, width: number, align: 'left' | 'right' = 'left'): number {
  const safe = pdfText(text);
  doc.text(safe, x, y, { width, align, lineBreak: true });
  return y + doc.heightOfString(safe, { width });
}

function party(doc: Doc, heading: string | null, p: PdfParty, x: number, y: number, width: number): number {
  let at = y;
  if (heading) at = put(doc.font('Helvetica-Bold').fontSize(8).fillColor(GREY), heading.toUpperCase(), x, at, width) + 2;
  at = put(doc.font('Helvetica-Bold').fontSize(heading ? 10 : 14).fillColor(INK), p.name, x, at, width) + 2;
  doc.font('Helvetica').fontSize(9).fillColor(INK);
  for (const line of p.lines) at = put(doc, line, x, at, width);
  if (p.email) at = put(doc, p.email, x, at, width);
  if (p.taxId) at = put(doc, `Tax ID: ${p.taxId}`, x, at, width);
  for (const line of p.extra ?? []) at = put(doc.fillColor(GREY), line, x, at, width);
  return at;
}

function stamp(doc: Doc, label: PdfStamp): void {
  const color = STAMP_COLORS[label];
  doc.save();
  doc.rotate(-12, { origin: [430, 190] });
  doc.lineWidth(2).strokeColor(color).roundedRect(360, 170, 150, 38, 4).stroke();
  doc.font('Helvetica-Bold').fontSize(label.length > 8 ? 14 : 20).fillColor(color);
  doc.text(label, 360, label.length > 8 ? 182 : 179, { width: 150, align: 'center', lineBreak: false });
  doc.restore();
}

function header(doc: Doc, view: DocumentView): number {
  const sellerBottom = party(doc, null, view.seller, LEFT, 50, 260);
  let y = put(doc.font('Helvetica-Bold').fontSize(20).fillColor(INK), view.title.toUpperCase(), 320, 50, 225, 'right') + 2;
  y = put(doc.font('Helvetica-Bold').fontSize(11), view.number, 320, y, 225, 'right') + 4;
  doc.font('Helvetica').fontSize(9);
  for (const [label, value] of view.facts) y = put(doc, `${label}: ${value}`, 320, y, 225, 'right');
  stamp(doc, view.stamp);
  const buyerBottom = party(doc, 'Bill to', view.buyer, LEFT, Math.max(sellerBottom, 150) + 20, 260);
  return Math.max(buyerBottom, y, 220) + 25;
}

function tableHeader(doc: Doc, y: number): number {
  doc.font('Helvetica-Bold').fontSize(9).fillColor(GREY);
  put(doc, 'Description', COL.desc[0], y, COL.desc[1]);
  put(doc, 'Qty', COL.qty[0], y, COL.qty[1], 'right');
  put(doc, 'Unit price', COL.unit[0], y, COL.unit[1], 'right');
  put(doc, 'Tax', COL.tax[0], y, COL.tax[1], 'right');
  put(doc, 'Amount', COL.amount[0], y, COL.amount[1], 'right');
  doc.moveTo(LEFT, y + 13).lineTo(RIGHT, y + 13).lineWidth(0.5).strokeColor('#cccccc').stroke();
  return y + 18;
}

/** Starts a new page when `height` does not fit; returns the y to draw at. */
function room(doc: Doc, y: number, height: number, onNewPage?: (y: number) => number): number {
  if (y + height <= BOTTOM) return y;
  doc.addPage();
  return onNewPage ? onNewPage(50) : 50;
}

function items(doc: Doc, view: DocumentView, start: number): number {
  let y = tableHeader(doc, start);
  const money = (minor: number) => formatMoney(minor, view.currency);
  for (const line of view.lines) {
    const detail = line.detail ? pdfText(line.detail) : '';
    const height = doc.font('Helvetica').fontSize(9).heightOfString(pdfText(line.description), { width: COL.desc[1] }) + (detail ? 11 : 0);
    y = room(doc, y, height + 6, (top) => tableHeader(doc, top));
    doc.font('Helvetica').fontSize(9).fillColor(INK);
    let below = put(doc, line.description, COL.desc[0], y, COL.desc[1]);
    if (detail) below = put(doc.fontSize(8).fillColor(GREY), detail, COL.desc[0], below, COL.desc[1]);
    doc.fontSize(9).fillColor(INK);
    put(doc, String(line.quantity), COL.qty[0], y, COL.qty[1], 'right');
    put(doc, money(line.unitMinor), COL.unit[0], y, COL.unit[1], 'right');
    put(doc, line.taxRateBp === null ? '-' : formatPercent(line.taxRateBp), COL.tax[0], y, COL.tax[1], 'right');
    put(doc, money(line.amountMinor), COL.amount[0], y, COL.amount[1], 'right');
    y = below + 6;
  }
  doc.moveTo(LEFT, y).lineTo(RIGHT, y).lineWidth(0.5).strokeColor('#cccccc').stroke();
  return y + 8;
}

function row(doc: Doc, y: number, label: string, value: string, bold = false): number {
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 10 : 9).fillColor(INK);
  const below = put(doc, label, 280, y, 185, 'right');
  put(doc, value, COL.amount[0], y, COL.amount[1], 'right');
  return below + 3;
}

function totals(doc: Doc, view: DocumentView, start: number): number {
  const money = (minor: number) => formatMoney(minor, view.currency);
  let y = room(doc, start, 60 + 14 * (view.taxes.length + view.movements.length));
  y = row(doc, y, view.taxInclusive ? 'Subtotal (excl. tax)' : 'Subtotal', money(view.subtotalMinor));
  if (view.discountMinor !== 0) y = row(doc, y, 'Discount', money(-view.discountMinor));
  for (const t of view.taxes) y = row(doc, y, `${t.name} ${formatPercent(t.rateBp)} on ${money(t.taxableMinor)}`, money(t.taxMinor));
  if (view.taxes.length === 0) y = row(doc, y, 'Tax', money(view.taxMinor));
  y = row(doc, y, 'Total', money(view.totalMinor), true);
  for (const m of view.movements) y = row(doc, y, `${m.description} (${pdfDate(m.date)})`, money(-m.amountMinor));
  if (view.amountDueMinor !== null) y = row(doc, y, 'Amount due', money(view.amountDueMinor), true);
  if (view.taxInclusive) y = put(doc.font('Helvetica').fontSize(8).fillColor(GREY), 'Prices include tax.', 280, y, 265, 'right') + 3;
  return y + 12;
}

function notes(doc: Doc, view: DocumentView, start: number): void {
  let y = start;
  for (const note of view.notes) {
    doc.font('Helvetica').fontSize(9).fillColor(INK);
    y = room(doc, y, doc.heightOfString(pdfText(note), { width: RIGHT - LEFT }) + 4);
    y = put(doc, note, LEFT, y, RIGHT - LEFT) + 4;
  }
}

function footers(doc: Doc, view: DocumentView): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i += 1) {
    doc.switchToPage(i);
    // NOTE: text below the bottom margin would make pdfkit start a new page; the footer lives there.
    doc.page.margins.bottom = 0;
    const text = pdfText(`${view.seller.name} - ${view.title} ${view.number} - Page ${i - start + 1} of ${count}`);
    doc.font('Helvetica').fontSize(8).fillColor(GREY).text(text, LEFT, 800, { width: RIGHT - LEFT, align: 'center', lineBreak: false });
  }
}

/** Renders a document view to PDF bytes (A4); the same view always gives the same bytes. */
export function drawDocument(view: DocumentView): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    info: { Title: `${view.title} ${view.number}`, Author: pdfText(view.seller.name), Producer: 'EZSCALE', Creator: 'EZSCALE', CreationDate: view.createdAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const afterItems = items(doc, view, header(doc, view));
  notes(doc, view, totals(doc, view, afterItems));
  footers(doc, view);
  doc.end();
  return done;
}
