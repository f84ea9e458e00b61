/**
 * The fonts notices are set in, shipped in assets/fonts (TrueType, OFL /
 * Apache-2.0), and how text is laid out in them.
 *
 * Each font file is read and parsed (fontkit) once per process or worker.
 * Layout is cached per font, not per document: Latin, Greek and Cyrillic
 * without combining marks need no shaping and map code points to glyphs
 * directly (a lookup table per face); other text (Arabic joining,
 * right-to-left order, CJK, combining marks) is shaped by fontkit a word at
 * a time and the result kept. How the glyphs end up in a PDF is embed.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../errors.js';
import { TrueTypeSource } from './subset.js';

/** Which face a piece of text is set in: one per script family the notices support. */
export type FontKey = 'latin' | 'latin-bold' | 'arabic' | 'arabic-bold' | 'hebrew' | 'hebrew-bold' | 'cjk';

const FILES: Record<FontKey, string> = {
  latin: 'NotoSans-Regular.ttf',
  'latin-bold': 'NotoSans-Bold.ttf',
  arabic: 'NotoSansArabic-Regular.ttf',
  'arabic-bold': 'NotoSansArabic-Bold.ttf',
  hebrew: 'NotoSansHebrew-Regular.ttf',
  'hebrew-bold': 'NotoSansHebrew-Bold.ttf',
  cjk: 'WenQuanYiMicroHei.ttf',
};

/** Resource names in the PDF, fixed per face (so a page's content does not depend on the order fonts were first used). */
const RESOURCE: Record<FontKey, string> = { latin: 'FL', 'latin-bold': 'FLB', arabic: 'FA', 'arabic-bold': 'FAB', hebrew: 'FH', 'hebrew-bold': 'FHB', cjk: 'FC' };

/** assets/fonts, found from this module in a checkout or a build. */
export function fontsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../../..', '../../../..', '../..']) {
    const p = resolve(here, up, 'assets/fonts');
    if (existsSync(resolve(p, FILES.latin))) return p;
  }
  throw new AppError('not_found', 'The notice fonts (assets/fonts) are missing from this installation; reinstall Recourse');
}

/* The parts of a fontkit font this module uses. */
interface FontkitGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
interface FontkitFont {
  postscriptName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  italicAngle: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  post: { isFixedPitch: number | boolean };
  head: { macStyle: { italic?: boolean } };
  'OS/2'?: { sFamilyClass?: number };
  glyphForCodePoint(cp: number): FontkitGlyph;
  hasGlyphForCodePoint(cp: number): boolean;
  layout(text: string): { glyphs: FontkitGlyph[]; positions: Array<{ xAdvance: number; xOffset: number; yOffset: number }> };
}

/** fontkit, the font parser (loaded on first use, through its CommonJS build). */
function fontkit(): { create(file: Buffer): FontkitFont } {
  return createRequire(import.meta.url)('fontkit') as { create(file: Buffer): FontkitFont };
}

/**
 * Laid-out text in 1/1000 em: glyph ids and each glyph's advance width, and
 * the text each glyph stands for: for text laid out glyph by glyph, glyph i
 * is `text`'s UTF-16 unit i; shaped text keeps fontkit's code points per
 * glyph and the positions shaping gave.
 */
export interface Run {
  gids: number[];
  widths: number[];
  text: string;
  codePoints: number[][] | null;
  pos: Array<{ xAdvance: number; xOffset: number; yOffset: number }> | null;
  width: number;
}

/** The code points glyph `i` of `r` stands for (for the ToUnicode map). */
export function codePointsOf(r: Run, i: number): number[] {
  return r.codePoints ? r.codePoints[i]! : [r.text.charCodeAt(i)];
}

/** Latin, Greek and Cyrillic without combining marks need no shaping: code points map to glyphs one to one. */
const NO_SHAPING = /^[\u0020-\u007e\u00a0-\u02ff\u0370-\u03ff\u0400-\u04ff\u1e00-\u1fff\u2010-\u2027\u2030-\u205e\u20a0-\u20bf]*$/;
const RUN_CACHE_MAX = 20_000;

/** One font file, parsed once per process: metrics, glyph lookup, layout caches and its raw tables for subsets. */
export class Face {
  readonly scale: number;
  /** Baseline below the top of the line box, per point of font size. */
  readonly ascender: number;
  readonly resource: string;
  readonly source: TrueTypeSource;
  /** The FontDescriptor entries other than the font name and file. */
  readonly descriptor: string;
  /** Glyph id and advance width by UTF-16 unit, filled as characters are first met (-1: not yet). */
  private readonly gidOf = new Int32Array(0x10000).fill(-1);
  private readonly widthOf = new Float64Array(0x10000);
  private runs = new Map<string, Run>();
  private readonly simple: boolean;

