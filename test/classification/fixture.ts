/** A small case with a known ladder, creditors and claims, for classification tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCase, closeCase, type OpenCase } from '../../src/services/case.js';
import { saveLadder } from '../../src/services/classes.js';
import { tx } from '../../src/store/db.js';
import type { ClassInput } from '../../src/api/contract/classes.js';

export const LADDER: ClassInput[] = [
  { code: 'ADMIN', name: 'Administrative expenses', rank: 1 },
  { code: 'SEC', name: 'Secured', rank: 2, secured: true, deficiencyClass: 'GUC' },
  { code: 'PRIO', name: 'Priority wages', rank: 3, portionCap: '15150.00', overflowClass: 'GUC' },
  { code: 'CUST', name: 'Customer entitlement', rank: 4, interestBearing: true },
  { code: 'CONV', name: 'Convenience', rank: 5, treatment: 'fixed_pct', pct: '0.5', cap: '1000.00' },
  { code: 'GUC', name: 'General unsecured', rank: 5, interestBearing: true },
  { code: 'SUB', name: 'Subordinated', rank: 6 },
  { code: 'EQ', name: 'Equity', rank: 7, treatment: 'residual' },
];

export interface ClaimSpec {
  ref: string;
  /** Value in cents (USD claims: asserted = value). */
  cents: bigint;
  type?: string;
  jurisdiction?: string | null;
  creditorTags?: string | null;
  tags?: string | null;
  asset?: string;
  source?: 'scheduled' | 'filed';
  status?: string;
  secured?: boolean;
  classCode?: string | null;
  classStatus?: 'proposed' | 'approved' | null;
}

export function tempPath(name = 'case.recourse'): string {
  return join(mkdtempSync(join(tmpdir(), 'recourse-cls-')), name);
}

/** A USD case with LADDER saved (version 1, by 'setup') and the given claims (one creditor each). */
export function makeCase(claims: ClaimSpec[], opts: { ladder?: boolean; currency?: string } = {}): OpenCase {
  const c = createCase({ path: tempPath(), name: 'Test estate', currency: opts.currency ?? 'USD', petitionDate: '2026-01-15' }, 'setup');
  if (opts.ladder !== false) saveLadder(c.db, 'setup', LADDER);
  addClaims(c, claims);
  return c;
}

export function addClaims(c: OpenCase, claims: ClaimSpec[]): void {
  const db = c.db;
  tx(db, () => {
    const ea = db.prepare(
      "INSERT INTO estate_assets (ref, kind, asset, quantity, status, updated_at) VALUES ('EA-1', 'wallet', 'USD', '100000', 'under_control', 't') ON CONFLICT(ref) DO NOTHING",
    );
    ea.run();
    const eaId = Number(db.prepare("SELECT id FROM estate_assets WHERE ref = 'EA-1'").pluck().get());
    const cred = db.prepare('INSERT INTO creditors (ref, name, name_key, type, jurisdiction, tags, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const claim = db.prepare(
      `INSERT INTO claims (ref, creditor_id, source, asset, asserted, status, secured_by, class_code, class_status, value_minor, tags, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-02-01T00:00:00.000Z')`,
    );
    for (const s of claims) {
      const id = cred.run(`CR-${s.ref}`, `Creditor ${s.ref}`, `creditor ${s.ref}`.toLowerCase(), s.type ?? 'individual', s.jurisdiction ?? 'US', s.creditorTags ?? null, 't').lastInsertRowid;
      claim.run(
        s.ref,
        id,
        s.source ?? 'filed',
        s.asset ?? 'USD',
        s.cents.toString(),
        s.status ?? 'allowed',
        s.secured ? eaId : null,
        s.classCode ?? null,
        s.classCode ? (s.classStatus ?? 'proposed') : null,
        s.cents,
        s.tags ?? null,
      );
    }
  });
}

export function claimClass(c: OpenCase, ref: string): { code: string | null; status: string | null } {
  const r = c.db.prepare('SELECT class_code, class_status FROM claims WHERE ref = ?').get(ref) as { class_code: string | null; class_status: string | null };
  return { code: r.class_code, status: r.class_status };
}

export { closeCase };
