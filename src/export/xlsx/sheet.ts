/**
 * Streaming XLSX: rows go to the zip as they are added, so a million-row
 * register never sits in memory. The sheet XML is written here directly
 * (ExcelJS's streaming writer needs 3.3 s of CPU per 100,000 rows of the
 * register's 19 columns, twice the 15 s budget for a million; this writes
 * them in a fraction of that) and zipped by ./zip.ts. Cells are typed:
 *  - amounts are numbers with the asset's decimals when the decimal text
 *    survives the trip through a double exactly and has at most 15 significant
 *    digits (what a spreadsheet keeps), and right-aligned text otherwise
 *    (18-decimal tokens);
 *  - dates are dates;
 *  - text that a spreadsheet could take for a formula (=, +, -, @, tab, CR
 *    first) is prefixed with an apostrophe, so nothing is ever evaluated.
 * Every sheet has a frozen, bold header row with filters and set widths.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatDecimal } from '../../money/index.js';
import { ZipWriter } from './zip.js';

export type Kind = 'text' | 'int' | 'amount' | 'date' | 'datetime' | 'bool';

export interface Column {
  header: string;
  width: number;
  kind: Kind;
}

/** An amount cell: minor units at a scale (a bigint, or the integer's decimal text as stored in the case file). */
export interface AmountCell {
  minor: bigint | string;
  scale: number;
}

export type CellIn = string | number | boolean | null | undefined | AmountCell;

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text as a spreadsheet must never evaluate it. */
export function guardText(s: string): string {
  const t = s.length > MAX_CELL_TEXT ? s.slice(0, MAX_CELL_TEXT - 20) + ' … (cut: too long)' : s;
  return FORMULA_START.test(t) ? "'" + t : t;
}

/** Excel's limit on the text of one cell. */
const MAX_CELL_TEXT = 32_000;

const MAX_EXACT_DIGITS = 15;

/**
 * The amount as a spreadsheet number when that is exact, else null. This is
 * the one place an amount becomes a double: only after checking it has at
 * most 15 significant digits and that the double prints back to the very
 * same decimal text.
 */
export function exactNumber(minor: bigint | string, scale: number): number | null {
  const text = exactText(minor, scale);
  return text === null ? null : Number(text);
}

/** The decimal text to store as a spreadsheet number, or null when a double cannot hold it exactly. */
export function exactText(minor: bigint | string, scale: number): string | null {
  const raw = typeof minor === 'bigint' ? minor.toString() : minor;
  let a = raw.charCodeAt(0) === 45 ? 1 : 0; // '-'
  let b = raw.length - 1;
  while (a < b && raw.charCodeAt(a) === 48) a++; // leading zeros
  while (b > a && raw.charCodeAt(b) === 48) b--; // trailing zeros
  if (b - a + 1 > MAX_EXACT_DIGITS || scale > 20) return null;
  const text = minorText(raw, scale);
  const n = Number(text); // checked below: the double must print back to exactly this text
  if (!Number.isFinite(n)) return null;
  return n.toFixed(scale) === text ? text : null;
}

const INTEGER = /^-?\d+$/;

/** Minor units (bigint or integer text) as decimal text at `scale`, exactly. */
export function minorText(minor: bigint | string, scale: number): string {
  if (typeof minor === 'bigint') return formatDecimal(minor, scale);
  if (!INTEGER.test(minor)) throw new Error(`Not an amount in minor units: ${minor}`);
  const neg = minor.startsWith('-');
  let d = (neg ? minor.slice(1) : minor).replace(/^0+(?=\d)/, '');
  const sign = neg && d !== '0' ? '-' : '';
  if (scale === 0) return sign + d;
  d = d.padStart(scale + 1, '0');
  return sign + d.slice(0, d.length - scale) + '.' + d.slice(d.length - scale);
}

/** '#,##0.00' for 2 decimals, '#,##0' for none. */
export function numFmt(scale: number): string {
  return scale > 0 ? '#,##0.' + '0'.repeat(scale) : '#,##0';
}


/* ---------- styles ---------- */

type StyleKey = 'header' | 'bold' | 'int' | 'date' | 'datetime' | 'textAmount' | `n${number}`;

/** The cell formats a workbook uses, numbered as they are first used; written out last. */
class Styles {
  private keys: StyleKey[] = [];
  private index = new Map<StyleKey, number>();

  id(k: StyleKey): number {
    let i = this.index.get(k);
    if (i === undefined) {
      this.keys.push(k);
      i = this.keys.length; // 0 is the default format
      this.index.set(k, i);
    }
    return i;
  }

