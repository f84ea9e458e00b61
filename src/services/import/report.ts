/** The problem list of an import as CSV (row, column, message), safe to open in a spreadsheet. */
import type { ImportIssue } from '../../api/contract/import.js';

function cell(v: string | number): string {
  let s = String(v);
  // a leading = + - @ would be run as a formula by a spreadsheet
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function issuesCsv(issues: readonly ImportIssue[]): string {
  const lines = ['row,column,message'];
  for (const i of issues) lines.push(`${i.row},${cell(i.column)},${cell(i.message)}`);
  return lines.join('\r\n') + '\r\n';
}
