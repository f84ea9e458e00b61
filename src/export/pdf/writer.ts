/**
 * A small PDF writer for the notices: A4 pages of text in the embedded fonts
 * (fonts.ts, embed.ts), filled rectangles, rules and raw path operators,
 * written as PDF 1.4 with compressed streams. It does only what notices need,
 * which is what makes a batch fast (it replaced pdfkit, which spent three
 * times as long per notice): no generic text engine, compact content
 * streams, font subsets copied from the font's stored outlines (subset.ts)
 * and the Latin base subsets made once per process.
 *
 * Coordinates are in points from the top-left corner, as in the layout code;
 * the writer turns them into PDF's bottom-up space. The output depends only
 * on what was drawn and the document info given (no clock, no random IDs),
 * so the same input always gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { DocFonts, type AddObject } from './embed.js';
import { face, num, type FontKey } from './fonts.js';

export const A4 = { width: 595.28, height: 841.89 };

/**
 * zlib level for streams. A statement's content is ~65 kB, most of it the QR
 * code's rectangles: level 1 compresses it in under a third of the time of
 * zlib's default 6, for a stream of ~17 kB instead of ~14 kB.
 */
const DEFLATE = { level: 1 };

export interface DocInfo {
  title: string;
  subject: string;
  author: string;
  /** The document's date (CreationDate and ModDate), from its input. */
  date: Date;
}

interface Page {
  ops: string[];
  fill: string;
  stroke: string;
  lineWidth: number;
}

const rgb = (hex: string): string => {
  const v = parseInt(hex.slice(1), 16);
  return `${num(((v >> 16) & 255) / 255)} ${num(((v >> 8) & 255) / 255)} ${num((v & 255) / 255)}`;
};
const rgbCache = new Map<string, string>();
const color = (hex: string): string => {
  let c = rgbCache.get(hex);
  if (!c) rgbCache.set(hex, (c = rgb(hex)));
  return c;
};

export class PdfDoc {
  private readonly pages: Page[] = [];
  private page!: Page;
  private readonly fonts = new DocFonts();

  constructor(private readonly info: DocInfo) {
    this.addPage();
  }

  addPage(): void {
    this.page = { ops: [], fill: '', stroke: '', lineWidth: -1 };
    this.pages.push(this.page);
  }

  get pageCount(): number {
    return this.pages.length;
  }

  /** Draw on page `i` (0-based) from now on. */
  usePage(i: number): void {
    this.page = this.pages[i]!;
  }

  private setFill(hex: string): void {
    if (this.page.fill !== hex) {
      this.page.fill = hex;
      this.page.ops.push(`${color(hex)} rg`);
    }
  }

  /** Draw `text` in `key` at `size` with the top of its line box at (x, y); returns its width. */
  text(key: FontKey, size: number, text: string, x: number, y: number, fill: string): number {
    const f = face(key);
    const r = f.run(text);
    if (!r.gids.length) return 0;
    this.setFill(fill);
    const by = A4.height - y - f.ascender * size;
    const ops = this.page.ops;
    const sz = num(size);
    if (!r.pos) {
      let op = 'BT';
      for (const [res, hex] of this.fonts.plain(f, r)) op += ` /${res} ${sz} Tf${op === 'BT' ? ` ${num(x)} ${num(by)} Td` : ''} <${hex}> Tj`;
      ops.push(op + ' ET');
      return (r.width * size) / 1000;
    }
    // Shaped text: kerning as TJ adjustments, marks placed with their own text matrix (as pdfkit did).
    const [res, sub] = this.fonts.shaped(f);
    ops.push(`BT /${res} ${sz} Tf ${num(x)} ${num(by)} Td`);
    const k = size / 1000;
    let cx = x;
    let last = 0;
    let seg: string[] = [];
    let offset = false;
    const addSegment = (cur: number) => {
      if (last < cur) seg.push(`<${sub.encode(r, last, cur)}> ${num(-(r.pos![cur - 1]!.xAdvance - r.widths[cur - 1]!))}`);
      last = cur;
    };
    const flush = (i: number) => {
      addSegment(i);
      if (seg.length) ops.push(`[${seg.join(' ')}] TJ`);
      seg = [];
    };
    let i = 0;
    for (; i < r.gids.length; i++) {
      const p = r.pos[i]!;
      if (p.xOffset || p.yOffset) {
        flush(i);
        ops.push(`1 0 0 1 ${num(cx + p.xOffset * k)} ${num(by + p.yOffset * k)} Tm`);
        flush(i + 1);
        offset = true;
      } else {
        if (offset) {
          ops.push(`1 0 0 1 ${num(cx)} ${num(by)} Tm`);
          offset = false;
        }
        if (p.xAdvance !== r.widths[i]) addSegment(i + 1);
      }
      cx += p.xAdvance * k;
    }
    flush(i);
    ops.push('ET');
    return r.width * k;
  }