  xml(): string {
    const fmts: string[] = [];
    const fmtId = new Map<string, number>();
    const custom = (code: string) => {
      let id = fmtId.get(code);
      if (id === undefined) {
        id = 164 + fmts.length;
        fmts.push(`<numFmt numFmtId="${id}" formatCode="${esc(code)}"/>`);
        fmtId.set(code, id);
      }
      return id;
    };
    const xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
    for (const k of this.keys) {
      if (k === 'header') xfs.push('<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"/>');
      else if (k === 'bold') xfs.push('<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>');
      else if (k === 'int') xfs.push('<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>');
      else if (k === 'date') xfs.push(`<xf numFmtId="${custom('yyyy-mm-dd')}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`);
      else if (k === 'datetime') xfs.push(`<xf numFmtId="${custom('yyyy-mm-dd hh:mm:ss')}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`);
      else if (k === 'textAmount') xfs.push('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="right"/></xf>');
      else {
        const scale = Number(k.slice(1));
        const id = scale === 0 ? 3 : custom(numFmt(scale));
        xfs.push(`<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`);
      }
    }
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      (fmts.length ? `<numFmts count="${fmts.length}">${fmts.join('')}</numFmts>` : '') +
      '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
      '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE8ECF2"/><bgColor indexed="64"/></patternFill></fill></fills>' +
      '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left/><right/><top/><bottom style="thin"><color indexed="64"/></bottom><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    );
  }
}

/* ---------- cells ---------- */

