/**
 * The fonts of one PDF (writer.ts): each font as a Type 0 font over a
 * CIDFontType2 subset, with its widths and a ToUnicode map so text stays
 * extractable.
 *
 * The Latin faces, in every notice, are embedded in two parts. A shared base
 * subset holds a fixed repertoire (printable ASCII and the template's "·" and
 * "—"): it is built and compressed once per process and its bytes are copied
 * into every document. Anything else a document sets in those faces (é, ß,
 * Greek, Cyrillic, ...) goes into a small per-document subset of its own.
 * Arabic, Hebrew and CJK faces only get per-document subsets, built only
 * when the text needs them. Per-document subsets number their glyphs in the
 * order the document first used them.
 */
import { deflateSync } from 'node:zlib';
import { codePointsOf, num, type Face, type FontKey, type Run } from './fonts.js';

/** Adds an object (a dictionary, or a stream with its dictionary entries) and returns its number; `deflated` streams are written as given. */
export type AddObject = (dict: string, stream?: Buffer, deflated?: boolean) => number;

/** The shared base subsets' repertoire. */
const BASE_TEXT = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('') + '\u00b7\u2014';

/** Subset tags (six capital letters): per-document subsets by face, and the shared base subsets. */
const TAG: Record<FontKey, string> = { latin: 'RCRSAA', 'latin-bold': 'RCRSAB', arabic: 'RCRSAC', 'arabic-bold': 'RCRSAD', hebrew: 'RCRSAE', 'hebrew-bold': 'RCRSAF', cjk: 'RCRSAG' };
const BASE_TAG: Partial<Record<FontKey, string>> = { latin: 'RCRSBA', 'latin-bold': 'RCRSBB' };

const HEX4: string[] = Array.from({ length: 4096 }, (_, i) => i.toString(16).padStart(4, '0'));
const hex4 = (v: number): string => HEX4[v] ?? v.toString(16).padStart(4, '0');

/** A face's glyphs as one document uses them: renumbered in order of first use, with widths and the text they stand for. */
class Subset {
  /** Font glyph id → subset glyph id. */
  private readonly ids = new Map<number, number>([[0, 0]]);
  readonly used: number[] = [0];
  readonly widths: number[];
  readonly unicode: Array<number[] | null> = [null];

  constructor(readonly face: Face) {
    this.widths = [face.font.glyphForCodePoint(0).advanceWidth * face.scale];
  }

  /** Glyphs `from`..`to` of the run as a hex string of 2-byte codes (Identity-H). */
  encode(r: Run, from = 0, to = r.gids.length): string {
    let hex = '';
    for (let i = from; i < to; i++) {
      const g = r.gids[i]!;
      let id = this.ids.get(g);
      if (id === undefined) {
        id = this.used.length;
        this.ids.set(g, id);
        this.used.push(g);
        this.widths.push(r.widths[i]!);
        this.unicode.push(codePointsOf(r, i));
      }
      hex += hex4(id);
    }
    return hex;
  }

  /** Writes the subset's objects; returns the Type 0 font's object number. */
  embed(add: AddObject): number {
    const f = this.face;
    return writeFont(add, f, `${TAG[f.key]}+${f.postscriptName}`, { data: f.source.subset(this.used.slice()), deflated: false }, this.widths, {
      data: Buffer.from(toUnicodeCmap(this.unicode), 'latin1'),
      deflated: false,
    });
  }
}

/** A Latin face's shared base subset: which glyphs it holds and its objects' bytes, made once per process. */
interface Base {
  /** Font glyph id → base glyph id, -1 when not in the base. */
  idOf: Int32Array;
  file: { data: Buffer; length1: number };
  widths: number[];
  toUnicode: Buffer;
}

const bases = new Map<FontKey, Base | null>();

function baseOf(f: Face): Base | null {
  let b = bases.get(f.key);
  if (b !== undefined) return b;
  b = null;
  if (BASE_TAG[f.key]) {
    const r = f.run(BASE_TEXT);
    const idOf = new Int32Array(f.source.numGlyphs).fill(-1);
    idOf[0] = 0;
    const used = [0];
    const widths = [f.font.glyphForCodePoint(0).advanceWidth * f.scale];
    const unicode: Array<number[] | null> = [null];
    r.gids.forEach((g, i) => {
      if (idOf[g] !== -1) return;
      idOf[g] = used.length;
      used.push(g);
      widths.push(r.widths[i]!);
      unicode.push(codePointsOf(r, i));
    });
    const file = f.source.subset(used);
    b = {
      idOf,
      file: { data: deflateSync(file, { level: 9 }), length1: file.length },
      widths,
      toUnicode: deflateSync(Buffer.from(toUnicodeCmap(unicode), 'latin1'), { level: 9 }),
    };
  }
  bases.set(f.key, b);
  return b;
}

