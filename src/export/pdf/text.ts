/**
 * Text in any script on a notice page (writer.ts). A line is (1) given its
 * embedding levels by the Unicode bidi algorithm (bidi-js), (2) reordered
 * into visual order, and (3) cut into tokens of one font and one direction.
 * A right-to-left word is laid out in logical order: fontkit shapes it
 * (Arabic joining) and lays its glyphs out right to left itself. Words of a
 * right-to-left run are drawn in reverse order, and numbers inside it stay
 * left to right, so "شارع 12" reads as it should. Line breaking happens
 * before reordering, per line.
 */
import * as bidiModule from 'bidi-js';
import type { Bidi } from 'bidi-js';
import { face, type FontKey } from './fonts.js';
import type { PdfDoc } from './writer.js';

// bidi-js is CommonJS whose typings declare an ES default export: take the factory either way.
type BidiFactory = () => Bidi;
const factory = ((bidiModule as unknown as { default?: BidiFactory }).default ?? (bidiModule as unknown as BidiFactory)) as BidiFactory;
const bidi = factory();

export interface TextStyle {
  size: number;
  bold?: boolean;
  color?: string;
  /** ASCII technical text (hashes, JSON): one token in the regular face, no script or direction analysis. */
  mono?: boolean;
}

type Family = 'latin' | 'arabic' | 'hebrew' | 'cjk';

/** Text that NotoSans alone sets left to right: Latin (with diacritics), Greek, Cyrillic, punctuation. */
// eslint-disable-next-line no-control-regex -- any character below U+0590, control characters included
const SIMPLE = /^[\u0000-\u058F\u1D00-\u1FFF\u2000-\u20CF\u2100-\u218F]*$/;

function familyOf(cp: number): Family | null {
  if (cp < 0x80) return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? 'latin' : null;
  if ((cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x2000 && cp <= 0x206f)) return null;
  if ((cp >= 0x0590 && cp <= 0x05ff) || (cp >= 0xfb1d && cp <= 0xfb4f)) return 'hebrew';
  if ((cp >= 0x0600 && cp <= 0x08ff) || (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfeff)) return 'arabic';
  if (
    (cp >= 0x1100 && cp <= 0x11ff) ||
    (cp >= 0x2e80 && cp <= 0x9fff) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    cp >= 0x20000
  ) {
    return 'cjk';
  }
  return 'latin';
}

function fontKey(f: Family, bold: boolean): FontKey {
  if (f === 'cjk') return 'cjk';
  return bold ? (`${f}-bold` as FontKey) : f;
}

function tokensOf(line: string, style: { bold?: boolean | undefined; mono?: boolean | undefined }): Token[] {
  // Hashes and proof data (ASCII): one token, laid out glyph by glyph.
  if (style.mono) return line ? [{ text: line, font: 'latin' }] : [];
  return visualTokens(line, style.bold);
}

function hasGlyph(f: Family, cp: number): boolean {
  return face(f).hasGlyph(cp);
}

export interface Token {
  text: string;
  font: FontKey;
}

const tokenCache = new Map<string, Token[]>();

