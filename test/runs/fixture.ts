/** The spec's §8 worked example as a case file: three classes, five claims in USD, two people to draft and approve. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCase, type OpenCase } from '../../src/services/case.js';
import { tx } from '../../src/store/db.js';
import { normaliseName } from '../../src/domain/names.js';
import { parseDecimal } from '../../src/money/index.js';
import type { ClaimStatus, KycState } from '../../src/domain/claims.js';
import type { RunOptions } from '../../src/services/runs-input.js';

export const DRAFTER = 'alice';
export const APPROVER = 'bob';

export interface ClaimSpec {
  ref: string;
  classCode: string | null;
  amount: string;
  status: ClaimStatus;
  classStatus?: 'approved' | 'proposed' | null;
  kyc?: KycState;
  reserve?: string;
}

export const WORKED: ClaimSpec[] = [
  { ref: 'A1', classCode: 'ADMIN', amount: '100.00', status: 'allowed' },
  { ref: 'P1', classCode: 'PRIORITY', amount: '300.00', status: 'allowed' },
  { ref: 'G1', classCode: 'GUC', amount: '700.00', status: 'allowed' },
  { ref: 'G2', classCode: 'GUC', amount: '500.00', status: 'allowed' },
  { ref: 'G3', classCode: 'GUC', amount: '300.00', status: 'disputed' },
];

export function tmpDir(): string {
  return mkdtempSync(join(tmpdir(), 'h-runs-test-'));
}

/** A new case with the worked example's classes and the given claims (each with its own creditor CR-<ref>). */
export function workedCase(claims: ClaimSpec[] = WORKED, dir = tmpDir()): OpenCase {
  const c = createCase({ path: join(dir, 'case.recourse'), name: 'Worked example', currency: 'USD', petitionDate: '2025-01-15' }, 'setup');
  addClaims(c, claims, true);
  return c;
}

export function addClaims(c: OpenCase, claims: ClaimSpec[], withClasses = false): void {
  const db = c.db;
  tx(db, () => {
    if (withClasses) {
      const cls = db.prepare("INSERT INTO classes (code, name, rank, treatment, position) VALUES (?, ?, ?, 'pro_rata', ?)");
      cls.run('ADMIN', 'Administrative', 1, 0);
      cls.run('PRIORITY', 'Priority', 2, 1);
      cls.run('GUC', 'General unsecured', 3, 2);
    }
    const cred = db.prepare("INSERT INTO creditors (ref, name, name_key, type, kyc, updated_at) VALUES (?, ?, ?, 'individual', ?, 't')");
    const claim = db.prepare(
      "INSERT INTO claims (ref, creditor_id, asset, asserted, status, class_code, class_status, reserve_estimate, value_minor, updated_at) VALUES (?, ?, 'USD', ?, ?, ?, ?, ?, ?, 't')",
    );
    for (const s of claims) {
      const name = `Creditor ${s.ref}`;
      const id = cred.run(`CR-${s.ref}`, name, normaliseName(name), s.kyc ?? 'verified').lastInsertRowid;
      const v = parseDecimal(s.amount, 2);
      const cs = s.classStatus === undefined ? (s.classCode ? 'approved' : null) : s.classStatus;
      claim.run(s.ref, id, v.toString(), s.status, s.classCode, cs, s.reserve ? parseDecimal(s.reserve, 2).toString() : null, v);
    }
  });
}

export function opts(o: Partial<RunOptions> = {}): RunOptions {
  return {
    date: '2026-03-01',
    release: 0n,
    final: false,
    deMinimis: 0n,
    withholdUnverified: false,
    includeUnapproved: false,
    disputedAs: 'reserve',
    ...o,
  };
}

/** A run's lines by claim: { ref: {paid, reserved, ...} } as decimal-free minor-unit strings. */
export function linesOf(c: OpenCase, runId: number): Record<string, Record<string, string>> {
  const rows = c.db
    .prepare(
      'SELECT claim_ref, class_code, entitled, paid_before, paid, reserved, withheld FROM run_lines WHERE run_id = ? ORDER BY claim_ref',
    )
    .all(runId) as Array<Record<string, string>>;
  const out: Record<string, Record<string, string>> = {};
  for (const r of rows)
    out[r.claim_ref!] = {
      class: r.class_code!,
      entitled: r.entitled!,
      paid_before: r.paid_before!,
      paid: r.paid!,
      reserved: r.reserved!,
      withheld: r.withheld!,
    };
  return out;
}