/** One document's fonts. */
export class DocFonts {
  private readonly subsets = new Map<string, Subset>();
  private readonly basesUsed = new Set<FontKey>();

  private subset(f: Face, resource: string): Subset {
    let s = this.subsets.get(resource);
    if (!s) this.subsets.set(resource, (s = new Subset(f)));
    return s;
  }

  /** The resource name and subset for shaped text in `f` (never in a base subset). */
  shaped(f: Face): [string, Subset] {
    const res = BASE_TAG[f.key] ? f.resource + 'X' : f.resource;
    return [res, this.subset(f, res)];
  }

  /** An unshaped run as consecutive pieces of one font each: [resource name, hex codes]. */
  plain(f: Face, r: Run): Array<[string, string]> {
    const base = baseOf(f);
    if (!base) return [[f.resource, this.subset(f, f.resource).encode(r)]];
    const out: Array<[string, string]> = [];
    let i = 0;
    while (i < r.gids.length) {
      const inBase = base.idOf[r.gids[i]!] !== -1;
      let j = i;
      let hex = '';
      while (j < r.gids.length && (base.idOf[r.gids[j]!] !== -1) === inBase) {
        if (inBase) hex += hex4(base.idOf[r.gids[j]!]!);
        j++;
      }
      if (inBase) {
        this.basesUsed.add(f.key);
        out.push([f.resource, hex]);
      } else {
        const [res, s] = this.shaped(f);
        out.push([res, s.encode(r, i, j)]);
      }
      i = j;
    }
    return out;
  }

  /** Writes every font used; returns the /Font resource entries. */
  embed(add: AddObject, faceOf: (key: FontKey) => Face): string {
    const entries: Array<[string, number]> = [];
    for (const key of [...this.basesUsed].sort()) {
      const f = faceOf(key);
      const b = baseOf(f)!;
      entries.push([f.resource, writeFont(add, f, `${BASE_TAG[key]}+${f.postscriptName}`, { data: b.file.data, deflated: true, length1: b.file.length1 }, b.widths, { data: b.toUnicode, deflated: true })]);
    }
    for (const [res, s] of this.subsets) entries.push([res, s.embed(add)]);
    return entries
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([res, n]) => `/${res} ${n} 0 R`)
      .join(' ');
  }
}

interface StreamData {
  data: Buffer;
  deflated: boolean;
  length1?: number;
}

function writeFont(add: AddObject, f: Face, name: string, file: StreamData, widths: readonly number[], toUnicode: StreamData): number {
  const fontFile = add(`/Length1 ${file.length1 ?? file.data.length}`, file.data, file.deflated);
  const descriptor = add(`<< /Type /FontDescriptor /FontName /${name} ${f.descriptor} /FontFile2 ${fontFile} 0 R >>`);
  const cid = add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> ` +
      `/FontDescriptor ${descriptor} 0 R /W [0 [${widths.map(num).join(' ')}]] /CIDToGIDMap /Identity >>`,
  );
  const cmap = add('', toUnicode.data, toUnicode.deflated);
  return add(`<< /Type /Font /Subtype /Type0 /BaseFont /${name} /Encoding /Identity-H /DescendantFonts [${cid} 0 R] /ToUnicode ${cmap} 0 R >>`);
}

function utf16Hex(cps: readonly number[]): string {
  let s = '';
  for (const cp of cps) {
    if (cp > 0xffff) {
      const v = cp - 0x10000;
      s += hex4(0xd800 | (v >> 10)) + hex4(0xdc00 | (v & 0x3ff));
    } else s += hex4(cp);
  }
  return s;
}

function toUnicodeCmap(unicode: ReadonlyArray<number[] | null>): string {
  const lines: string[] = [];
  unicode.forEach((cps, id) => {
    if (cps && cps.length) lines.push(`<${hex4(id)}> <${utf16Hex(cps)}>`);
  });
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i += 100) {
    const chunk = lines.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
  }
  return (
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n' +
    '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n' +
    blocks.join('\n') +
    '\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend'
  );
}