  /** A filled rectangle, (x, y) its top-left corner. */
  rect(x: number, y: number, w: number, h: number, fill: string): void {
    this.setFill(fill);
    this.page.ops.push(`${num(x)} ${num(A4.height - y - h)} ${num(w)} ${num(h)} re f`);
  }

  /** A straight rule. */
  line(x1: number, y1: number, x2: number, y2: number, width: number, stroke: string): void {
    const p = this.page;
    if (p.stroke !== stroke) {
      p.stroke = stroke;
      p.ops.push(`${color(stroke)} RG`);
    }
    if (p.lineWidth !== width) {
      p.lineWidth = width;
      p.ops.push(`${num(width)} w`);
    }
    p.ops.push(`${num(x1)} ${num(A4.height - y1)} m ${num(x2)} ${num(A4.height - y2)} l S`);
  }

  /**
   * Raw operators in a coordinate system of `unit`-point cells with its
   * origin at (x, y) and y growing downwards, in their own graphics state.
   */
  raw(ops: string, x: number, y: number, unit: number): void {
    this.page.ops.push(`q ${num(unit)} 0 0 ${num(-unit)} ${num(x)} ${num(A4.height - y)} cm`, ops, 'Q');
  }

  /** The finished file. */
  end(): Buffer {
    const objs: Buffer[][] = [];
    const obj = (n: number, dict: string): Buffer[] => [Buffer.from(`${n} 0 obj\n${dict}\nendobj\n`, 'latin1')];
    const add: AddObject = (dict, stream, deflated) => {
      const n = objs.length + 1;
      if (!stream) objs.push(obj(n, dict));
      else {
        const z = deflated ? stream : deflateSync(stream, DEFLATE);
        objs.push([Buffer.from(`${n} 0 obj\n<< ${dict} /Length ${z.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), z, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
      }
      return n;
    };
    // 1 catalog, 2 page tree, 3 info, 4 the resources all pages share; then fonts and pages.
    for (let i = 0; i < 4; i++) add('null');
    const fonts = this.fonts.embed(add, face);
    const kids: string[] = [];
    for (const p of this.pages) {
      const content = add('', Buffer.from(p.ops.join('\n'), 'latin1'));
      kids.push(`${add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] /Contents ${content} 0 R /Resources 4 0 R >>`)} 0 R`);
    }
    const d = pdfDate(this.info.date);
    objs[0] = obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
    objs[1] = obj(2, `<< /Type /Pages /Count ${kids.length} /Kids [${kids.join(' ')}] >>`);
    objs[2] = obj(3, `<< /Title ${pdfString(this.info.title)} /Subject ${pdfString(this.info.subject)} /Author ${pdfString(this.info.author)} /Creator (Recourse) /Producer (Recourse) /CreationDate ${d} /ModDate ${d} >>`);
    objs[3] = obj(4, `<< /Font << ${fonts} >> /ProcSet [/PDF /Text] >>`);
    // Header, objects, cross-reference table and trailer; the file ID is a hash of the content.
    const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
    let at = parts[0]!.length;
    let xref = `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
    const hash = createHash('md5');
    for (const o of objs) {
      xref += `${String(at).padStart(10, '0')} 00000 n \n`;
      for (const b of o) {
        parts.push(b);
        hash.update(b);
        at += b.length;
      }
    }
    const id = hash.digest('hex');
    parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Info 3 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${at}\n%%EOF\n`, 'latin1'));
    return Buffer.concat(parts);
  }
}

/** A PDF date, D:YYYYMMDDHHmmSSZ (UTC). */
function pdfDate(d: Date): string {
  return `(D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;
}

/** A PDF text string: literal for printable ASCII, else UTF-16BE with a byte order mark. */
function pdfString(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `(${s.replace(/[\\()]/g, (c) => '\\' + c)})`;
  let hex = 'feff';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0');
  return `<${hex}>`;
}
