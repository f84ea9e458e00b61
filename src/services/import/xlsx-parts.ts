/**
 * The workbook parts around the sheet, read straight from the ZIP (each part
 * unpacked as a stream from its place in the file, nothing spooled to disk):
 * which sheet is the first visible one and where its XML is, the 1904 date
 * flag, and the shared strings table.
 */
import { AppError } from '../../errors.js';
import type { ZipEntry } from './zipdir.js';
import { entryChunks } from './zipguard.js';
import { attr, unescapeXml, XmlChunkScanner } from './xml-chunks.js';

/** A small part (workbook, relationships) as text; larger than this is not a real one. */
const SMALL_PART = 16 * 1024 * 1024;

async function partText(path: string, e: ZipEntry): Promise<string> {
  if (e.size > SMALL_PART) throw new AppError('import_rejected', `The workbook part ${e.name} is ${Math.round(e.size / 1048576)} MB unpacked, far more than a real one; the file is damaged`);
  const parts: Buffer[] = [];
  for await (const chunk of entryChunks(path, e, e.name)) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

/** The opening tags named `name` (any namespace prefix) in `xml`, each as [from, to] of its text. */
function tags(xml: string, name: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${name}(?=[\\s/>])`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const end = xml.indexOf('>', m.index);
    if (end < 0) break;
    out.push([m.index + m[0].length, end]);
  }
  return out;
}

export interface SheetChoice {
  /** The sheet's name ("Sheet1" when the workbook does not say). */
  name: string;
  entry: ZipEntry;
  date1904: boolean;
}

/**
 * The first sheet of the workbook that is not hidden, as Excel lists them, and its part. Without relationships
 * naming the sheet parts, the first sheet part in the file is read (as exceljs did).
 */
export async function chooseSheet(path: string, entries: ZipEntry[]): Promise<SheetChoice> {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const wb = await partText(path, byName.get('xl/workbook.xml')!);
  const pr = tags(wb, 'workbookPr')[0];
  const flag = pr ? attr(wb, pr[0], pr[1], 'date1904') : null;
  const date1904 = flag === '1' || flag === 'true';
  const sheets = tags(wb, 'sheet').map(([a, b]) => ({ name: attr(wb, a, b, 'name'), state: attr(wb, a, b, 'state'), rid: attr(wb, a, b, 'id') }));
  const first = sheets.find((s) => s.state !== 'hidden');
  const relsEntry = byName.get('xl/_rels/workbook.xml.rels');
  const targets = new Map<string, string>();
  if (relsEntry) {
    const rels = await partText(path, relsEntry);
    for (const [a, b] of tags(rels, 'Relationship')) {
      const id = attr(rels, a, b, 'Id');
      const target = attr(rels, a, b, 'Target');
      if (id !== null && target !== null) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    }
  }
  const isSheetPart = (n: string) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n);
  if (targets.size === 0) {
    const entry = entries.find((e) => isSheetPart(e.name));
    if (entry) return { name: 'Sheet1', entry, date1904 };
  }
  const part = first?.rid ? targets.get(first.rid) : undefined;
  const entry = part !== undefined && isSheetPart(part) ? byName.get(part) : undefined;
  if (!first || !entry) throw new AppError('import_rejected', 'The workbook has no visible sheet to read');
  return { name: first.name ?? 'Sheet1', entry, date1904 };
}

/**
 * The shared strings table: the text of each <si>, its <t> runs joined (rich text keeps only its characters;
 * phonetic readings, <rPh>, are not part of the text). Fed decoded XML in chunks.
 */
export class SharedStringsScanner extends XmlChunkScanner {
  readonly list: string[] = [];
  private inItem = false;
  private phonetic = 0;
  private text = '';

  protected rest(s: string, from: number): void {
    if (this.capture) this.buf += s.slice(from);
  }

  protected keep(s: string, from: number): void {
    this.tail = s.slice(from);
    if (this.tail.length > 1 << 20) throw new AppError('import_rejected', 'The workbook\'s shared text holds a tag too long to be real; the file is damaged');
  }

  protected element(s: string, p: number, e: number, _end: number, closing: boolean, selfClosing: boolean): void {
    const len = e - p;
    const name = len === 1 && s.charCodeAt(p) === 116 ? 't' : len === 2 && s.startsWith('si', p) ? 'si' : len === 3 && s.startsWith('rPh', p) ? 'rPh' : '';
    if (name === 'si') {
      if (!closing) {
        this.inItem = true;
        this.text = '';
        this.phonetic = 0;
      }
      if (closing || selfClosing) {
        this.list.push(this.text);
        this.inItem = false;
        this.text = '';
      }
    } else if (name === 'rPh') {
      if (closing) this.phonetic = Math.max(0, this.phonetic - 1);
      else if (!selfClosing) this.phonetic++;
    } else if (name === 't') {
      if (closing) {
        if (this.capture) this.text += unescapeXml(this.buf);
        this.capture = false;
      } else if (!selfClosing && this.inItem && this.phonetic === 0) {
        this.capture = true;
        this.buf = '';
      }
    }
  }
}

/** The workbook's shared strings (an empty table when it has none). */
export async function readSharedStrings(path: string, entries: ZipEntry[]): Promise<string[]> {
  const e = entries.find((x) => x.name === 'xl/sharedStrings.xml');
  if (!e) return [];
  const scanner = new SharedStringsScanner();
  const td = new TextDecoder('utf-8');
  for await (const chunk of entryChunks(path, e, e.name)) scanner.push(td.decode(chunk, { stream: true }));
  scanner.push(td.decode());
  return scanner.list;
}
