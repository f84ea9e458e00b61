/** Page furniture shared by the notices: letterhead, address block, tables, QR codes, footers. */
import { formatDecimal } from '../../money/index.js';
import type { CaseInfo, CreditorBlock } from '../types.js';
import { qrModules } from './qr.js';
import { drawLine, drawParagraph, wrapLines } from './text.js';
import { A4, type PdfDoc } from './writer.js';

export const PAGE = { ...A4, margin: 50 };
export const CONTENT_W = PAGE.width - 2 * PAGE.margin;
export const INK = '#111111';
export const MUTED = '#5b6472';
export const RULE = '#c9ced6';

export const money = (minor: bigint, scale: number): string => formatDecimal(minor, scale, { group: true });

/** Letterhead on the left, the notice's title and identity lines on the right. Returns the y below. */
export function letterhead(doc: PdfDoc, info: CaseInfo, title: string, lines: string[]): number {
  const m = PAGE.margin;
  const leftW = CONTENT_W * 0.58;
  let y = m;
  y = drawParagraph(doc, info.letterhead.name, m, y, leftW, { size: 13, bold: true });
  for (const part of [info.letterhead.address, info.letterhead.contact]) {
    if (part) y = drawParagraph(doc, part, m, y, leftW, { size: 8.5, color: MUTED });
  }
  const rx = m + leftW + 10;
  const rw = CONTENT_W - leftW - 10;
  let ry = m;
  drawLine(doc, title, rx, ry, { size: 11, bold: true, width: rw, align: 'right', shrink: true });
  ry += 16;
  for (const l of lines) {
    drawLine(doc, l, rx, ry, { size: 8.5, width: rw, align: 'right', color: MUTED, shrink: true });
    ry += 11.5;
  }
  y = Math.max(y, ry) + 8;
  doc.line(m, y, PAGE.width - m, y, 0.6, RULE);
  return y + 14;
}

/** The addressee: name, postal address, email, reference. */
export function addressBlock(doc: PdfDoc, c: CreditorBlock, y: number): number {
  const m = PAGE.margin;
  const w = CONTENT_W * 0.55;
  let at = drawParagraph(doc, c.name, m, y, w, { size: 11, bold: true });
  if (c.address) at = drawParagraph(doc, c.address.replace(/,\s*/g, '\n'), m, at, w, { size: 9.5 });
  if (c.email) at = drawParagraph(doc, c.email, m, at, w, { size: 9, color: MUTED });
  drawLine(doc, `Creditor reference: ${c.ref}`, m + w, y, { size: 9, width: CONTENT_W - w, align: 'right' });
  return at + 10;
}

export interface TableColumn {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

export function tableHeader(doc: PdfDoc, cols: readonly TableColumn[], y: number): number {
  const wrapped = cols.map((c) => wrapLines(c.title, c.width - 6, { size: 7.5, bold: true }).slice(0, 2));
  const h = Math.max(...wrapped.map((w) => w.length)) * 9.5 + 6;
  doc.rect(PAGE.margin, y - 3, CONTENT_W, h, '#eef1f5');
  let x = PAGE.margin;
  cols.forEach((c, k) => {
    wrapped[k]!.forEach((l, i) => drawLine(doc, l, x + 3, y + i * 9.5, { size: 7.5, bold: true, width: c.width - 6, align: c.align ?? 'left', color: MUTED }));
    x += c.width;
  });
  return y + h + 2;
}

/** One table row of single-line cells; returns the y below. */
export function tableRow(doc: PdfDoc, cols: readonly TableColumn[], cells: ReadonlyArray<string | null>, y: number, opts: { bold?: boolean; rule?: boolean } = {}): number {
  let x = PAGE.margin;
  cols.forEach((c, i) => {
    const v = cells[i];
    if (v) drawLine(doc, v, x + 3, y, { size: 8.5, bold: opts.bold, width: c.width - 6, align: c.align ?? 'left', shrink: true });
    x += c.width;
  });
  const below = y + 13;
  if (opts.rule !== false) rule(doc, below - 1.5);
  return below;
}

/** A thin rule across the content width. */
export function rule(doc: PdfDoc, y: number): void {
  doc.line(PAGE.margin, y, PAGE.width - PAGE.margin, y, 0.3, RULE);
}

export function sectionTitle(doc: PdfDoc, text: string, y: number): number {
  drawLine(doc, text, PAGE.margin, y, { size: 10, bold: true });
  return y + 16;
}

/** Room left on the page from y; adds a page (and returns its top) when less than `need`. */
export function ensureRoom(doc: PdfDoc, y: number, need: number): number {
  if (y + need <= PAGE.height - PAGE.margin - 20) return y;
  doc.addPage();
  return PAGE.margin;
}

/** Footer on every page: who the notice is for and the page number. */
export function footers(doc: PdfDoc, text: string): void {
  const count = doc.pageCount;
  for (let i = 0; i < count; i++) {
    doc.usePage(i);
    const y = PAGE.height - PAGE.margin + 10;
    drawLine(doc, text, PAGE.margin, y, { size: 7, color: MUTED, width: CONTENT_W - 60, shrink: true });
    drawLine(doc, `Page ${i + 1} of ${count}`, PAGE.width - PAGE.margin - 60, y, { size: 7, color: MUTED, width: 60, align: 'right' });
  }
}

/** Module coordinates as text, made once (a statement's QR code has ~4,000 runs). */
const INTS: string[] = Array.from({ length: 200 }, (_, i) => String(i));

/**
 * A QR code drawn as vector rectangles, one per run of dark modules in a
 * row, all filled as one path in a coordinate system of one unit per module
 * (short operands: "12 40 3 1 re"): crisp at any zoom and in print. Returns
 * the side length drawn, or 0 when the data is too long for a QR code.
 */
export function drawQr(doc: PdfDoc, data: string, x: number, y: number, maxSide: number): number {
  const qr = qrModules(data);
  if (!qr) return 0;
  const n = qr.size;
  const cells = qr.dark;
  const quiet = 2;
  const s = Math.floor((maxSide / (n + 2 * quiet)) * 100) / 100;
  const int = (v: number) => INTS[v] ?? String(v);
  let ops = '0 0 0 rg';
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!cells[r * n + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && cells[r * n + c]) c++;
      ops += `\n${int(start)} ${int(r)} ${int(c - start)} 1 re`;
    }
  }
  doc.raw(ops + '\nf', x + quiet * s, y + quiet * s, s);
  return (n + 2 * quiet) * s;
}
