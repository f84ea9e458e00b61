/**
 * The case spreadsheets: claims register, creditor summary, estate and asset
 * report, audit extract. Each takes explicit rows (see ../types.ts) and writes
 * them through the streaming writer, checking for cancel every few thousand rows.
 */
import type { AuditExportRow, CaseInfo, CreditorRow, EstateReportInput, RegisterRow } from '../types.js';
import { Workbook, type Column } from './sheet.js';

export interface WriteProgress {
  /** Called every chunk; throw from it to stop (the caller removes the partial file). */
  tick?: (done: number, total: number) => void;
  total?: number;
}

const CHUNK = 5_000;

async function pump<T>(wb: Workbook, rows: Iterable<T>, add: (r: T) => void, p: WriteProgress): Promise<number> {
  let n = 0;
  for (const r of rows) {
    add(r);
    if (++n % CHUNK === 0) {
      p.tick?.(n, p.total ?? 0);
      await wb.drain();
    }
  }
  p.tick?.(n, p.total ?? n);
  return n;
}

async function finishOrAbort(wb: Workbook, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
    await wb.commit();
  } catch (err) {
    await wb.abort();
    throw err;
  }
}

const cur = (c: CaseInfo) => c.currency;

export const REGISTER_COLUMNS = (c: CaseInfo): Column[] => [
  { header: 'Claim', width: 14, kind: 'text' },
  { header: 'Creditor', width: 14, kind: 'text' },
  { header: 'Creditor name', width: 30, kind: 'text' },
  { header: 'Source', width: 10, kind: 'text' },
  { header: 'Asset', width: 8, kind: 'text' },
  { header: 'Asserted quantity', width: 22, kind: 'amount' },
  { header: 'Allowed quantity', width: 22, kind: 'amount' },
  { header: `Price used (${cur(c)} per unit, petition date)`, width: 18, kind: 'amount' },
  { header: `Set-off (${cur(c)})`, width: 14, kind: 'amount' },
  { header: `Value (${cur(c)})`, width: 18, kind: 'amount' },
  { header: 'Status', width: 13, kind: 'text' },
  { header: 'Class', width: 9, kind: 'text' },
  { header: 'Class status', width: 12, kind: 'text' },
  { header: 'Filed on', width: 12, kind: 'date' },
  { header: 'Secured by', width: 11, kind: 'text' },
  { header: 'Lien', width: 6, kind: 'int' },
  { header: 'Amends', width: 14, kind: 'text' },
  { header: 'Duplicate of', width: 14, kind: 'text' },
  { header: 'Updated', width: 20, kind: 'datetime' },
];

const priceCells = new Map<string, { minor: string; scale: number } | string>();

/** Decimal text of a price as an amount cell at its own decimals (prices repeat: cached). */
function priceCell(price: string | null) {
  if (!price) return null;
  let c = priceCells.get(price);
  if (c === undefined) {
    const [int, frac = ''] = price.split('.');
    c = /^\d+$/.test(int ?? '') && /^\d*$/.test(frac) ? { minor: int! + frac, scale: frac.length } : price;
    if (priceCells.size < 10_000) priceCells.set(price, c);
  }
  return c;
}

export async function writeRegister(path: string, c: CaseInfo, rows: Iterable<RegisterRow>, p: WriteProgress = {}): Promise<number> {
  const wb = new Workbook(path, { title: `Claims register: ${c.name}` });
  let n = 0;
  await finishOrAbort(wb, async () => {
    const s = wb.sheet('Claims register', REGISTER_COLUMNS(c));
    const cs = c.currencyScale;
    n = await pump(wb, rows, (r) => {
      s.add([
        r.ref,
        r.creditorRef,
        r.creditorName,
        r.source,
        r.asset,
        { minor: r.asserted, scale: r.assetScale },
        r.allowed === null ? null : { minor: r.allowed, scale: r.assetScale },
        priceCell(r.price),
        r.setoff === null ? null : { minor: r.setoff, scale: cs },
        { minor: r.value, scale: cs },
        r.status,
        r.classCode,
        r.classStatus,
        r.filedOn,
        r.securedBy,
        r.lien,
        r.amends,
        r.duplicateOf,
        r.updatedAt,
      ]);
    }, p);
    s.finish();
  });
  return n;
}

export async function writeCreditors(path: string, c: CaseInfo, rows: Iterable<CreditorRow>, p: WriteProgress = {}): Promise<number> {
  const wb = new Workbook(path, { title: `Creditor summary: ${c.name}` });
  let n = 0;
  await finishOrAbort(wb, async () => {
    const s = wb.sheet('Creditors', [
      { header: 'Creditor', width: 14, kind: 'text' },
      { header: 'Name', width: 30, kind: 'text' },
      { header: 'Type', width: 11, kind: 'text' },
      { header: 'Address', width: 36, kind: 'text' },
      { header: 'Email', width: 28, kind: 'text' },
      { header: 'Jurisdiction', width: 11, kind: 'text' },
      { header: 'KYC', width: 11, kind: 'text' },
      { header: 'Tax form', width: 9, kind: 'bool' },
      { header: 'Claims', width: 8, kind: 'int' },
      { header: 'Allowed', width: 8, kind: 'int' },
      { header: 'Pending', width: 8, kind: 'int' },
      { header: `Value of live claims (${cur(c)})`, width: 20, kind: 'amount' },
      { header: `Allowed value (${cur(c)})`, width: 18, kind: 'amount' },
      { header: `Paid by finalized runs (${cur(c)})`, width: 20, kind: 'amount' },
    ]);
    const cs = c.currencyScale;
    n = await pump(wb, rows, (r) => {
      s.add([
        r.ref, r.name, r.type, r.address, r.email, r.jurisdiction, r.kyc, r.taxForm, r.claims, r.allowedClaims, r.pendingClaims,
        { minor: r.value, scale: cs }, { minor: r.allowedValue, scale: cs }, r.paid === null ? null : { minor: r.paid, scale: cs },
      ]);
    }, p);
    s.finish();
  });
  return n;
}

