import { describe, expect, it } from 'vitest';
import { CsvParser, detectDelimiter } from '../../src/services/import/csv.js';
import { AppError } from '../../src/errors.js';

function parse(text: string, chunk = Infinity, delim = ','): Array<{ n: number; cells: string[]; bad: number }> {
  const out: Array<{ n: number; cells: string[]; bad: number }> = [];
  const p = new CsvParser(delim.charCodeAt(0), (cells, n, bad) => out.push({ n, cells, bad }));
  for (let i = 0; i < text.length; i += chunk === Infinity ? text.length : chunk) p.push(text.slice(i, chunk === Infinity ? undefined : i + chunk));
  p.end();
  return out;
}

const SAMPLE = 'ref,name,notes\r\nC-1,"Smith, Anna","line one\r\nline two"\r\nC-2,"He said ""hi""",\r\nC-3,plain,"a,b"';

describe('CSV reading (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and CRLF line ends', () => {
    const rows = parse(SAMPLE);
    expect(rows.map((r) => r.cells)).toEqual([
      ['ref', 'name', 'notes'],
      ['C-1', 'Smith, Anna', 'line one\r\nline two'],
      ['C-2', 'He said "hi"', ''],
      ['C-3', 'plain', 'a,b'],
    ]);
    // records are numbered, not lines: the quoted line break does not count
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3, 4]);
  });

  it('gives the same records however the text is cut into chunks', () => {
    const whole = parse(SAMPLE);
    for (let size = 1; size <= SAMPLE.length; size++) expect(parse(SAMPLE, size)).toEqual(whole);
  });

  it('accepts LF and lone CR line ends and a missing final line break', () => {
    expect(parse('a,b\nc,d\re,f').map((r) => r.cells)).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f']]);
  });

  it('reports text after a closing quote on its row and column', () => {
    const rows = parse('a,b\n"x"y,z\n');
    expect(rows[1]).toMatchObject({ n: 2, bad: 0, cells: ['xy', 'z'] });
  });

  it('refuses a file that ends inside a quoted field, naming the row where the quote opened', () => {
    expect(() => parse('a,b\n1,"open\n2,3\n')).toThrow(/ends inside a quoted field that starts on row 2/);
  });

  it('refuses a record with more columns than the limit', () => {
    const wide = Array.from({ length: 300 }, (_, i) => `c${i}`).join(',');
    try {
      parse(`a\n${wide}\n`);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as Error).message).toMatch(/Row 2 has more than 256 columns/);
    }
  });

  it('detects semicolon and tab delimiters from the header line', () => {
    expect(detectDelimiter('ref;name;amount\n1;2;3')).toBe(';');
    expect(detectDelimiter('ref\tname\tamount')).toBe('\t');
    expect(detectDelimiter('ref,"a;b;c",amount')).toBe(',');
    expect(parse('a;b\n"x;y";2', Infinity, ';').map((r) => r.cells)).toEqual([['a', 'b'], ['x;y', '2']]);
  });
});
