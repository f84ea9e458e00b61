import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { generateCase } from '../../src/gen/synthetic.js';
import { openRead, openWrite, tx } from '../../src/store/db.js';
import { formatDecimal } from '../../src/money/index.js';
import { auditRows, caseInfo, creditorRows, estateInput, registerRows } from '../../src/export/load.js';
import { writeAudit, writeCreditors, writeEstate, writeRegister } from '../../src/export/xlsx/books.js';
import { writeRunSchedule } from '../../src/export/xlsx/run.js';
import { exactNumber, guardText } from '../../src/export/xlsx/sheet.js';
import { CASE, CLASSES, CREDITORS, run1 } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'recourse-xlsx-'));
const casePath = join(dir, 'case.recourse');

async function read(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** A number cell's value back as exact text at `scale` (how a spreadsheet shows it with the column's format). */
const asText = (v: unknown, scale: number) => (typeof v === 'number' ? v.toFixed(scale) : v);

describe('spreadsheet exports', () => {
  beforeAll(() => {
    generateCase({ path: casePath, claims: 400, history: true });
    // A creditor name that a spreadsheet would take for a formula, and others like it.
    const db = openWrite(casePath);
    tx(db, () => {
      const set = db.prepare('UPDATE creditors SET name = ?, address = ? WHERE ref = ?');
      set.run('=HYPERLINK("http://evil.example","click")', '+1 555 0100', 'CR-0000001');
      set.run('@SUM(A1:A9)', '-2+3', 'CR-0000002');
      set.run('\tTabbed', '\rReturn', 'CR-0000003');
    });
    db.close();
  });

  it('writes the claims register with exact amounts: numbers where a double holds them, text for 18-decimal tokens', async () => {
    const db = openRead(casePath);
    const out = join(dir, 'register.xlsx');
    const rows = [...registerRows(db)];
    await writeRegister(out, caseInfo(db), rows);
    db.close();
    const ws = (await read(out)).getWorksheet('Claims register')!;
    expect(ws.rowCount).toBe(401);
    expect(ws.getRow(1).values).toContain('Asserted quantity');
    let text18 = 0;
    let numbers = 0;
    rows.forEach((r, i) => {
      const row = ws.getRow(i + 2);
      expect(row.getCell(1).value).toBe(r.ref);
      const asserted = formatDecimal(BigInt(r.asserted), r.assetScale);
      const cell = row.getCell(6);
      if (typeof cell.value === 'number') {
        numbers++;
        expect(cell.value.toFixed(r.assetScale)).toBe(asserted);
        expect(cell.numFmt).toBe(r.assetScale ? '#,##0.' + '0'.repeat(r.assetScale) : '#,##0');
      } else {
        // a quantity a double cannot hold exactly stays text, digit for digit
        expect(cell.value).toBe(asserted);
        expect(asserted.replace(/^0\.0*/, '').replace('.', '').replace(/0+$/, '').length).toBeGreaterThan(15);
        if (r.assetScale === 18) text18++;
      }
      expect(asText(row.getCell(10).value, 2)).toBe(formatDecimal(BigInt(r.value), 2));
      if (r.filedOn) {
        expect(row.getCell(14).value).toBeInstanceOf(Date);
        expect((row.getCell(14).value as Date).toISOString().slice(0, 10)).toBe(r.filedOn);
      }
    });
    expect(numbers).toBeGreaterThan(200);
    expect(text18).toBeGreaterThan(10);
  });

  it('freezes the header row, sets filters and widths', async () => {
    const ws = (await read(join(dir, 'register.xlsx'))).getWorksheet('Claims register')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:S401');
    expect(ws.getColumn(3).width).toBe(30);
    expect(ws.getCell('A1').font?.bold).toBe(true);
  });

  it('guards text that a spreadsheet would evaluate (=, +, -, @, tab, CR): it reads back as text with an apostrophe, never a formula', async () => {
    const db = openRead(casePath);
    const out = join(dir, 'creditors.xlsx');
    await writeCreditors(out, caseInfo(db), creditorRows(db, null));
    db.close();
    const ws = (await read(out)).getWorksheet('Creditors')!;
    const byRef = new Map<string, ExcelJS.Row>();
    ws.eachRow((row) => byRef.set(String(row.getCell(1).value), row));
    const expectGuarded = (ref: string, col: number, original: string) => {
      const c = byRef.get(ref)!.getCell(col);
      expect(c.type).toBe(ExcelJS.ValueType.String);
      expect(c.formula).toBeUndefined();
      expect(c.value).toBe("'" + original);
    };
    expectGuarded('CR-0000001', 2, '=HYPERLINK("http://evil.example","click")');
    expectGuarded('CR-0000001', 4, '+1 555 0100');
    expectGuarded('CR-0000002', 2, '@SUM(A1:A9)');
    expectGuarded('CR-0000002', 4, '-2+3');
    expectGuarded('CR-0000003', 2, '\tTabbed');
    expectGuarded('CR-0000003', 4, '\rReturn');
    expect(guardText('Plain name')).toBe('Plain name');
  });

  it('converts an amount to a number only when the double is exact (≤ 15 significant digits and round-trips)', () => {
    expect(exactNumber(123456789012345n, 2)).toBe(1234567890123.45);
    expect(exactNumber(1234567890123456n, 2)).toBeNull();
    expect(exactNumber('1000000000000000000000', 18)).toBe(1000);
    expect(exactNumber('1234567890123456789', 18)).toBeNull();
    expect(exactNumber(10n, 1)).toBe(1);
    expect(exactNumber('-5', 2)).toBe(-0.05);
  });

  it("writes a run's distribution schedule: a row per portion, totals by class, and the §4 identity on the summary", async () => {
    const { result, data } = run1();
    const out = join(dir, 'run.xlsx');
    const rows = await writeRunSchedule(out, { case: CASE, run: data, classes: CLASSES, creditorNames: new Map([...CREDITORS].map(([k, v]) => [k, v.name])) });
    expect(rows).toBe(5);
    const wb = await read(out);
    const sched = wb.getWorksheet('Schedule')!;
    const g1 = result.claims.find((c) => c.ref === 'G1')!;
    const g1Row = sched.getRows(2, 5)!.find((r) => r.getCell(1).value === 'G1')!;
    expect(g1Row.getCell(3).value).toBe('محمد العلي 12');
    expect(asText(g1Row.getCell(9).value, 2)).toBe(formatDecimal(g1.portions[0]!.paid, 2));
    expect(asText(g1Row.getCell(9).value, 2)).toBe('280.00');
    const g3Row = sched.getRows(2, 5)!.find((r) => r.getCell(1).value === 'G3')!;
    expect(asText(g3Row.getCell(11).value, 2)).toBe('120.00');
    const byClass = wb.getWorksheet('By class')!;
    const guc = byClass.getRows(2, 3)!.find((r) => r.getCell(1).value === 'GUC')!;
    expect(asText(guc.getCell(7).value, 2)).toBe('480.00');
    const total = byClass.getRow(5);
    expect(total.getCell(1).value).toBe('Total');
    expect(asText(total.getCell(7).value, 2)).toBe(formatDecimal(result.totals.paidThisRun, 2));
    const summary = wb.getWorksheet('Summary')!;
    const lines = new Map<string, unknown>();
    summary.eachRow((r) => lines.set(String(r.getCell(1).value), r.getCell(2).value));
    expect(lines.get('Run')).toBe('R-2026-01');
    expect(lines.get('Input hash (SHA-256 of the run input)')).toBe('ab'.repeat(32));
    expect(asText(lines.get('Cumulative pool (released to date plus collateral proceeds) (USD)'), 2)).toBe('1000.00');
    expect(asText(lines.get('Paid in all runs (USD)'), 2)).toBe('880.00');
    expect(asText(lines.get('Reserved for pending claims (USD)'), 2)).toBe('120.00');
    expect(asText(lines.get('Difference: pool − held (0 when exact) (USD)'), 2)).toBe('0.00');
  });

  it('writes the estate report valued at the latest price, and the audit extract with typed times', async () => {
    const db = openRead(casePath);
    const info = caseInfo(db);
    await writeEstate(join(dir, 'estate.xlsx'), estateInput(db, '2026-07-01'));
    await writeAudit(join(dir, 'audit.xlsx'), info, auditRows(db, { from: '2026-01-01' }));
    db.close();
    const estate = await read(join(dir, 'estate.xlsx'));
    const assets = estate.getWorksheet('Estate assets')!;
    const btc = assets.getRows(2, 12)!.find((r) => r.getCell(1).value === 'EA-001')!;
    // 612 BTC at the 2026-06-30 price of 104,500.00 = 63,954,000.00 USD
    expect(asText(btc.getCell(4).value, 8)).toBe('612.00000000');
    expect(asText(btc.getCell(7).value, 2)).toBe('104500.00');
    expect(asText(btc.getCell(9).value, 2)).toBe('63954000.00');
    const eth = assets.getRows(2, 12)!.find((r) => r.getCell(1).value === 'EA-002')!;
    // 18,250 ETH has few significant digits: a double holds it exactly, so it is a number with 18 decimals shown
    expect(asText(eth.getCell(4).value, 18)).toBe('18250.000000000000000000');
    expect(eth.getCell(4).numFmt).toBe('#,##0.' + '0'.repeat(18));
    const audit = (await read(join(dir, 'audit.xlsx'))).getWorksheet('Audit')!;
    expect(audit.rowCount).toBeGreaterThan(100);
    const when = audit.getRow(2).getCell(2).value as Date;
    expect(when).toBeInstanceOf(Date);
    expect(when.toISOString() >= '2026-01-01').toBe(true);
  });

  it('leaves no file behind when an export is stopped part-way', async () => {
    const db = openRead(casePath);
    const out = join(dir, 'stopped', 'register.xlsx');
    const rows = (function* () {
      let n = 0;
      for (const r of registerRows(db)) {
        if (++n > 100) throw new Error('stopped');
        yield r;
      }
    })();
    await expect(writeRegister(out, caseInfo(db), rows)).rejects.toThrow('stopped');
    db.close();
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(join(dir, 'stopped'))).toEqual([]);
  });
});