// eslint-disable-next-line no-control-regex -- exactly the control characters XML 1.0 forbids
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const XML_SPECIAL = /[&<>"\r]/;

function esc(s: string): string {
  let t = s.replace(INVALID_XML, '');
  // A literal CR would be read back as LF (XML line-end normalisation): write it as a character reference.
  if (XML_SPECIAL.test(t)) t = t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;');
  return t;
}

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const DAY_MS = 86_400_000;
const EXCEL_EPOCH_OFFSET = 25_569; // serial of 1970-01-01 in the 1900 date system

const serials = new Map<string, string | null>();

/** An ISO date or time as an Excel serial (text), or null when it is not one (dates repeat: cached). */
function serial(s: string, withTime: boolean): string | null {
  const key = (withTime ? 't' : 'd') + s;
  let v = serials.get(key);
  if (v === undefined) {
    v = toSerial(s, withTime);
    if (serials.size > 50_000) serials.clear();
    serials.set(key, v);
  }
  return v;
}

function toSerial(s: string, withTime: boolean): string | null {
  if (withTime ? !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) : !/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const ms = Date.parse(withTime ? s : s + 'T00:00:00Z');
  if (Number.isNaN(ms)) return null;
  const v = ms / DAY_MS + EXCEL_EPOCH_OFFSET;
  return withTime ? String(Math.round(v * 1e8) / 1e8) : String(Math.round(v));
}

function inline(ref: string, text: string, style: number): string {
  const t = esc(guardText(text));
  const space = /^\s|\s$|\n|&#13;/.test(t) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${style ? ` s="${style}"` : ''} t="inlineStr"><is><t${space}>${t}</t></is></c>`;
}

const CHUNK_BYTES = 1 << 20;

export class SheetWriter {
  rows = 0;
  /** Rows are encoded one by one into this buffer (cheap), never concatenated into one huge string (costly to flatten). */
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private pos = 0;
  private readonly letters: string[];
  private readonly s: { header: number; bold: number; int: number; date: number; datetime: number; textAmount: number };

  constructor(
    private readonly book: Workbook,
    readonly name: string,
    private readonly columns: readonly Column[],
    private readonly filter: boolean,
  ) {
    this.letters = columns.map((_, i) => colLetter(i + 1));
    const st = book.styles;
    this.s = { header: st.id('header'), bold: st.id('bold'), int: st.id('int'), date: st.id('date'), datetime: st.id('datetime'), textAmount: st.id('textAmount') };
    const cols = columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('');
    this.put(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      '<sheetViews><sheetView workbookViewId="0"' + (book.sheetCount() === 1 ? ' tabSelected="1"' : '') + '><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
      `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>` +
      '<row r="1">' + columns.map((c, i) => inline(this.letters[i]! + '1', c.header, this.s.header)).join('') + '</row>',
    );
  }

  private put(text: string): void {
    if (this.pos + text.length * 3 > this.buf.length) {
      this.flush();
      if (text.length * 3 > this.buf.length) {
        this.book.zip.write(text);
        return;
      }
    }
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  /** Add a data row; values in column order. `bold` for total lines. */
  add(values: readonly CellIn[], opts: { bold?: boolean } = {}): void {
    const r = this.rows + 2;
    let x = `<row r="${r}">`;
    for (let i = 0; i < this.columns.length; i++) {
      const v = values[i];
      if (v === null || v === undefined || v === '') continue;
      const ref = this.letters[i]! + r;
      const kind = this.columns[i]!.kind;
      if (typeof v === 'object') {
        const text = exactText(v.minor, v.scale);
        x += text !== null ? `<c r="${ref}" s="${this.book.styles.id(`n${v.scale}`)}"><v>${text}</v></c>` : inline(ref, minorText(v.minor, v.scale), this.s.textAmount);
      } else if (typeof v === 'number') {
        x += Number.isFinite(v) ? `<c r="${ref}" s="${this.s.int}"><v>${v}</v></c>` : '';
      } else if (typeof v === 'boolean') {
        x += inline(ref, v ? 'yes' : 'no', opts.bold ? this.s.bold : 0);
      } else if (kind === 'date' || kind === 'datetime') {
        const d = serial(v, kind === 'datetime');
        x += d !== null ? `<c r="${ref}" s="${kind === 'date' ? this.s.date : this.s.datetime}"><v>${d}</v></c>` : inline(ref, v, 0);
      } else {
        x += inline(ref, v, opts.bold ? this.s.bold : 0);
      }
    }
    this.put(x + '</row>');
    this.rows++;
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.book.zip.write(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  finish(): void {
    let tail = '</sheetData>';
    if (this.filter) tail += `<autoFilter ref="A1:${this.letters[this.letters.length - 1]}${this.rows + 1}"/>`;
    tail += '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';
    this.put(tail);
    this.flush();
    this.book.zip.end();
    this.book.sheetDone(this);
  }

  filterRange(): string | null {
    return this.filter ? `$A$1:$${this.letters[this.letters.length - 1]}$${this.rows + 1}` : null;
  }
}

/** A workbook written to `path` (through `path.part`, renamed when complete); `abort()` removes the partial file. */
export class Workbook {
  readonly zip: ZipWriter;
  readonly styles = new Styles();
  private readonly part: string;
  private readonly sheets: Array<{ name: string; filter: string | null }> = [];
  private open: SheetWriter | null = null;

  constructor(
    readonly path: string,
    private readonly opts: { created?: Date; title?: string } = {},
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.part = path + '.part';
    this.zip = new ZipWriter(this.part);
  }

  sheetCount(): number {
    return this.sheets.length + 1;
  }

  /** Start the next sheet (sheets are written one after the other). */
  sheet(name: string, columns: readonly Column[], opts: { filter?: boolean } = {}): SheetWriter {
    if (this.open) throw new Error(`Finish sheet ${this.open.name} before starting ${name}`);
    this.zip.begin(`xl/worksheets/sheet${this.sheets.length + 1}.xml`);
    this.open = new SheetWriter(this, name.slice(0, 31), columns, opts.filter !== false);
    return this.open;
  }

  sheetDone(s: SheetWriter): void {
    this.sheets.push({ name: s.name, filter: s.filterRange() });
    this.open = null;
  }

  /** Give the event loop a turn (cancel messages reach a worker between chunks). */
  async drain(): Promise<void> {
    await new Promise<void>((r) => setImmediate(r));
  }

  async commit(): Promise<void> {
    if (this.open) this.open.finish();
    const z = this.zip;
    const n = this.sheets.length;
    const sheetEntries = this.sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('');
    z.file('[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      sheetEntries +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>');
    z.file('_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
      '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>');
    const created = (this.opts.created ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    z.file('docProps/core.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<dc:title>${esc(this.opts.title ?? '')}</dc:title><dc:creator>Recourse</dc:creator><cp:lastModifiedBy>Recourse</cp:lastModifiedBy>` +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${created}</dcterms:modified></cp:coreProperties>`);
    z.file('docProps/app.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Recourse</Application></Properties>');
    const names = this.sheets
      .map((s, i) => (s.filter ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${esc(s.name.replace(/'/g, "''"))}'!${s.filter}</definedName>` : ''))
      .join('');
    z.file('xl/workbook.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      '<bookViews><workbookView activeTab="0"/></bookViews><sheets>' +
      this.sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets>' + (names ? `<definedNames>${names}</definedNames>` : '') + '</workbook>');
    z.file('xl/_rels/workbook.xml.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      this.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      `<Relationship Id="rId${n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`);
    z.file('xl/styles.xml', this.styles.xml());
    z.close();
    renameSync(this.part, this.path);
  }

  async abort(): Promise<void> {
    this.zip.discard();
    rmSync(this.part, { force: true });
  }
}
