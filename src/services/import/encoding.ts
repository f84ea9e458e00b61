/**
 * Text encodings of imported files: a byte order mark names UTF-8, UTF-16 LE
 * or UTF-16 BE; without one the bytes must be valid UTF-8, else they are read
 * as Latin-1 (with bytes 0x80–0x9F taken as Windows-1252 does: €, „, …).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { AppError } from '../../errors.js';

export type EncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'latin1';

export const ENCODING_LABEL: Record<EncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with byte order mark',
  'utf-16le': 'UTF-16 LE (byte order mark)',
  'utf-16be': 'UTF-16 BE (byte order mark)',
  latin1: 'Latin-1 / Windows-1252 (the file is not valid UTF-8)',
};

export function bomEncoding(head: Buffer): EncodingName | null {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

const CP1252: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š', 0x8b: '‹',
  0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™',
  0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};
const C1 = /[\x80-\x9f]/g;

/** A streaming decoder for one encoding. */
export interface Decoder {
  decode(chunk: Buffer): string;
  end(): string;
}

export function decoder(enc: EncodingName): Decoder {
  if (enc === 'latin1') {
    return {
      decode: (b) => {
        const s = b.toString('latin1');
        return C1.test(s) ? s.replace(C1, (c) => CP1252[c.charCodeAt(0)] ?? c) : s;
      },
      end: () => '',
    };
  }
  if (enc === 'utf-8' || enc === 'utf-8-bom') {
    // the bytes were checked to be UTF-8 (detectEncoding); the native decoder is the fastest
    const sd = new StringDecoder('utf8');
    return { decode: (b) => sd.write(b), end: () => sd.end() };
  }
  const td = new TextDecoder(enc, { fatal: true });
  return {
    decode: (b) => td.decode(b, { stream: true }),
    end: () => td.decode(),
  };
}

export interface Detected {
  encoding: EncodingName;
  sha256: string | null;
  size: number;
}

function refuseBinary(head: Buffer): void {
  const n = Math.min(head.length, 4096);
  for (let i = 0; i < n; i++) {
    if (head[i] === 0) {
      throw new AppError(
        'import_rejected',
        'The file contains NUL bytes: it is not a text CSV (or it is UTF-16 without a byte order mark). Save it as CSV UTF-8 or as XLSX.',
      );
    }
  }
}

/**
 * Find the encoding of a text file. With `whole`, reads every byte (also
 * hashing it); otherwise judges from the first `sampleBytes` (for previews).
 */
export async function detectEncoding(path: string, opts: { whole: boolean; sampleBytes?: number }): Promise<Detected> {
  const fh = await open(path, 'r');
  let head: Buffer;
  let size: number;
  try {
    size = (await fh.stat()).size;
    const buf = Buffer.alloc(Math.min(size, 4096));
    await fh.read(buf, 0, buf.length, 0);
    head = buf;
  } finally {
    await fh.close();
  }
  const bom = bomEncoding(head);
  if (!bom) refuseBinary(head);
  const hash = opts.whole ? createHash('sha256') : null;
  const utf8 = bom === null || bom === 'utf-8-bom';
  let valid = utf8;
  if (opts.whole || utf8) {
    const limit = opts.whole ? Infinity : (opts.sampleBytes ?? 1 << 20);
    let carry: Buffer = Buffer.alloc(0);
    let read = 0;
    const stream = createReadStream(path, { highWaterMark: 1 << 20, ...(opts.whole ? {} : { end: limit - 1 }) });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      read += chunk.length;
      hash?.update(chunk);
      if (valid && utf8) {
        const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        const cut = buf.length - incompleteTail(buf);
        if (!isUtf8(buf.subarray(0, cut))) {
          valid = false;
          if (!hash) break;
        }
        carry = Buffer.from(buf.subarray(cut));
      }
    }
    // a file (not a sample) may not end inside a character
    if (valid && utf8 && carry.length && read >= size) valid = false;
  }
  if (bom === 'utf-8-bom' && !valid) {
    throw new AppError('import_rejected', 'The file starts with a UTF-8 byte order mark but is not valid UTF-8; save it again as CSV UTF-8');
  }
  return { encoding: bom ?? (valid ? 'utf-8' : 'latin1'), sha256: hash ? hash.digest('hex') : null, size };
}

/** Bytes at the end of `b` that start a UTF-8 character not yet complete (0–3). */
export function incompleteTail(b: Buffer): number {
  const n = b.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const c = b[n - back]!;
    if ((c & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** sha256 of a file, streamed. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}
