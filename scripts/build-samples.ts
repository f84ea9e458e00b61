/** Writes assets/samples/claims.xlsx from claims.csv (npx tsx scripts/build-samples.ts). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { CsvParser } from '../src/services/import/csv.js';

const dir = fileURLToPath(new URL('../assets/samples/', import.meta.url));
const rows: string[][] = [];
const p = new CsvParser(44, (cells) => rows.push(cells));
p.push(readFileSync(dir + 'claims.csv', 'utf8'));
p.end();

const wb = new ExcelJS.Workbook();
wb.created = new Date(Date.UTC(2026, 0, 1));
wb.modified = wb.created;
const ws = wb.addWorksheet('Claims');
const header = rows[0]!;
ws.addRow(header);
const amountCol = header.indexOf('amount');
const allowedCol = header.indexOf('allowed_amount');
rows.slice(1).forEach((r, i) => {
  const row = ws.addRow(r.map((v) => v));
  // amounts stay text (a spreadsheet number holds only 15 digits); one allowed amount is a formula with its stored result
  if (r[allowedCol] && i === 6) {
    row.getCell(allowedCol + 1).value = { formula: `${ws.getColumn(amountCol + 1).letter}${i + 2}`, result: r[allowedCol] };
  }
});
ws.columns.forEach((c) => (c.width = 16));
await wb.xlsx.writeFile(dir + 'claims.xlsx');
console.log(`Wrote ${dir}claims.xlsx (${rows.length - 1} claims)`);
