/**
 * XML text for the XLSX readers (the worksheet scanner, xlsx-sheet.ts, and the
 * shared strings, xlsx-parts.ts): entity unescaping, attribute values, and the
 * chunk loop both scanners share. The loop finds each tag across chunk
 * boundaries, skips comments, processing instructions and declarations, adds
 * CDATA and the text between tags to `buf` while a subclass sets `capture`,
 * and hands each tag's local name (any namespace prefix dropped) to `element`.
 */
const ENTITY = /&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g;
export function unescapeXml(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (_m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e as 'amp']!;
  });
}

/** The value of attribute `name` in a tag's text (between "<" and ">"), or null. */
export function attr(s: string, from: number, to: number, name: string): string | null {
  let i = from;
  while (i < to) {
    const k = s.indexOf(name, i);
    if (k < 0 || k >= to) return null;
    const before = s.charCodeAt(k - 1);
    let j = k + name.length;
    while (j < to && s.charCodeAt(j) <= 32) j++;
    if ((before <= 32 || before === 58) && s.charCodeAt(j) === 61) {
      j++;
      while (j < to && s.charCodeAt(j) <= 32) j++;
      const q = s.charCodeAt(j);
      if (q === 34 || q === 39) {
        const end = s.indexOf(String.fromCharCode(q), j + 1);
        if (end < 0 || end > to) return null;
        return unescapeXml(s.slice(j + 1, end));
      }
    }
    i = k + name.length;
  }
  return null;
}

/** Where the tag whose name starts at `from` ends: its '>' outside quoted attribute values, or -1 if not in `s` yet. */
export function tagEnd(s: string, from: number): number {
  let q = 0;
  for (let j = from; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (q !== 0) {
      if (c === q) q = 0;
    } else if (c === 34 /* " */ || c === 39 /* ' */) q = c;
    else if (c === 62 /* > */) return j;
  }
  return -1;
}

export abstract class XmlChunkScanner {
  /** The unfinished end of the last chunk, read again with the next. */
  protected tail = '';
  /** Whether the text met now belongs to a value: it is added to `buf` (still escaped). */
  protected capture = false;
  protected buf = '';

  push(chunk: string): void {
    const s = this.tail === '' ? chunk : this.tail + chunk;
    this.tail = '';
    let i = 0;
    for (;;) {
      const lt = s.indexOf('<', i);
      if (lt < 0) return this.rest(s, i);
      if (lt > i && this.capture) this.buf += s.slice(i, lt);
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === 33 /* ! */ || c1 === 63 /* ? */) {
        if (s.startsWith('<![CDATA[', lt)) {
          const end = s.indexOf(']]>', lt + 9);
          if (end < 0) return this.keep(s, lt);
          // Escaped like the text around it: `buf` is unescaped as a whole.
          if (this.capture) this.buf += s.slice(lt + 9, end).replace(/&/g, '&amp;');
          i = end + 3;
        } else if (s.startsWith('<!--', lt)) {
          const end = s.indexOf('-->', lt + 4);
          if (end < 0) return this.keep(s, lt);
          i = end + 3;
        } else {
          const end = s.indexOf('>', lt);
          if (end < 0) return this.keep(s, lt);
          i = end + 1;
        }
        continue;
      }
      const j = tagEnd(s, lt + 1);
      if (j < 0) return this.keep(s, lt);
      // The tag's local name (any namespace prefix dropped), and whether it closes or opens and closes.
      const closing = s.charCodeAt(lt + 1) === 47;
      let p = closing ? lt + 2 : lt + 1;
      let e = p;
      while (e < j) {
        const c = s.charCodeAt(e);
        if (c <= 32 || c === 47) break;
        if (c === 58) p = e + 1; // a namespace prefix ("x:c")
        e++;
      }
      this.element(s, p, e, j, closing, !closing && s.charCodeAt(j - 1) === 47);
      i = j + 1;
    }
  }

  /** The text after a chunk's last tag, from `from`: added to `buf`, or kept for the next chunk (`keep`). */
  protected abstract rest(s: string, from: number): void;

  /** Keep `s` from `from` for the next chunk (`tail`), refusing a tail too long to be real. */
  protected abstract keep(s: string, from: number): void;

  /**
   * A tag: its local name is s[name, nameEnd), its attributes lie between
   * nameEnd and `end` (its '>'); `selfClosing` marks an opening tag that also
   * closes (<x/>).
   */
  protected abstract element(s: string, name: number, nameEnd: number, end: number, closing: boolean, selfClosing: boolean): void;
}
