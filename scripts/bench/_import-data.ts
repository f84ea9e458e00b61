/** Synthetic claims files for the import bench: a ledger of N claims with creditor columns (about 0.7 N creditors). */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { Rng } from '../../src/gen/rng.js';
import { ENTITY_KINDS, ENTITY_STEMS, GIVEN, JURISDICTIONS } from '../../src/gen/names.js';
import { formatDecimal } from '../../src/money/index.js';

export const HEADER = ['ref', 'creditor_ref', 'creditor_name', 'asset', 'amount', 'allowed_amount', 'status', 'filed_on', 'source', 'creditor_type', 'kyc', 'jurisdiction', 'email'];
export const PETITION = '2025-11-14';
export const PRICES: Record<string, string> = { BTC: '91234.56', ETH: '3120.4455', USDT: '0.99870', USDC: '1.0001', SOL: '142.371' };
const ASSETS: ReadonlyArray<readonly [string, number]> = [['USDT', 40], ['BTC', 22], ['USD', 18], ['ETH', 15], ['USDC', 3], ['SOL', 2]];
const SCALE: Record<string, number> = { USD: 2, BTC: 8, ETH: 18, USDT: 6, USDC: 6, SOL: 9 };
const SIZE: Record<string, [number, number]> = { USD: [4, 8], USDT: [6, 11], USDC: [6, 10], BTC: [5, 9], ETH: [15, 20], SOL: [8, 12] };
const STATUS: ReadonlyArray<readonly [string, number]> = [['allowed', 50], ['under_review', 15], ['filed', 20], ['disputed', 8], ['disallowed', 7]];
const TYPES: ReadonlyArray<readonly [string, number]> = [['individual', 80], ['entity', 15], ['employee', 3], ['affiliate', 2]];
const KYC: ReadonlyArray<readonly [string, number]> = [['verified', 70], ['pending', 12], ['not_started', 10], ['failed', 4], ['restricted', 4]];

interface Creditor {
  name: string;
  type: string;
  kyc: string;
  jur: string;
}

/** Rows of the ledger, one array of cell texts per claim, in order. */
export function* ledgerRows(n: number, seed = 7): Generator<string[]> {
  const rng = new Rng(seed);
  const nc = Math.max(1, Math.round(n * 0.7));
  const people = [...GIVEN.latin.flatMap((g) => GIVEN.latinFamily.map((f) => `${g} ${f}`)), ...GIVEN.cyrillic, ...GIVEN.greek, ...GIVEN.cjk, ...GIVEN.arabic, ...GIVEN.hebrew];
  const creditors: Creditor[] = [];
  for (let i = 0; i < nc; i++) {
    const type = rng.weighted(TYPES);
    const name = type === 'entity' || type === 'affiliate' ? `${rng.pick(ENTITY_STEMS)} ${rng.pick(ENTITY_KINDS)} ${rng.int(1, 999)}` : rng.pick(people);
    creditors.push({ name, type, kyc: rng.weighted(KYC), jur: rng.pick(JURISDICTIONS) });
  }
  for (let i = 1; i <= n; i++) {
    const ci = i <= nc ? i - 1 : rng.int(0, nc - 1);
    const cr = creditors[ci]!;
    const asset = rng.weighted(ASSETS);
    const [lo, hi] = SIZE[asset]!;
    const qty = rng.digits(lo, hi);
    const status = rng.weighted(STATUS);
    const allowed = status === 'allowed' ? (rng.next() < 0.8 ? qty : (qty * BigInt(rng.int(50, 99))) / 100n) : null;
    const day = new Date(Date.UTC(2025, 10, 20 + rng.int(0, 170))).toISOString().slice(0, 10);
    const cref = `CR-${String(ci + 1).padStart(7, '0')}`;
    yield [
      `CL-${String(i).padStart(7, '0')}`,
      cref,
      cr.name,
      asset,
      formatDecimal(qty, SCALE[asset]!),
      allowed === null ? '' : formatDecimal(allowed, SCALE[asset]!),
      status,
      day,
      rng.next() < 0.6 ? 'scheduled' : 'filed',
      cr.type,
      cr.kyc,
      cr.jur,
      `${cref.toLowerCase()}@example.org`,
    ];
  }
}

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export async function writeCsv(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  let buf = HEADER.join(',') + '\r\n';
  for (const r of ledgerRows(n)) {
    buf += r.map(csvCell).join(',') + '\r\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

/** An XLSX as Excel writes it: shared strings, amounts as text cells. */
export async function writeXlsx(path: string, n: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('Claims');
  ws.addRow(HEADER).commit();
  for (const r of ledgerRows(n)) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
}
