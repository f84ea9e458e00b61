/**
 * QR codes for the statements' proof data, made with the `qrcode` package's
 * encoder (qrcode/lib/core: its package entry also loads PNG, SVG and
 * terminal renderers a worker never uses).
 *
 * Its Reed-Solomon step (polynomial.js `mod`) allocates a fresh copy of the
 * remaining dividend after every division step; at the ~120-module codes a
 * statement carries that garbage was a sixth of a notice's CPU time. It is
 * replaced here, once per process, by the same polynomial division done in
 * place. The remainder, and so every QR code, is identical
 * (test/export/qr.test.ts checks it against schoolbook division and the
 * rendering tests scan a code back).
 */
import { createRequire } from 'node:module';
import type QRCode from 'qrcode';

const require = createRequire(import.meta.url);
const encoder = require('qrcode/lib/core/qrcode.js') as { create: typeof QRCode.create };

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  // GF(256) with the QR polynomial 0x11d, the same tables qrcode builds.
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}

/** The remainder of `dividend` by `divisor` over GF(256), without leading zeros (what qrcode's own `mod` returns). */
export function polyMod(dividend: Uint8Array, divisor: Uint8Array): Uint8Array {
  const r = new Uint8Array(dividend);
  const n = r.length;
  const d = divisor.length;
  let start = 0;
  while (n - start >= d) {
    const coeff = r[start]!;
    if (coeff !== 0) {
      const lc = LOG[coeff]!;
      for (let i = 0; i < d; i++) {
        const v = divisor[i]!;
        if (v !== 0) r[start + i] = r[start + i]! ^ EXP[LOG[v]! + lc]!;
      }
    }
    while (start < n && r[start] === 0) start++;
  }
  return r.slice(start);
}

(require('qrcode/lib/core/polynomial.js') as { mod: typeof polyMod }).mod = polyMod;

/** The modules of `data`'s QR code (error correction L, mask 0), row by row, 1 = dark; null when the data is too long. */
export function qrModules(data: string): { size: number; dark: Uint8Array } | null {
  try {
    // One byte-mode segment skips qrcode's segment optimiser (a graph search); a fixed mask skips scoring all eight.
    const qr = encoder.create([{ data: Buffer.from(data, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'L', maskPattern: 0 } as QRCode.QRCodeOptions);
    return { size: qr.modules.size, dark: qr.modules.data };
  } catch {
    return null;
  }
}
