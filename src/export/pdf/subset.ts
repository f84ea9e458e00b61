/**
 * TrueType subsets for embedding: a font file holding only the glyphs a
 * document uses, renumbered 0..n-1 in the order the document first used them
 * (glyph 0, .notdef, stays 0), with the components of composite glyphs added
 * after them. It carries the tables a PDF needs for a CIDFontType2 font file
 * (glyf, head, hhea, hmtx, loca, maxp; the shipped fonts have no hinting
 * tables, see assets/fonts/README.md). Each glyph's outline is copied as
 * stored in the font, so a subset costs a few copies, not a re-encoding.
 */

interface Table {
  offset: number;
  length: number;
}

/** A TrueType font's raw tables, read once per process. */
export class TrueTypeSource {
  private readonly tables = new Map<string, Table>();
  private readonly locaLong: boolean;
  readonly numGlyphs: number;
  private readonly numHMetrics: number;
  /** Each composite glyph's component references: [offset of the glyph index in the glyph's data, old id]. */
  private readonly components = new Map<number, Array<[number, number]>>();

  constructor(private readonly buf: Buffer) {
    const n = buf.readUInt16BE(4);
    for (let i = 0; i < n; i++) {
      const at = 12 + i * 16;
      this.tables.set(buf.toString('latin1', at, at + 4), { offset: buf.readUInt32BE(at + 8), length: buf.readUInt32BE(at + 12) });
    }
    for (const t of ['head', 'hhea', 'maxp', 'hmtx', 'loca', 'glyf']) {
      if (!this.tables.has(t)) throw new Error(`Font without a ${t} table (only TrueType outlines can be embedded)`);
    }
    this.locaLong = buf.readInt16BE(this.table('head').offset + 50) === 1;
    this.numGlyphs = buf.readUInt16BE(this.table('maxp').offset + 4);
    this.numHMetrics = buf.readUInt16BE(this.table('hhea').offset + 34);
  }

  private table(tag: string): Table {
    return this.tables.get(tag)!;
  }

  private raw(tag: string): Buffer {
    const t = this.table(tag);
    return this.buf.subarray(t.offset, t.offset + t.length);
  }

  /** The stored outline of glyph `id` (empty for a glyph without contours). */
  glyph(id: number): Buffer {
    const loca = this.table('loca').offset;
    const [a, b] = this.locaLong
      ? [this.buf.readUInt32BE(loca + id * 4), this.buf.readUInt32BE(loca + id * 4 + 4)]
      : [this.buf.readUInt16BE(loca + id * 2) * 2, this.buf.readUInt16BE(loca + id * 2 + 2) * 2];
    const glyf = this.table('glyf').offset;
    return this.buf.subarray(glyf + a, glyf + b);
  }

  private componentsOf(id: number, data: Buffer): Array<[number, number]> {
    let hit = this.components.get(id);
    if (hit) return hit;
    hit = [];
    if (data.length >= 10 && data.readInt16BE(0) < 0) {
      let p = 10;
      for (;;) {
        const flags = data.readUInt16BE(p);
        hit.push([p + 2, data.readUInt16BE(p + 2)]);
        p += 4 + (flags & 0x0001 ? 4 : 2) + (flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0);
        if (!(flags & 0x0020)) break;
      }
    }
    this.components.set(id, hit);
    return hit;
  }

  private advance(id: number): [number, number] {
    const hmtx = this.table('hmtx').offset;
    if (id < this.numHMetrics) return [this.buf.readUInt16BE(hmtx + id * 4), this.buf.readInt16BE(hmtx + id * 4 + 2)];
    const last = this.buf.readUInt16BE(hmtx + (this.numHMetrics - 1) * 4);
    return [last, this.buf.readInt16BE(hmtx + this.numHMetrics * 4 + (id - this.numHMetrics) * 2)];
  }

  /**
   * A font file with `used` (old glyph ids, in their new order; used[0] must
   * be 0) and any components they need, appended to `used` in place.
   */
  subset(used: number[]): Buffer {
    const newId = new Map<number, number>();
    used.forEach((g, i) => newId.set(g, i));
    const outlines: Buffer[] = [];
    let glyfLen = 0;
    for (let i = 0; i < used.length; i++) {
      let data = this.glyph(used[i]!);
      const comps = this.componentsOf(used[i]!, data);
      if (comps.length) {
        data = Buffer.from(data);
        for (const [at, old] of comps) {
          let id = newId.get(old);
          if (id === undefined) {
            id = used.length;
            used.push(old);
            newId.set(old, id);
          }
          data.writeUInt16BE(id, at);
        }
      }
      outlines.push(data);
      glyfLen += (data.length + 3) & ~3;
    }
    const n = used.length;
    const glyf = Buffer.alloc(glyfLen);
    const loca = Buffer.alloc((n + 1) * 4);
    const hmtx = Buffer.alloc(n * 4);
    let at = 0;
    outlines.forEach((d, i) => {
      loca.writeUInt32BE(at, i * 4);
      d.copy(glyf, at);
      at += (d.length + 3) & ~3;
      const [adv, lsb] = this.advance(used[i]!);
      hmtx.writeUInt16BE(adv, i * 4);
      hmtx.writeInt16BE(lsb, i * 4 + 2);
    });
    loca.writeUInt32BE(at, n * 4);
    const head = Buffer.from(this.raw('head'));
    head.writeUInt32BE(0, 8);
    head.writeInt16BE(1, 50);
    const hhea = Buffer.from(this.raw('hhea'));
    hhea.writeUInt16BE(n, 34);
    const maxp = Buffer.from(this.raw('maxp'));
    maxp.writeUInt16BE(n, 4);
    return sfnt([['glyf', glyf], ['head', head], ['hhea', hhea], ['hmtx', hmtx], ['loca', loca], ['maxp', maxp]]);
  }
}

function checksum(b: Buffer): number {
  let sum = 0;
  const whole = b.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + b.readUInt32BE(i)) >>> 0;
  if (whole < b.length) {
    const tail = Buffer.alloc(4);
    b.copy(tail, 0, whole);
    sum = (sum + tail.readUInt32BE(0)) >>> 0;
  }
  return sum;
}

/** An sfnt file of `tables` (sorted by tag), with checksums and head's checkSumAdjustment. */
function sfnt(tables: Array<[string, Buffer]>): Buffer {
  const n = tables.length;
  const pow = 2 ** Math.floor(Math.log2(n));
  let size = 12 + 16 * n;
  for (const [, b] of tables) size += (b.length + 3) & ~3;
  const out = Buffer.alloc(size);
  out.writeUInt32BE(0x00010000, 0);
  out.writeUInt16BE(n, 4);
  out.writeUInt16BE(pow * 16, 6);
  out.writeUInt16BE(Math.log2(pow), 8);
  out.writeUInt16BE(n * 16 - pow * 16, 10);
  let at = 12 + 16 * n;
  let headAt = -1;
  tables.forEach(([tag, b], i) => {
    const d = 12 + i * 16;
    out.write(tag, d, 'latin1');
    out.writeUInt32BE(checksum(b), d + 4);
    out.writeUInt32BE(at, d + 8);
    out.writeUInt32BE(b.length, d + 12);
    if (tag === 'head') headAt = at;
    b.copy(out, at);
    at += (b.length + 3) & ~3;
  });
  out.writeUInt32BE((0xb1b0afba - checksum(out)) >>> 0, headAt + 8);
  return out;
}
