/**
 * The fonts notices are set in, shipped in assets/fonts (TrueType, OFL / Apache-2.0),
 * and the one trick that makes batches fast: each font file is read and parsed
 * by fontkit once per process (per worker), and every document gets a fresh
 * pdfkit EmbeddedFont (its own subset) over that shared parsed font. Parsing
 * and laying out glyphs again for every document is what makes a naive batch
 * slow (60 notices a second against several hundred). The shipped files are
 * also unhinted (assets/fonts/README.md): a PDF needs no TrueType hinting,
 * and re-encoding hint programs into every subset was a third of the time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { AppError } from '../../errors.js';

/**
 * Which face a piece of text is set in: one per script family the notices
 * support, and 'mono' (PDF's standard Courier, never embedded) for hashes and
 * proof data, which are ASCII and unique per notice: shaping them with an
 * embedded font would cost more than the rest of the page.
 */
export type FontKey = 'latin' | 'latin-bold' | 'arabic' | 'arabic-bold' | 'hebrew' | 'hebrew-bold' | 'cjk' | 'mono';
type EmbeddedKey = Exclude<FontKey, 'mono'>;

const FILES: Record<EmbeddedKey, string> = {
  latin: 'NotoSans-Regular.ttf',
  'latin-bold': 'NotoSans-Bold.ttf',
  arabic: 'NotoSansArabic-Regular.ttf',
  'arabic-bold': 'NotoSansArabic-Bold.ttf',
  hebrew: 'NotoSansHebrew-Regular.ttf',
  'hebrew-bold': 'NotoSansHebrew-Bold.ttf',
  cjk: 'WenQuanYiMicroHei.ttf',
};

/** assets/fonts, found from this module in a checkout or a build. */
export function fontsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../../..', '../../../..', '../..']) {
    const p = resolve(here, up, 'assets/fonts');
    if (existsSync(resolve(p, FILES.latin))) return p;
  }
  throw new AppError('not_found', 'The notice fonts (assets/fonts) are missing from this installation; reinstall Recourse');
}

/* pdfkit's internals this module relies on (stable across 0.1x; the rendering tests catch a change). */
interface FontkitGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
interface FontkitFont {
  postscriptName: string;
  glyphForCodePoint(cp: number): FontkitGlyph;
}
interface GlyphRun {
  glyphs: FontkitGlyph[];
  positions: Array<{ xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }>;
  advanceWidth: number;
}
interface EmbeddedFontLike {
  font: FontkitFont;
  scale: number;
  layoutCache?: Record<string, unknown>;
  layoutRun(text: string, features?: unknown): GlyphRun;
}
type EmbeddedFontCtor = new (doc: PDFKit.PDFDocument, font: FontkitFont, id: string) => EmbeddedFontLike;
interface DocInternals {
  _fontFamilies: Record<string, EmbeddedFontLike>;
  _fontCount: number;
  _font: EmbeddedFontLike;
  _fontFamily: string | null;
  _fontSource: unknown;
}

interface Loaded {
  ctor: EmbeddedFontCtor;
  fonts: Map<EmbeddedKey, FontkitFont>;
  layout: Map<EmbeddedKey, Record<string, unknown>>;
}

let loaded: Loaded | null = null;

/** Parse every font once (per process or worker). */
export function loadFonts(): Loaded {
  if (loaded) return loaded;
  const dir = fontsDir();
  const fonts = new Map<EmbeddedKey, FontkitFont>();
  let ctor: EmbeddedFontCtor | null = null;
  for (const key of Object.keys(FILES) as EmbeddedKey[]) {
    const probe = new PDFDocument({ autoFirstPage: false }) as unknown as PDFKit.PDFDocument & DocInternals;
    probe.font(readFileSync(resolve(dir, FILES[key])));
    fonts.set(key, probe._font.font);
    ctor ??= probe._font.constructor as EmbeddedFontCtor;
  }
  loaded = { ctor: ctor!, fonts, layout: new Map() };
  return loaded;
}

/** Select `key` on `doc`, embedding it (as a fresh subset) the first time this document uses it. */
export function useFont(doc: PDFKit.PDFDocument, key: FontKey): void {
  if (key === 'mono') {
    doc.font('Courier');
    return;
  }
  const d = doc as unknown as DocInternals;
  let f = d._fontFamilies[key];
  if (!f) {
    const L = loadFonts();
    f = new L.ctor(doc, L.fonts.get(key)!, `F${++d._fontCount}`);
    // Shaping results are per font, not per document: share them, bounded.
    let cache = L.layout.get(key);
    if (!cache || Object.keys(cache).length > 20_000) {
      cache = Object.create(null) as Record<string, unknown>;
      L.layout.set(key, cache);
    }
    f.layoutCache = cache;
    if (key === 'latin' || key === 'latin-bold') fastLatin(f);
    d._fontFamilies[key] = f;
  }
  d._font = f;
  d._fontFamily = key;
  d._fontSource = key;
}

/** A new A4 document with fixed metadata, so the same input always gives the same bytes. */
export function newDocument(opts: { title: string; subject: string; author: string; date: Date }): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    autoFirstPage: true,
    bufferPages: true,
    // No default Helvetica: every face is embedded from assets/fonts.
    font: null as unknown as string,
    info: { Title: opts.title, Subject: opts.subject, Author: opts.author, Creator: 'Recourse', Producer: 'Recourse', CreationDate: opts.date, ModDate: opts.date },
  });
  return doc;
}

/** Collect a document's bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((res, rej) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => res(Buffer.concat(chunks)));
    doc.on('error', rej);
    doc.end();
  });
}

/** Latin, Greek and Cyrillic without combining marks need no shaping: map code points to glyphs directly. */
const NO_SHAPING = /^[\u0020-\u007e\u00a0-\u02ff\u0370-\u03ff\u0400-\u04ff\u1e00-\u1fff\u2010-\u2027\u2030-\u205e\u20a0-\u20bf]*$/;

/**
 * A glyph-by-glyph layout for text that needs no shaping (no ligatures, no
 * marks), instead of fontkit's full OpenType pipeline, which costs far more
 * than the rest of a notice for every word seen for the first time (claim
 * references, amounts, names). Other text keeps fontkit's shaping.
 */
function fastLatin(f: EmbeddedFontLike): void {
  const shaped = f.layoutRun.bind(f);
  const font = f.font;
  const scale = f.scale;
  f.layoutRun = (text: string, features?: unknown): GlyphRun => {
    if (features || !NO_SHAPING.test(text)) return shaped(text, features);
    const glyphs: FontkitGlyph[] = [];
    const positions: GlyphRun['positions'] = [];
    let advanceWidth = 0;
    for (const ch of text) {
      const g = font.glyphForCodePoint(ch.codePointAt(0)!);
      const adv = g.advanceWidth * scale;
      glyphs.push(g);
      positions.push({ xAdvance: adv, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: adv });
      advanceWidth += adv;
    }
    return { glyphs, positions, advanceWidth };
  };
}
