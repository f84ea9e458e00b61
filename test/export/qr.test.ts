import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { polyMod, qrModules } from '../../src/export/pdf/qr.js';

/** GF(256) multiplication without tables: carry-less product reduced by the QR polynomial 0x11d. */
function gfMul(a: number, b: number): number {
  let p = 0;
  for (let i = 0; i < 8; i++) {
    if (b & (1 << i)) p ^= a << i;
  }
  for (let bit = 15; bit >= 8; bit--) if (p & (1 << bit)) p ^= 0x11d << (bit - 8);
  return p;
}

/** Schoolbook long division over GF(256) (divisor monic, dividend at least as long), remainder without leading zeros. */
function schoolbook(dividend: number[], divisor: number[]): number[] {
  const r = dividend.slice();
  for (let i = 0; i + divisor.length <= r.length; i++) {
    const c = r[i]!;
    if (c) divisor.forEach((d, j) => (r[i + j] = r[i + j]! ^ gfMul(d, c)));
  }
  const rem = r.slice(r.length - divisor.length + 1);
  while (rem[0] === 0) rem.shift();
  return rem;
}

describe('QR codes', () => {
  it('replaces qrcode\'s Reed-Solomon division with one that gives the same remainders', () => {
    const poly = createRequire(import.meta.url)('qrcode/lib/core/polynomial.js') as { mod: unknown; generateECPolynomial: (d: number) => Uint8Array };
    expect(poly.mod).toBe(polyMod);
    fc.assert(
      fc.property(fc.integer({ min: 7, max: 30 }), fc.uint8Array({ minLength: 1, maxLength: 160 }), (degree, data) => {
        const gen = poly.generateECPolynomial(degree);
        const padded = new Uint8Array(data.length + degree);
        padded.set(data);
        expect([...polyMod(padded, gen)]).toEqual(schoolbook([...padded], [...gen]));
      }),
      { numRuns: 300 },
    );
  });

  it('encodes a statement-sized payload, and reports data too long for any QR code', () => {
    const qr = qrModules('x'.repeat(1600))!;
    expect(qr.size).toBeGreaterThan(100);
    expect(qr.dark.length).toBe(qr.size * qr.size);
    expect(qrModules('x'.repeat(4000))).toBeNull();
  });
});
