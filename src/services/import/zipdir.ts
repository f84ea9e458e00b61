/**
 * Reads a ZIP file's central directory (names and declared sizes) without
 * inflating anything: enough to tell XLSX from ODS, and to refuse a file
 * whose parts declare absurd sizes before any of it is unpacked.
 */
import { open } from 'node:fs/promises';

export interface ZipEntry {
  name: string;
  compressed: number;
  size: number;
  /** Where the entry's local header starts, and its compression method (8: deflate, 0: stored). */
  offset: number;
  method: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;

/** The entries of a ZIP file, or null when the file is not a ZIP. */
export async function zipDirectory(path: string): Promise<ZipEntry[] | null> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    if (size < 22) return null;
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let e = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        e = i;
        break;
      }
    }
    if (e < 0) return null;
    let count = tail.readUInt16LE(e + 10);
    let dirSize = tail.readUInt32LE(e + 12);
    let dirOffset = tail.readUInt32LE(e + 16);
    if ((count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) && e >= 20 && tail.readUInt32LE(e - 20) === EOCD64_LOCATOR) {
      const at = Number(tail.readBigUInt64LE(e - 20 + 8));
      const rec = Buffer.alloc(56);
      await fh.read(rec, 0, 56, at);
      if (rec.readUInt32LE(0) !== EOCD64) return null;
      count = Number(rec.readBigUInt64LE(32));
      dirSize = Number(rec.readBigUInt64LE(40));
      dirOffset = Number(rec.readBigUInt64LE(48));
    }
    if (dirOffset + dirSize > size || dirSize > 64 * 1024 * 1024) return null;
    const dir = Buffer.alloc(dirSize);
    await fh.read(dir, 0, dirSize, dirOffset);
    const out: ZipEntry[] = [];
    let p = 0;
    for (let k = 0; k < count && p + 46 <= dir.length; k++) {
      if (dir.readUInt32LE(p) !== CENTRAL) return null;
      const method = dir.readUInt16LE(p + 10);
      let compressed = dir.readUInt32LE(p + 20);
      let uncompressed = dir.readUInt32LE(p + 24);
      let offset = dir.readUInt32LE(p + 42);
      const nameLen = dir.readUInt16LE(p + 28);
      const extraLen = dir.readUInt16LE(p + 30);
      const commentLen = dir.readUInt16LE(p + 32);
      const name = dir.toString('utf8', p + 46, p + 46 + nameLen);
      // ZIP64 sizes live in extra field 0x0001
      let x = p + 46 + nameLen;
      const xEnd = x + extraLen;
      while (x + 4 <= xEnd) {
        const id = dir.readUInt16LE(x);
        const len = dir.readUInt16LE(x + 2);
        if (id === 1) {
          let q = x + 4;
          if (uncompressed === 0xffffffff && q + 8 <= x + 4 + len) {
            uncompressed = Number(dir.readBigUInt64LE(q));
            q += 8;
          }
          if (compressed === 0xffffffff && q + 8 <= x + 4 + len) {
            compressed = Number(dir.readBigUInt64LE(q));
            q += 8;
          }
          if (offset === 0xffffffff && q + 8 <= x + 4 + len) offset = Number(dir.readBigUInt64LE(q));
        }
        x += 4 + len;
      }
      out.push({ name, compressed, size: uncompressed, offset, method });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return out;
  } finally {
    await fh.close();
  }
}