  constructor(readonly key: FontKey, readonly font: FontkitFont, file: Buffer) {
    this.scale = 1000 / font.unitsPerEm;
    this.ascender = (font.ascent * this.scale) / 1000;
    this.resource = RESOURCE[key];
    this.source = new TrueTypeSource(file);
    this.simple = key === 'latin' || key === 'latin-bold';
    const familyClass = (font['OS/2']?.sFamilyClass ?? 0) >> 8;
    const flags = (font.post.isFixedPitch ? 1 : 0) | (familyClass >= 1 && familyClass <= 7 ? 2 : 0) | 4 | (familyClass === 10 ? 8 : 0) | (font.head.macStyle.italic ? 64 : 0);
    const s = (v: number) => num(v * this.scale);
    const b = font.bbox;
    this.descriptor =
      `/Flags ${flags} /FontBBox [${s(b.minX)} ${s(b.minY)} ${s(b.maxX)} ${s(b.maxY)}] /ItalicAngle ${num(font.italicAngle)} ` +
      `/Ascent ${s(font.ascent)} /Descent ${s(font.descent)} /CapHeight ${s(font.capHeight || font.ascent)} /XHeight ${s(font.xHeight || 0)} /StemV 0`;
  }

  get postscriptName(): string {
    return this.font.postscriptName.replaceAll(' ', '_');
  }

  hasGlyph(cp: number): boolean {
    return this.font.hasGlyphForCodePoint(cp);
  }

  /** Look up (once) the glyph of UTF-16 unit `u` (a BMP code point: no-shaping text has no surrogates). */
  private learn(u: number): void {
    const g = this.font.glyphForCodePoint(u);
    this.gidOf[u] = g.id;
    this.widthOf[u] = g.advanceWidth * this.scale;
  }

  /** The width of `text` in 1/1000 em. */
  width(text: string): number {
    if (this.simple && NO_SHAPING.test(text)) {
      let w = 0;
      for (let i = 0; i < text.length; i++) {
        const u = text.charCodeAt(i);
        if (this.gidOf[u] === -1) this.learn(u);
        w += this.widthOf[u]!;
      }
      return w;
    }
    return this.run(text).width;
  }

  /** `text` laid out: glyph by glyph where no shaping is needed, else shaped by fontkit a word at a time (as pdfkit did). */
  run(text: string): Run {
    if (this.simple && NO_SHAPING.test(text)) {
      const n = text.length;
      const r: Run = { gids: new Array<number>(n), widths: new Array<number>(n), text, codePoints: null, pos: null, width: 0 };
      for (let i = 0; i < n; i++) {
        const u = text.charCodeAt(i);
        if (this.gidOf[u] === -1) this.learn(u);
        r.gids[i] = this.gidOf[u]!;
        r.widths[i] = this.widthOf[u]!;
        r.width += this.widthOf[u]!;
      }
      return r;
    }
    const words = text.match(/[^ \t]*(?:[ \t]|$)/g)!.filter((w) => w !== '');
    if (words.length === 1) return this.shaped(text);
    const r: Run = { gids: [], widths: [], text, codePoints: [], pos: [], width: 0 };
    for (const w of words) {
      const p = this.shaped(w);
      r.gids.push(...p.gids);
      r.widths.push(...p.widths);
      r.codePoints!.push(...p.codePoints!);
      r.pos!.push(...p.pos!);
      r.width += p.width;
    }
    return r;
  }

  private shaped(word: string): Run {
    const hit = this.runs.get(word);
    if (hit) return hit;
    const laid = this.font.layout(word);
    const r: Run = { gids: [], widths: [], text: word, codePoints: [], pos: [], width: 0 };
    laid.glyphs.forEach((g, i) => {
      const p = laid.positions[i]!;
      r.gids.push(g.id);
      r.widths.push(g.advanceWidth * this.scale);
      r.codePoints!.push(g.codePoints);
      r.pos!.push({ xAdvance: p.xAdvance * this.scale, xOffset: p.xOffset * this.scale, yOffset: p.yOffset * this.scale });
      r.width += p.xAdvance * this.scale;
    });
    if (this.runs.size >= RUN_CACHE_MAX) this.runs = new Map();
    this.runs.set(word, r);
    return r;
  }
}

let faces: Map<FontKey, Face> | null = null;

/** Read and parse every font once (per process or worker). */
export function loadFonts(): Map<FontKey, Face> {
  if (faces) return faces;
  const dir = fontsDir();
  const m = new Map<FontKey, Face>();
  const fk = fontkit();
  for (const key of Object.keys(FILES) as FontKey[]) {
    const file = readFileSync(resolve(dir, FILES[key]));
    m.set(key, new Face(key, fk.create(file), file));
  }
  faces = m;
  return m;
}

export function face(key: FontKey): Face {
  return loadFonts().get(key)!;
}

/** A number as PDF writes it: at most 3 decimals, no exponent. */
export function num(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  return r === 0 ? '0' : String(r);
}
