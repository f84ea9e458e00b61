/**
 * A run's canonical input text written straight into buffers: fields
 * separated by tabs, lines by newlines, text fields escaped (\t \n \r \\).
 * Each line is assembled as one string and encoded with one write (one native
 * call per line, not per field); the SHA-256 is taken over the same bytes as
 * the buffers fill.
 */
import { createHash, type Hash } from 'node:crypto';

const SIZE = 1 << 20;
const NEEDS_ESCAPE = /[\t\n\r\\]/;
const ESC: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\\': '\\\\' };
const UNESC: Record<string, string> = { t: '\t', n: '\n', r: '\r', '\\': '\\' };

export const escapeField = (s: string): string => (NEEDS_ESCAPE.test(s) ? s.replace(/[\t\n\r\\]/g, (c) => ESC[c]!) : s);
export const unescapeField = (s: string): string => (s.includes('\\') ? s.replace(/\\(.)/g, (_m, c: string) => UNESC[c] ?? c) : s);

export class TextSink {
  readonly parts: Buffer[] = [];
  private readonly hash: Hash | null;
  private buf = Buffer.allocUnsafe(SIZE);
  private pos = 0;

  /** `hashed` (default): take the SHA-256 as the text is written (a sink whose text goes after another's needs none). */
  constructor(o: { hashed?: boolean } = {}) {
    this.hash = (o.hashed ?? true) ? createHash('sha256') : null;
  }

  /** Make room for a line of up to `bytes` (a field longer than that is written through its own buffer). */
  private room(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    this.flush();
    if (bytes > this.buf.length) this.buf = Buffer.allocUnsafe(bytes);
  }

  flush(): void {
    if (this.pos === 0) return;
    const b = Buffer.from(this.buf.subarray(0, this.pos));
    this.hash?.update(b);
    this.parts.push(b);
    this.pos = 0;
  }

  /** A whole line whose fields the caller has escaped (escapeField) and joined with tabs. */
  row(s: string): void {
    this.room(s.length * 3 + 1);
    this.pos += this.buf.write(s, this.pos);
    this.buf[this.pos++] = 10;
  }

  /** A whole line as is (the JSON header). */
  line(s: string): void {
    this.room(Buffer.byteLength(s) + 1);
    this.pos += this.buf.write(s, this.pos);
    this.buf[this.pos++] = 10;
  }

  /** Text written by another sink (a later range of claims), after this one's. */
  append(parts: readonly Buffer[]): void {
    this.flush();
    for (const b of parts) {
      this.hash?.update(b);
      this.parts.push(b);
    }
  }

  /** Everything written, in parts. */
  done(): Buffer[] {
    this.flush();
    return this.parts;
  }

  digest(): string {
    this.flush();
    if (!this.hash) throw new Error('This text sink takes no hash');
    return this.hash.digest('hex');
  }
}
