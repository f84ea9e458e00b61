import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { count, file, newCase, run, sheetRows, workbook, zip } from './helpers.js';
import { plainNumber } from '../../src/services/import/xlsx.js';
import { previewImport } from '../../src/services/import.js';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';

const SAMPLES = fileURLToPath(new URL('../../assets/samples/', import.meta.url));
const HEAD = ['ref', 'creditor_ref', 'creditor_name', 'asset', 'amount', 'filed_on'];

describe('XLSX import', () => {
  it('imports the sample workbook exactly like the sample CSV', async () => {
    const c = newCase({ classes: true });
    const r = await run(c, 'claims', SAMPLES + 'claims.xlsx');
    expect(r).toMatchObject({ ok: true, format: 'xlsx', sheet: 'Claims', new: 12 });
    // the same rows as CSV change nothing
    const again = await run(c, 'claims', SAMPLES + 'claims.csv');
    expect(again).toMatchObject({ ok: true, new: 0, updated: 0, unchanged: 12 });
  });

  it('reads a formula cell as its stored result and never evaluates it', async () => {
    const c = newCase();
    const wb = workbook(
      sheetRows([
        HEAD,
        ['C-1', 'CR-1', 'Ann', 'USD', { f: '2*3', v: '7' }, '2026-01-10'], // a stale result: 7 is what the file says
        [{ f: '"C-"&2', v: 'C-2', t: 'str' }, 'CR-1', 'Ann', 'USD', '5', '2026-01-10'],
        ['C-3', 'CR-1', 'Ann', 'USD', { f: 'E2+E3' }, '2026-01-10'], // no stored result
      ]),
    );
    const r = await run(c, 'claims', file('f.xlsx', wb));
    expect(r.errors).toEqual([{ row: 4, column: 'amount', message: 'Missing: every claim needs the amount claimed' }]);
    const ok = await run(c, 'claims', file('g.xlsx', workbook(sheetRows([HEAD, ['C-1', 'CR-1', 'Ann', 'USD', { f: '2*3', v: '7' }, '2026-01-10'], [{ f: '"C-"&2', v: 'C-2', t: 'str' }, 'CR-1', 'Ann', 'USD', '5', null]]))));
    expect(ok).toMatchObject({ ok: true, new: 2 });
    expect(c.db.prepare('SELECT ref, asserted FROM claims ORDER BY ref').all()).toEqual([
      { ref: 'C-1', asserted: '700' },
      { ref: 'C-2', asserted: '500' },
    ]);
  });

  it('converts date cells (day numbers) and keeps number cells exact, refusing ones a spreadsheet may have rounded', async () => {
    const c = newCase();
    const wb = workbook(
      sheetRows([
        HEAD,
        ['C-1', 'CR-1', 'Ann', 'BTC', { n: '1.5E-3' }, { n: '46037' }],
        ['C-2', 'CR-1', 'Ann', 'ETH', { n: '1.2345678901234567' }, { n: '46037' }],
      ]),
    );
    const r = await run(c, 'claims', file('n.xlsx', wb));
    expect(r.errors).toEqual([{ row: 3, column: 'amount', message: expect.stringMatching(/cannot hold more than 15 significant digits exactly; format the column as Text/) }]);
    const ok = await run(c, 'claims', file('m.xlsx', workbook(sheetRows([HEAD, ['C-1', 'CR-1', 'Ann', 'BTC', { n: '1.5E-3' }, { n: '46037' }]]))));
    expect(ok.ok).toBe(true);
    expect(c.db.prepare("SELECT asserted, filed_on FROM claims WHERE ref = 'C-1'").get()).toEqual({ asserted: '150000', filed_on: '2026-01-15' });
  });

  it('refuses a sheet that declares absurd dimensions, or has values beyond the column limit', async () => {
    const c = newCase();
    await expect(run(c, 'claims', file('d.xlsx', workbook(sheetRows([HEAD]), 'A1:XFD1048576')))).rejects.toThrow(/declares its size as A1:XFD1048576; Recourse reads at most 256 columns/);
    const far = workbook(`<row r="1"><c r="A1" t="inlineStr"><is><t>ref</t></is></c><c r="ZZ1" t="inlineStr"><is><t>x</t></is></c></row>`);
    await expect(run(c, 'claims', file('e.xlsx', far))).rejects.toThrow(/Row 1 has a value in column ZZ; Recourse reads at most 256 columns/);
    expect(count(c, 'SELECT count(*) FROM claims')).toBe(0);
  });

  it('refuses XLS and ODS files with a message naming CSV and XLSX', async () => {
    const c = newCase();
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    await expect(run(c, 'claims', file('old.xls', xls))).rejects.toThrow(/Excel 97–2003 workbook \(\.xls\).*CSV \(UTF-8\) or as an Excel workbook \(\.xlsx\)/);
    const ods = zip({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<office:document-content/>' });
    await expect(run(c, 'claims', file('sheet.ods', ods))).rejects.toThrow(/OpenDocument spreadsheet \(\.ods\).*CSV \(UTF-8\) or as an Excel workbook/);
  });

  it('leaves no temporary copy of the sheet behind, even when reading stops early (a preview)', async () => {
    const temps = () => readdirSync(tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`));
    const before = temps();
    const p = await previewImport(SAMPLES + 'claims.xlsx', 'claims');
    expect(p.rows).toHaveLength(12);
    await run(newCase({ classes: true }), 'claims', SAMPLES + 'claims.xlsx');
    expect(temps()).toEqual(before);
  });

  it('writes spreadsheet numbers as plain decimals, exactly', () => {
    expect(plainNumber('1.5E-3')).toBe('0.0015');
    expect(plainNumber('1.23E+5')).toBe('123000');
    expect(plainNumber('-2.5e2')).toBe('-250');
    expect(plainNumber('123.450')).toBe('123.450');
    expect(plainNumber('0E+0')).toBe('0');
  });
});
