/**
 * The pieces a large draft's two threads share (src/services/runs-input-split.ts):
 * the compact batch of claims the helper sends (runs-input-compact.ts), the
 * creditor index the job packs for it (runs-common.ts), and text written in
 * two sinks and joined (runs-text.ts).
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { CompactWriter, decodeClaims } from '../../src/services/runs-input-compact.js';
import { creditorIndex, unpackCreditors } from '../../src/services/runs-common.js';
import { TextSink } from '../../src/services/runs-text.js';
import { closeCase } from '../../src/services/case.js';
import type { ClaimInput, PortionAmount } from '../../src/engine/index.js';
import type { ClaimLookups } from '../../src/services/runs-input-claims.js';
import { workedCase } from './fixture.js';

const WIDE = 1n << 70n;

describe('a compact batch of claims', () => {
  it('decodes to the engine input it was written from, wide amounts, nulls and paid-before portions included', () => {
    const creditors = new Map<number, { ref: string; ok: boolean }>([
      [1, { ref: 'CR-1', ok: true }],
      [7, { ref: 'CR-7', ok: false }],
    ]);
    const lookups: ClaimLookups = {
      creditors: {
        ref: (id) => creditors.get(id)!.ref,
        verified: (id) => creditors.get(id)!.ok,
        packed: () => null,
      },
      collateral: new Map([[3, 'COL-3']]),
    };
    type Row = [string, number, string, string, bigint, bigint | null, number | null, number | null, PortionAmount[] | null];
    const rows: Row[] = [
      ['A1', 1, 'GUC', 'allowed', 12_345n, null, null, null, null],
      ['B\u00e9\u{1F600}', 7, 'SEC', 'under_review', WIDE + 1n, WIDE, 3, 2, [{ classCode: 'SEC', amount: 5n }]],
      ['C3', 1, 'GUC', 'disputed', 0n, -0n, 99, 1, [{ classCode: 'GUC', amount: WIDE }, { classCode: 'SEC', amount: (1n << 63n) - 1n }]],
      ['D4', 7, 'ADMIN', 'withdrawn', -(1n << 63n), null, null, null, [{ classCode: 'ADMIN', amount: 1n }]],
    ];
    const w = new CompactWriter(10);
    for (const r of rows) w.add(...r);
    // As it crosses to the other thread (the shared arrays are shared, the rest copied).
    const batch = structuredClone(w.finish());
    const out: ClaimInput[] = [];
    decodeClaims(batch, lookups, out);
    expect(out).toEqual(
      rows.map(([ref, cid, classCode, status, value, reserve, securedId, lien, paid]) => ({
        ref,
        creditorRef: creditors.get(cid)!.ref,
        classCode,
        status,
        value,
        reserveEstimate: reserve,
        securedBy: securedId === null ? null : (lookups.collateral.get(securedId) ?? null),
        lien,
        kycVerified: creditors.get(cid)!.ok,
        paidBefore: paid,
      })),
    );
  });

  it('refuses more claims than it has room for', () => {
    const w = new CompactWriter(1);
    w.add('A', 1, 'GUC', 'allowed', 1n, null, null, null, null);
    expect(() => w.add('B', 1, 'GUC', 'allowed', 1n, null, null, null, null)).toThrow(/expected/);
  });
});

describe('the creditor index, packed for another thread', () => {
  it('answers as the index it was packed from; a reference holding a NUL is read row by row, and not packed', () => {
    const c = workedCase();
    const check = (packed: boolean) => {
      const idx = creditorIndex(c.db);
      const p = idx.packed();
      expect(p !== null).toBe(packed);
      const copies = p ? [idx, unpackCreditors(structuredClone(p))] : [idx];
      const rows = c.db.prepare("SELECT id, ref, kyc = 'verified' AS ok FROM creditors").all() as Array<{ id: bigint; ref: string; ok: bigint }>;
      for (const x of copies) {
        for (const r of rows) {
          expect(x.ref(Number(r.id))).toBe(r.ref);
          expect(x.verified(Number(r.id))).toBe(r.ok === 1n);
        }
        expect(() => x.ref(999)).toThrow(/creditor id 999/);
      }
    };
    check(true);
    c.db.prepare("UPDATE creditors SET kyc = 'pending' WHERE ref = 'CR-G2'").run();
    check(true);
    c.db.prepare("UPDATE creditors SET ref = ? WHERE ref = 'CR-G1'").run('CR-\u0000-NUL');
    check(false);
    closeCase(c);
  });
});

describe('text written in two sinks', () => {
  it('joins into the bytes and hash of one sink', () => {
    const lines = ['{"h":1}', 'C\tA1\tx', 'U\tB\u00e9\ty', 'C\tZ9\tz'];
    const one = new TextSink();
    for (const l of lines) one.row(l);
    const first = new TextSink();
    const later = new TextSink({ hashed: false });
    first.row(lines[0]!);
    first.row(lines[1]!);
    later.row(lines[2]!);
    later.row(lines[3]!);
    first.append(later.done());
    const h = one.digest();
    expect(first.digest()).toBe(h);
    expect(Buffer.concat(first.parts)).toEqual(Buffer.concat(one.parts));
    expect(h).toBe(createHash('sha256').update(lines.join('\n') + '\n').digest('hex'));
    expect(() => later.digest()).toThrow(/no hash/);
  });
});