/** A line's tokens in visual (left-to-right drawing) order. */
export function visualTokens(line: string, bold = false): Token[] {
  if (SIMPLE.test(line)) return line ? [{ text: line, font: bold ? 'latin-bold' : 'latin' }] : [];
  const key = (bold ? 'b' : 'r') + line;
  const hit = tokenCache.get(key);
  if (hit) return hit;
  const chars = Array.from(line);
  // Work in UTF-16 indices for bidi-js; map code points to their first unit.
  const units: number[] = [];
  let u = 0;
  for (const ch of chars) {
    units.push(u);
    u += ch.length;
  }
  const levels = bidi.getEmbeddingLevels(line);
  const lv = (i: number) => levels.levels[units[i]!]!;
  // Font per character: its script, or for digits, spaces and punctuation the preceding script's font where it has the glyph.
  const fams: Family[] = [];
  let prev: Family = 'latin';
  for (const ch of chars) {
    const cp = ch.codePointAt(0)!;
    const f = familyOf(cp);
    if (f) prev = f;
    fams.push(f ?? (prev !== 'latin' && hasGlyph(prev, cp) ? prev : 'latin'));
  }
  // Visual order: apply the reorder flips to code point positions.
  const order = chars.map((_, i) => i);
  const unitToChar = new Map(units.map((x, i) => [x, i]));
  for (const seg of bidi.getReorderSegments(line, levels)) {
    const s = seg[0]!;
    const e = seg[1]!;
    const a = unitToChar.get(s) ?? 0;
    let b = chars.length - 1;
    for (let k = chars.length - 1; k >= 0; k--) {
      if (units[k]! <= e) {
        b = k;
        break;
      }
    }
    for (let x = a, y = b; x < y; x++, y--) [order[x], order[y]] = [order[y]!, order[x]!];
  }
  const mirrored = bidi.getMirroredCharactersMap(line, levels.levels);
  const out: Token[] = [];
  let cur: number[] = [];
  const flush = () => {
    if (!cur.length) return;
    const rtl = lv(cur[0]!) % 2 === 1;
    const strong = cur.some((i) => fams[i] === 'arabic' || fams[i] === 'hebrew');
    let text: string;
    if (rtl && strong) {
      // Back to logical order: fontkit reverses a right-to-left word itself.
      text = [...cur].reverse().map((i) => chars[i]!).join('');
    } else {
      text = cur.map((i) => (rtl ? (mirrored.get(units[i]!) ?? chars[i]!) : chars[i]!)).join('');
    }
    out.push({ text, font: fontKey(fams[cur[0]!]!, bold) });
    cur = [];
  };
  for (const i of order) {
    if (cur.length) {
      const j = cur[cur.length - 1]!;
      const rtl = lv(j) % 2 === 1;
      const split = fams[i] !== fams[j] || lv(i) !== lv(j) || (rtl && (chars[i] === ' ' || chars[j] === ' '));
      if (split) flush();
    }
    cur.push(i);
  }
  flush();
  if (tokenCache.size > 50_000) tokenCache.clear();
  tokenCache.set(key, out);
  return out;
}

function widthOf(t: Token, size: number): number {
  return (face(t.font).width(t.text) * size) / 1000;
}

export function measure(text: string, style: TextStyle): number {
  let w = 0;
  for (const t of tokensOf(text, style)) w += widthOf(t, style.size);
  return w;
}

export interface LineOptions extends TextStyle {
  /** Box width for alignment and fitting. */
  width?: number;
  align?: 'left' | 'right' | 'center';
  /** Shrink the size (down to 60%) so the line fits the width. */
  shrink?: boolean;
}

/** Draw one line at (x, y: top of the line box). Returns the width drawn. */
export function drawLine(doc: PdfDoc, text: string, x: number, y: number, o: LineOptions): number {
  const tokens = tokensOf(text, o);
  let size = o.size;
  let w = 0;
  for (const t of tokens) w += widthOf(t, size);
  if (o.shrink && o.width && w > o.width) {
    const k = Math.max(0.6, o.width / w);
    size = Math.floor(size * k * 10) / 10;
    w = 0;
    for (const t of tokens) w += widthOf(t, size);
  }
  let at = x;
  if (o.width && o.align === 'right') at = x + o.width - w;
  else if (o.width && o.align === 'center') at = x + (o.width - w) / 2;
  const fill = o.color ?? '#111111';
  for (const t of tokens) at += doc.text(t.font, size, t.text, at, y, fill);
  return w;
}

/** Break text into lines that fit `width` (at spaces; a word longer than the width gets a line of its own). Newlines are kept. */
export function wrapLines(text: string, width: number, style: TextStyle): string[] {
  const lines: string[] = [];
  const space = measure(' ', style);
  for (const para of text.split(/\r?\n/)) {
    const words = para.split(/ +/).filter((w) => w !== '');
    let line = '';
    let w = 0;
    for (const word of words) {
      // Each word is measured once; a line's width is the sum of its words and spaces.
      const ww = measure(word, style);
      if (line && w + space + ww > width) {
        lines.push(line);
        line = word;
        w = ww;
      } else {
        w = line ? w + space + ww : ww;
        line = line ? line + ' ' + word : word;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Draw a wrapped paragraph; returns the y below it. */
export function drawParagraph(doc: PdfDoc, text: string, x: number, y: number, width: number, o: TextStyle & { lineGap?: number; align?: 'left' | 'right' }): number {
  const lh = o.size * 1.35 + (o.lineGap ?? 0);
  let at = y;
  for (const line of wrapLines(text, width, o)) {
    drawLine(doc, line, x, at, { ...o, width, align: o.align ?? 'left' });
    at += lh;
  }
  return at;
}
