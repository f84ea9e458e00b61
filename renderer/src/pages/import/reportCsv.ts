/** The problems of a checked file as CSV (row, column, message), for "Save report". */
import type { ImportIssue } from '../../../../src/api/contract/index.js';

function cell(v: string | number): string {
  let s = String(v);
  // a spreadsheet would run a leading = + - @ as a formula
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function issuesCsv(issues: readonly ImportIssue[]): string {
  return ['row,column,message', ...issues.map((i) => `${i.row},${cell(i.column)},${cell(i.message)}`)].join('\r\n') + '\r\n';
}

/** Offer text as a file download (a Blob; nothing leaves the machine). */
export function download(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob(['\ufeff', text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