export async function writeEstate(path: string, input: EstateReportInput, p: WriteProgress = {}): Promise<number> {
  const c = input.case;
  const wb = new Workbook(path, { title: `Estate and asset report: ${c.name}` });
  await finishOrAbort(wb, async () => {
    const cs = c.currencyScale;
    const a = wb.sheet('Estate assets', [
      { header: 'Asset record', width: 12, kind: 'text' },
      { header: 'Kind', width: 16, kind: 'text' },
      { header: 'Asset', width: 8, kind: 'text' },
      { header: 'Quantity', width: 26, kind: 'amount' },
      { header: 'Location', width: 40, kind: 'text' },
      { header: 'Status', width: 13, kind: 'text' },
      { header: `Price (${cur(c)} per unit)`, width: 16, kind: 'amount' },
      { header: 'Price date', width: 12, kind: 'date' },
      { header: `Value (${cur(c)})`, width: 20, kind: 'amount' },
      { header: 'Notes', width: 30, kind: 'text' },
      { header: 'Updated', width: 20, kind: 'datetime' },
    ]);
    const byAsset = new Map<string, { scale: number; count: number; quantity: bigint; value: bigint; unpriced: number }>();
    for (const r of input.assets) {
      a.add([r.ref, r.kind, r.asset, { minor: r.quantity, scale: r.assetScale }, r.location, r.status, priceCell(r.price), r.priceDate,
        r.value === null ? null : { minor: r.value, scale: cs }, r.notes, r.updatedAt]);
      if (r.status === 'written_off') continue;
      const t = byAsset.get(r.asset) ?? { scale: r.assetScale, count: 0, quantity: 0n, value: 0n, unpriced: 0 };
      t.count++;
      t.quantity += r.quantity;
      if (r.value === null) t.unpriced++;
      else t.value += r.value;
      byAsset.set(r.asset, t);
    }
    a.finish();
    const s = wb.sheet('By asset (held)', [
      { header: 'Asset', width: 8, kind: 'text' },
      { header: 'Records', width: 9, kind: 'int' },
      { header: 'Quantity', width: 26, kind: 'amount' },
      { header: `Value (${cur(c)}) at ${input.asOf}`, width: 22, kind: 'amount' },
      { header: 'Records without a price', width: 12, kind: 'int' },
    ]);
    let total = 0n;
    for (const [asset, t] of [...byAsset.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      s.add([asset, t.count, { minor: t.quantity, scale: t.scale }, { minor: t.value, scale: cs }, t.unpriced]);
      total += t.value;
    }
    s.add(['Total', null, null, { minor: total, scale: cs }, null], { bold: true });
    s.finish();
    const pr = wb.sheet('Prices', [
      { header: 'Asset', width: 8, kind: 'text' },
      { header: 'Date', width: 12, kind: 'date' },
      { header: `Price (${cur(c)} per unit)`, width: 18, kind: 'amount' },
      { header: 'Source', width: 36, kind: 'text' },
    ]);
    for (const r of input.prices) pr.add([r.asset, r.date, priceCell(r.price), r.source]);
    pr.finish();
    p.tick?.(input.assets.length, input.assets.length);
  });
  return input.assets.length;
}

export async function writeAudit(path: string, c: CaseInfo, rows: Iterable<AuditExportRow>, p: WriteProgress = {}): Promise<number> {
  const wb = new Workbook(path, { title: `Audit extract: ${c.name}` });
  let n = 0;
  await finishOrAbort(wb, async () => {
    const s = wb.sheet('Audit', [
      { header: 'Entry', width: 8, kind: 'int' },
      { header: 'When (UTC)', width: 20, kind: 'datetime' },
      { header: 'Who', width: 16, kind: 'text' },
      { header: 'Action', width: 20, kind: 'text' },
      { header: 'Entity', width: 12, kind: 'text' },
      { header: 'Reference', width: 14, kind: 'text' },
      { header: 'Reason', width: 40, kind: 'text' },
      { header: 'Before', width: 40, kind: 'text' },
      { header: 'After', width: 40, kind: 'text' },
      { header: 'Entry hash', width: 66, kind: 'text' },
    ]);
    n = await pump(wb, rows, (r) => s.add([r.id, r.at, r.actor, r.action, r.entity, r.entityRef, r.reason, r.before, r.after, r.hash]), p);
    s.finish();
  });
  return n;
}
