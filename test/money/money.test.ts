import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate, divFloor, divHalfEven, fitsInt64, formatDecimal, parseDecimal, parseRatio, DecimalError, sum } from '../../src/money/index.js';

describe('decimal text ⇄ minor units', () => {
  it('parses at the asset scale without rounding', () => {
    expect(parseDecimal('1234.56', 2)).toBe(123456n);
    expect(parseDecimal('0.00000001', 8)).toBe(1n);
    expect(parseDecimal('1.5', 18)).toBe(1500000000000000000n);
    expect(parseDecimal('12', 0)).toBe(12n);
    expect(parseDecimal('1,234,567.89', 2)).toBe(123456789n);
    expect(parseDecimal('.5', 2)).toBe(50n);
  });

  it('refuses more decimals than the scale, never rounding silently', () => {
    expect(() => parseDecimal('1.005', 2)).toThrowError(/3 decimals; at most 2/);
    expect(() => parseDecimal('0.000000001', 8)).toThrow(DecimalError);
    // trailing zeros beyond the scale carry no value and are accepted
    expect(parseDecimal('1.500', 2)).toBe(150n);
  });

  it('refuses ambiguous locale formats and negatives unless allowed', () => {
    expect(() => parseDecimal('1,234', 2)).toThrowError(/ambiguous/);
    expect(() => parseDecimal('1.234,56', 2)).toThrowError(/locale/);
    expect(() => parseDecimal('1e5', 2)).toThrowError(/not a decimal/);
    expect(() => parseDecimal('-5', 2)).toThrowError(/negative/);
    expect(parseDecimal('-5', 2, { allowNegative: true })).toBe(-500n);
    expect(() => parseDecimal('', 2)).toThrowError(/No amount/);
  });

  it('round-trips any amount at any scale', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 18 }), (v, scale) => {
        expect(parseDecimal(formatDecimal(v, scale), scale, { allowNegative: true, maxDigits: 40 })).toBe(v);
      }),
    );
  });

  it('formats with grouping for display', () => {
    expect(formatDecimal(123456789n, 2, { group: true })).toBe('1,234,567.89');
    expect(formatDecimal(-5n, 2)).toBe('-0.05');
    expect(formatDecimal(1500000000000000000n, 18, { trim: true })).toBe('1.5');
  });

  it('parses prices as exact ratios', () => {
    expect(parseRatio('91234.56')).toEqual({ num: 9123456n, den: 100n });
    expect(parseRatio('0.99870')).toEqual({ num: 9987n, den: 10000n });
  });
});

describe('rounding modes', () => {
  it('floor rounds toward zero', () => {
    expect(divFloor(7n, 2n)).toBe(3n);
    expect(divFloor(-7n, 2n)).toBe(-3n);
  });
  it('half-even rounds halves to the even neighbour', () => {
    expect(divHalfEven(5n, 2n)).toBe(2n);
    expect(divHalfEven(7n, 2n)).toBe(4n);
    expect(divHalfEven(-5n, 2n)).toBe(-2n);
    expect(divHalfEven(11n, 4n)).toBe(3n);
    expect(divHalfEven(10n, 4n)).toBe(2n);
  });
  it('half-even is within half a unit of the exact quotient', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (a, b) => {
        const q = divHalfEven(a, b);
        const err = a * 2n - q * 2n * b; // 2·(a − q·b)
        expect(err <= b && err >= -b).toBe(true);
      }),
    );
  });
});

describe('64-bit range', () => {
  it('tells which amounts an SQLite integer or a BigInt64Array holds exactly', () => {
    expect(fitsInt64(9223372036854775807n)).toBe(true);
    expect(fitsInt64(-9223372036854775808n)).toBe(true);
    expect(fitsInt64(9223372036854775808n)).toBe(false);
    expect(fitsInt64(-9223372036854775809n)).toBe(false);
    fc.assert(fc.property(fc.bigInt(), (x) => fitsInt64(x) === (BigInt.asIntN(64, x) === x)));
  });
});

describe('allocate', () => {
  it('hands leftover units to the largest remainders, ties by key', () => {
    expect(allocate(100n, [1n, 1n, 1n], ['b', 'a', 'c'])).toEqual([33n, 34n, 33n]);
    expect(allocate(110000n, [70000n, 50000n], ['G1', 'G2'])).toEqual([64167n, 45833n]);
  });
  it('parts always add back to the whole and stay within one unit of the exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 40 }).filter((w) => sum(w) > 0n),
        (total, weights) => {
          const keys = weights.map((_, i) => `k${String(i).padStart(3, '0')}`);
          const parts = allocate(total, weights, keys);
          expect(sum(parts)).toBe(total);
          const W = sum(weights);
          parts.forEach((p, i) => {
            const exactTimesW = total * weights[i]!;
            expect(p * W - exactTimesW < W && exactTimesW - p * W < W).toBe(true);
            expect(p >= 0n).toBe(true);
          });
        },
      ),
    );
  });
});
