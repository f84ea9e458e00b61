/**
 * Zip bombs that lie: a workbook part whose directory entry declares a small
 * size but whose data unpacks to gigabytes. The declared sizes are checked
 * before unpacking (xlsx.ts checkXlsxEntries); this checks the real ones,
 * streaming, and stops as soon as a part passes its declared size. The
 * worksheet itself is counted while it is read (xlsx.ts xlsxBatches).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { AppError } from '../../errors.js';
import type { ZipEntry } from './zipdir.js';

/** Room over the declared size before a part counts as lying (the check itself tolerates a little). */
export const SIZE_SLACK = 64 * 1024;

function damaged(name: string): AppError {
  return new AppError('import_rejected', `The workbook part ${name} is damaged and cannot be unpacked; save the sheet again as XLSX or CSV`);
}

export function lyingPart(name: string, declared: number): AppError {
  return new AppError(
    'import_rejected',
    `The workbook part ${name} unpacks to more than the ${declared.toLocaleString('en-US')} bytes its directory declares; the file is damaged or a zip bomb and is refused`,
  );
}

/** The number of bytes the entry really unpacks to, counting no further than `limit` (returns limit + 1 when over). */
export async function inflatedSize(path: string, e: ZipEntry, limit: number): Promise<number> {
  const fh = await open(path, 'r');
  let start: number;
  try {
    const lh = Buffer.alloc(30);
    const { bytesRead } = await fh.read(lh, 0, 30, e.offset);
    if (bytesRead < 30 || lh.readUInt32LE(0) !== 0x04034b50) throw damaged(e.name);
    start = e.offset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
  } finally {
    await fh.close();
  }
  if (e.method === 0) return e.compressed;
  if (e.method !== 8) throw new AppError('import_rejected', `The workbook part ${e.name} uses a compression Recourse does not read; save the sheet again as XLSX or CSV`);
  if (e.compressed === 0) return 0;
  const src = createReadStream(path, { start, end: start + e.compressed - 1 });
  const inflate = createInflateRaw();
  src.pipe(inflate);
  let n = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      n += chunk.length;
      if (n > limit) return limit + 1;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw damaged(e.name);
  } finally {
    src.destroy();
    inflate.destroy();
  }
  return n;
}

/** Refuse a workbook whose shared-strings part unpacks to more than it declares (exceljs keeps that part in memory). */
export async function checkRealSizes(path: string, entries: ZipEntry[]): Promise<void> {
  const ss = entries.find((x) => x.name === 'xl/sharedStrings.xml');
  if (!ss) return;
  if ((await inflatedSize(path, ss, ss.size + SIZE_SLACK)) > ss.size + SIZE_SLACK) throw lyingPart(ss.name, ss.size);
}
