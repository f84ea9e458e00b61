/** Test cases and files for the import tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { createCase, type OpenCase } from '../../src/services/case.js';
import { tx } from '../../src/store/db.js';
import { importFile, type ImportRequest } from '../../src/services/import/run.js';
import type { ImportKind } from '../../src/api/contract/import.js';

export const PETITION = '2025-11-14';

export function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'recourse-import-'));
}

/** A new case (USD, petition 2025-11-14, bar date 2026-03-31) with petition-date prices, an estate asset and, optionally, classes. */
export function newCase(opts: { classes?: boolean; prices?: boolean } = {}): OpenCase {
  const c = createCase({ path: join(tmp(), 'case.recourse'), name: 'Test estate', currency: 'USD', petitionDate: PETITION, barDate: '2026-03-31' }, 'tester');
  tx(c.db, () => {
    if (opts.prices !== false) {
      const p = c.db.prepare('INSERT INTO prices (asset, date, price) VALUES (?, ?, ?)');
      p.run('BTC', PETITION, '91234.56');
      p.run('ETH', PETITION, '3120.4455');
      p.run('USDT', PETITION, '0.99870');
      p.run('USDC', PETITION, '1.0001');
      p.run('SOL', PETITION, '142.371');
    }
    c.db.prepare("INSERT INTO estate_assets (ref, kind, asset, quantity, status, updated_at) VALUES ('EA-001', 'wallet', 'BTC', '100000000', 'under_control', 'x')").run();
    if (opts.classes) {
      const k = c.db.prepare('INSERT INTO classes (code, name, rank) VALUES (?, ?, ?)');
      for (const [code, rank] of [['CUST', 4], ['GUC', 5], ['SEC', 2], ['PRIO', 3], ['ADMIN', 1], ['SUB', 6], ['CONV', 5]] as const) k.run(code, code, rank);
    }
  });
  return c;
}

export function file(name: string, content: string | Buffer): string {
  const p = join(tmp(), name);
  writeFileSync(p, content);
  return p;
}

export function run(c: OpenCase, kind: ImportKind, path: string, extra: Partial<ImportRequest> = {}) {
  return importFile(c.db, 'tester', { path, kind, ...extra });
}

export function count(c: OpenCase, sql: string, ...args: unknown[]): number {
  return Number(c.db.prepare(sql).pluck().get(...args) as bigint);
}

export const CLAIMS_HEADER = 'ref,creditor_ref,creditor_name,asset,amount,status,filed_on';

/** A ZIP of stored (uncompressed) entries, for hand-made workbooks. */
export function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    locals.push(local, nameBuf, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A one-sheet workbook from raw sheetData XML (inline strings; no shared strings part). */
export function workbook(sheetData: string, dimension?: string): Buffer {
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml':
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Ledger" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${dimension ? `<dimension ref="${dimension}"/>` : ''}<sheetData>${sheetData}</sheetData></worksheet>`,
  });
}

/** sheetData XML for rows of cells: a string is an inline string, {n} a number cell, {f, v, t} a formula with its stored result. */
export type XCell = string | { n: string } | { f: string; v?: string; t?: 'str' | 'n' } | null;
export function sheetRows(rows: XCell[][]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return rows
    .map((cells, ri) => {
      const r = ri + 1;
      const cs = cells
        .map((c, ci) => {
          const ref = `${String.fromCharCode(65 + ci)}${r}`;
          if (c === null) return '';
          if (typeof c === 'string') return `<c r="${ref}" t="inlineStr"><is><t>${esc(c)}</t></is></c>`;
          if ('n' in c) return `<c r="${ref}"><v>${c.n}</v></c>`;
          return `<c r="${ref}"${c.t === 'str' ? ' t="str"' : ''}><f>${esc(c.f)}</f>${c.v !== undefined ? `<v>${esc(c.v)}</v>` : ''}</c>`;
        })
        .join('');
      return `<row r="${r}">${cs}</row>`;
    })
    .join('');
}
