/**
 * A minimal streaming ZIP writer for XLSX: entries are written one after the
 * other to a file descriptor, deflated in independent chunks (each flushed
 * with Z_SYNC_FLUSH, so their concatenation is one valid deflate stream), with
 * the CRC-32 and sizes in a data descriptor after each entry and the central
 * directory at the end. Synchronous by design: it runs in a job worker.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { constants, crc32, deflateRawSync } from 'node:zlib';

interface Entry {
  name: Buffer;
  offset: number;
  crc: number;
  csize: number;
  usize: number;
}

const LIMIT = 0xffffffff;
/** A fixed DOS timestamp (1980-01-01 00:00): entries carry no clock time. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

export class ZipWriter {
  private fd: number;
  private offset = 0;
  private entries: Entry[] = [];
  private cur: Entry | null = null;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  private out(b: Buffer): void {
    let done = 0;
    while (done < b.length) done += writeSync(this.fd, b, done, b.length - done);
    this.offset += b.length;
  }

  begin(name: string): void {
    if (this.cur) throw new Error('zip: previous entry not ended');
    const n = Buffer.from(name, 'utf8');
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4); // version needed
    h.writeUInt16LE(0x0808, 6); // bit 3: data descriptor; bit 11: UTF-8 names
    h.writeUInt16LE(8, 8); // deflate
    h.writeUInt16LE(DOS_TIME, 10);
    h.writeUInt16LE(DOS_DATE, 12);
    h.writeUInt16LE(n.length, 26);
    this.cur = { name: n, offset: this.offset, crc: 0, csize: 0, usize: 0 };
    this.out(h);
    this.out(n);
  }

  /** Add data to the current entry (deflated as one chunk). */
  write(data: Buffer | string): void {
    const e = this.cur;
    if (!e) throw new Error('zip: no entry begun');
    const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (b.length === 0) return;
    e.crc = crc32(b, e.crc);
    e.usize += b.length;
    const z = deflateRawSync(b, { level: 1, finishFlush: constants.Z_SYNC_FLUSH });
    e.csize += z.length;
    if (e.usize > LIMIT || e.csize > LIMIT) throw new Error('The workbook is larger than 4 GB, which this writer does not support');
    this.out(z);
  }

  end(): void {
    const e = this.cur;
    if (!e) throw new Error('zip: no entry begun');
    // The deflate stream's final (empty) block.
    const last = deflateRawSync(Buffer.alloc(0), { level: 1 });
    e.csize += last.length;
    this.out(last);
    const d = Buffer.alloc(16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(e.crc >>> 0, 4);
    d.writeUInt32LE(e.csize, 8);
    d.writeUInt32LE(e.usize, 12);
    this.out(d);
    this.entries.push(e);
    this.cur = null;
  }

  /** A whole entry at once. */
  file(name: string, data: string | Buffer): void {
    this.begin(name);
    this.write(data);
    this.end();
  }

  close(): void {
    if (this.cur) throw new Error('zip: an entry is still open');
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4); // made by
      h.writeUInt16LE(20, 6); // needed
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(DOS_TIME, 12);
      h.writeUInt16LE(DOS_DATE, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.csize, 20);
      h.writeUInt32LE(e.usize, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      this.out(h);
      this.out(e.name);
    }
    const size = this.offset - start;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(start, 16);
    this.out(end);
    closeSync(this.fd);
  }

  /** Close the file without finishing it (the caller removes it). */
  discard(): void {
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
  }
}
