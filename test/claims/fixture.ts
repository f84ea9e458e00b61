/** Small hand-made cases for the claims tests: creditors and claims with exact, known amounts. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeCase, createCase, type OpenCase } from '../../src/services/case.js';
import { tx, type WriteDb } from '../../src/store/db.js';
import { count } from '../../src/store/util.js';
import { normaliseName } from '../../src/domain/names.js';
import { claimValue } from '../../src/domain/valuation.js';
import { parseDecimal, parseRatio } from '../../src/money/decimal.js';
import type { ClaimStatus, CreditorType, KycState } from '../../src/domain/claims.js';

export const PETITION = '2026-01-15';
export const BAR = '2026-06-30';
export const PRICES: Record<string, string> = { BTC: '50000.125', ETH: '2500.5', USDT: '0.9987' };
const SCALES: Record<string, number> = { USD: 2, BTC: 8, ETH: 18, USDT: 6, SOL: 9 };

export interface Fixture extends OpenCase {
  dir: string;
  creditor: (ref: string, name: string, o?: { type?: CreditorType; kyc?: KycState }) => number;
  claim: (c: NewClaim) => number;
  close: () => void;
}

export interface NewClaim {
  ref: string;
  creditor: number;
  asset?: string;
  asserted: string;
  allowed?: string;
  status?: ClaimStatus;
  source?: 'scheduled' | 'filed';
  filedOn?: string | null;
  setoff?: string;
  classCode?: string | null;
}

export function fixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'recourse-claims-'));
  const c = createCase(
    { path: join(dir, 'case.recourse'), name: 'In re Test Exchange', currency: 'USD', petitionDate: PETITION, barDate: BAR },
    'setup',
  );
  const db: WriteDb = c.db;
  tx(db, () => {
    for (const [asset, price] of Object.entries(PRICES))
      db.prepare('INSERT INTO prices (asset, date, price) VALUES (?, ?, ?)').run(asset, PETITION, price);
    db.prepare("INSERT INTO classes (code, name, rank) VALUES ('GUC', 'General unsecured', 5)").run();
  });
  const creditor: Fixture['creditor'] = (ref, name, o = {}) =>
    count(
      db
        .prepare("INSERT INTO creditors (ref, name, name_key, type, kyc, updated_at) VALUES (?, ?, ?, ?, ?, '2026-01-01T00:00:00Z')")
        .run(ref, name, normaliseName(name), o.type ?? 'individual', o.kyc ?? 'verified').lastInsertRowid,
    );
  const claim: Fixture['claim'] = (n) => {
    const asset = n.asset ?? 'USD';
    const scale = SCALES[asset]!;
    const asserted = parseDecimal(n.asserted, scale);
    const allowed = n.allowed === undefined ? null : parseDecimal(n.allowed, scale);
    const setoff = n.setoff === undefined ? null : parseDecimal(n.setoff, 2);
    const price = asset === 'USD' ? { num: 1n, den: 1n } : parseRatio(PRICES[asset] ?? '1');
    const value = claimValue(allowed ?? asserted, scale, price, 2, setoff ?? 0n);
    return count(
      db
        .prepare(
          `INSERT INTO claims (ref, creditor_id, source, asset, asserted, allowed, status, setoff, filed_on, class_code, value_minor, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00Z')`,
        )
        .run(
          n.ref,
          n.creditor,
          n.source ?? 'filed',
          asset,
          asserted.toString(),
          allowed?.toString() ?? null,
          n.status ?? 'filed',
          setoff?.toString() ?? null,
          n.filedOn === undefined ? '2026-02-01' : n.filedOn,
          n.classCode ?? null,
          value,
        ).lastInsertRowid,
    );
  };
  return { ...c, dir, creditor, claim, close: () => closeCase(c) };
}

/** Audit rows about one claim, oldest first. */
export function auditOf(
  f: Fixture,
  ref: string,
): Array<{ actor: string; action: string; before: string | null; after: string | null; reason: string | null }> {
  return f.read
    .prepare("SELECT actor, action, before, after, reason FROM audit WHERE entity = 'claim' AND entity_ref = ? ORDER BY id")
    .all(ref) as Array<{ actor: string; action: string; before: string | null; after: string | null; reason: string | null }>;
}

export function statusOf(f: Fixture, ref: string): string {
  return f.read.prepare('SELECT status FROM claims WHERE ref = ?').pluck().get(ref) as string;
}
