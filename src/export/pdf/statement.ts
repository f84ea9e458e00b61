/**
 * The distribution statement: one PDF per creditor and run. Letterhead,
 * address block, each claim and portion (class, allowed value, this payment,
 * cumulative paid, recovery %, reserved), the payment and its method, and the
 * proof of distribution (leaf data, salt, Merkle path, as text and QR code).
 */
import { percentString } from '../../engine/value.js';
import type { ProofStatement } from '../../proof/statement.js';
import type { StatementInput } from '../types.js';
import { drawLine, drawParagraph } from './text.js';
import { PdfDoc } from './writer.js';
import {
  CONTENT_W, MUTED, PAGE, addressBlock, drawQr, ensureRoom, footers, letterhead, money, rule, sectionTitle, tableHeader, tableRow, type TableColumn,
} from './layout.js';

const COLS: TableColumn[] = [
  { title: 'Claim', width: 64 },
  { title: 'Class', width: 110 },
  { title: 'Allowed value', width: 68, align: 'right' },
  { title: 'This payment', width: 66, align: 'right' },
  { title: 'Cumulative paid', width: 68, align: 'right' },
  { title: 'Recovery', width: 48, align: 'right' },
  { title: 'Reserved', width: 71, align: 'right' },
];

/** The statement's proof JSON, compact, as printed and encoded in the QR code. */
export function proofJson(p: ProofStatement): string {
  return JSON.stringify(p);
}

export async function renderStatement(s: StatementInput): Promise<Buffer> {
  const cs = s.case.currencyScale;
  const cur = s.case.currency;
  const date = new Date(s.run.date + 'T00:00:00Z');
  const doc = new PdfDoc({ title: `Distribution statement ${s.run.ref} ${s.creditor.ref}`, subject: s.case.name, author: s.case.letterhead.name, date });
  const kind = s.run.final ? 'Final distribution' : 'Interim distribution';
  let y = letterhead(doc, s.case, 'Distribution statement', [`Run ${s.run.ref}`, `Date ${s.run.date}`, kind, ...(s.run.state !== 'finalized' ? [`Run state: ${s.run.state}`] : [])]);
  y = addressBlock(doc, s.creditor, y);
  y = drawParagraph(
    doc,
    `This statement sets out what you receive in ${kind.toLowerCase()} ${s.run.ref} of ${s.case.name}, dated ${s.run.date}, for each of your claims. Amounts are in ${cur}.`,
    PAGE.margin, y, CONTENT_W, { size: 9 },
  ) + 6;
  y = tableHeader(doc, COLS, y);
  let paid = 0n;
  let cumulative = 0n;
  let reserved = 0n;
  let withheld = 0n;
  let value = 0n;
  const notes: string[] = [];
  for (const c of s.claims) {
    c.portions.forEach((p, i) => {
      y = ensureRoom(doc, y, 28);
      if (y === PAGE.margin) y = tableHeader(doc, COLS, y);
      const cum = p.paidBefore + p.paidThisRun;
      paid += p.paidThisRun;
      cumulative += cum;
      reserved += p.reserved;
      withheld += p.withheld;
      value += p.value ?? 0n;
      y = tableRow(doc, COLS, [
        i === 0 ? c.ref : null,
        `${p.classCode} · ${p.className}`,
        p.value === null ? '—' : money(p.value, cs),
        money(p.paidThisRun, cs),
        money(cum, cs),
        p.value === null ? '—' : percentString(cum, p.value),
        money(p.reserved, cs),
      ], y, { rule: false });
      if (i === c.portions.length - 1 && c.status !== 'allowed') {
        drawLine(doc, `Status: ${c.status.replace(/_/g, ' ')}. A pending claim is reserved for, not paid, until it is decided.`, PAGE.margin + 3, y - 2, { size: 7, color: MUTED, width: CONTENT_W - 6, shrink: true });
        y += 9;
      }
      if (p.withheld > 0n) notes.push(`${c.ref} (${p.classCode}): ${money(p.withheld, cs)} ${cur} is withheld and carried forward (below the minimum payment, or identity checks outstanding).`);
      if (p.inKind) notes.push(`${c.ref} (${p.classCode}): paid in kind as ${money(p.inKind.units, p.inKind.assetScale)} ${p.inKind.asset} plus ${money(p.inKind.cash, cs)} ${cur} in cash.`);
      rule(doc, y - 1.5);
    });
  }
  y = tableRow(doc, COLS, ['Total', null, money(value, cs), money(paid, cs), money(cumulative, cs), value > 0n ? percentString(cumulative, value) : '—', money(reserved, cs)], y + 2, { bold: true });
  y += 10;

  y = ensureRoom(doc, y, 90);
  y = sectionTitle(doc, 'Payment', y);
  y = drawParagraph(doc, paid > 0n ? `This payment: ${money(paid, cs)} ${cur}.` : 'Nothing is paid to you in this run.', PAGE.margin, y, CONTENT_W, { size: 9.5, bold: true });
  y = drawParagraph(doc, `Payment method: ${s.paymentMethod}.`, PAGE.margin, y, CONTENT_W, { size: 9 });
  if (withheld > 0n || reserved > 0n) {
    y = drawParagraph(doc, `Held for you and not paid now: reserved ${money(reserved, cs)} ${cur}, withheld ${money(withheld, cs)} ${cur}.`, PAGE.margin, y, CONTENT_W, { size: 9 });
  }
  for (const n of notes) y = drawParagraph(doc, n, PAGE.margin, y, CONTENT_W, { size: 8.5, color: MUTED });
  y += 8;

  if (s.proof) y = proofSection(doc, s.proof, y);
  footers(doc, `${s.case.name} · Distribution statement for ${s.creditor.ref} · Run ${s.run.ref} of ${s.run.date}`);
  return doc.end();
}

function proofSection(doc: PdfDoc, p: ProofStatement, y: number): number {
  const json = proofJson(p);
  const qrSide = 150;
  y = ensureRoom(doc, y, qrSide + 40);
  y = sectionTitle(doc, 'Proof of distribution', y);
  const textW = CONTENT_W - qrSide - 14;
  const top = y;
  y = drawParagraph(
    doc,
    `The administrator publishes one fingerprint (Merkle root) per run. With the data below, you can check that your entries are part of it, offline, ` +
      `using the verifier page or "recourse verify-statement". The figures of other creditors are never revealed. The QR code holds the same data.`,
    PAGE.margin, y, textW, { size: 8 },
  ) + 2;
  const mono = { size: 6.5, color: '#333333', mono: true };
  y = drawParagraph(doc, `Run root: ${p.root}`, PAGE.margin, y, textW, mono);
  y = drawParagraph(doc, `Your salt: ${p.salt}`, PAGE.margin, y, textW, mono);
  const side = drawQr(doc, json, PAGE.width - PAGE.margin - qrSide, top, qrSide);
  for (const e of p.entries) {
    y = ensureRoom(doc, y, 30);
    y = drawParagraph(doc, `Entry: claim ${e.claim}, class ${e.class}, paid this run ${e.paid_this_run}, paid cumulative ${e.paid_cumulative} ${p.currency}`, PAGE.margin, y, textW, { size: 7, bold: true });
    y = drawParagraph(doc, `Path: ${e.proof.join(' ')}`, PAGE.margin, y, side > 0 && y < top + side ? textW : CONTENT_W, mono);
  }
  if (side === 0) y = drawParagraph(doc, 'Statement data (JSON): ' + json, PAGE.margin, y, CONTENT_W, { size: 5.5, color: MUTED, mono: true });
  return Math.max(y, top + side) + 6;
}
