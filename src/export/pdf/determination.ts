/**
 * The notice of claim determination: the claim as filed, the decision
 * (allowed, disallowed or reclassified), its reason, and the deadline and
 * way to object.
 */
import type { DeterminationInput } from '../types.js';
import { drawParagraph } from './text.js';
import { PdfDoc } from './writer.js';
import { CONTENT_W, PAGE, addressBlock, footers, letterhead, money, sectionTitle, tableHeader, tableRow, type TableColumn } from './layout.js';

const HEADLINE: Record<DeterminationInput['decision'], string> = {
  allowed: 'Your claim has been allowed',
  disallowed: 'Your claim has been disallowed',
  reclassified: 'Your claim has been reclassified',
};

const COLS: TableColumn[] = [
  { title: 'Claim', width: 80 },
  { title: 'Asset', width: 50 },
  { title: 'Amount claimed', width: 110, align: 'right' },
  { title: 'Amount allowed', width: 110, align: 'right' },
  { title: 'Class', width: 145 },
];

export async function renderDetermination(d: DeterminationInput): Promise<Buffer> {
  const cs = d.case.currencyScale;
  const cur = d.case.currency;
  const doc = new PdfDoc({ title: `Notice of determination ${d.claim.ref}`, subject: d.case.name, author: d.case.letterhead.name, date: new Date(d.issuedOn + 'T00:00:00Z') });
  let y = letterhead(doc, d.case, 'Notice of claim determination', [`Claim ${d.claim.ref}`, `Date ${d.issuedOn}`]);
  y = addressBlock(doc, d.creditor, y);
  y = drawParagraph(doc, HEADLINE[d.decision], PAGE.margin, y, CONTENT_W, { size: 13, bold: true }) + 4;
  const c = d.claim;
  const allowedText = d.decision === 'disallowed' ? 'none' : c.allowed !== null ? money(c.allowed, c.assetScale) : money(c.asserted, c.assetScale);
  const classText = c.classCode ? `${c.classCode}${c.className ? ' · ' + c.className : ''}` : '—';
  y = tableHeader(doc, COLS, y);
  y = tableRow(doc, COLS, [c.ref, c.asset, money(c.asserted, c.assetScale), allowedText, classText], y);
  y += 8;
  const lines: string[] = [];
  if (d.decision === 'allowed') {
    lines.push(`The administrator has allowed claim ${c.ref} for ${allowedText} ${c.asset}, worth ${money(c.value, cs)} ${cur} at the petition-date price, in class ${classText}.`);
    if (c.allowed !== null && c.allowed < c.asserted) lines.push(`This is less than the ${money(c.asserted, c.assetScale)} ${c.asset} you claimed; the difference is disallowed.`);
  } else if (d.decision === 'disallowed') {
    lines.push(`The administrator has disallowed claim ${c.ref} in full. It will receive nothing in any distribution unless the decision is changed.`);
  } else {
    lines.push(`The administrator has moved claim ${c.ref} from class ${d.claim.previousClass ?? '—'} to class ${classText}. The class decides the order in which the claim is paid.`);
  }
  lines.push(`Decided on ${d.decidedOn} by ${d.decidedBy}.`);
  for (const l of lines) y = drawParagraph(doc, l, PAGE.margin, y, CONTENT_W, { size: 9.5 }) + 2;
  y += 6;
  y = sectionTitle(doc, 'Reason', y);
  y = drawParagraph(doc, d.reason || 'No reason was recorded.', PAGE.margin, y, CONTENT_W, { size: 9.5 }) + 8;
  y = sectionTitle(doc, 'If you disagree', y);
  y = drawParagraph(
    doc,
    `You may object to this determination in writing by ${d.objectionDeadline}. Send your objection, with the reasons and any supporting documents, ` +
      `to ${d.case.letterhead.name}${d.case.letterhead.contact ? ' (' + d.case.letterhead.contact + ')' : ''}, quoting your creditor reference ${d.creditor.ref} and claim ${c.ref}. ` +
      `If no objection is received by that date, the determination becomes final.`,
    PAGE.margin, y, CONTENT_W, { size: 9.5 },
  );
  void y;
  footers(doc, `${d.case.name} · Notice of determination for ${d.creditor.ref} · claim ${c.ref} · ${d.issuedOn}`);
  return doc.end();
}
