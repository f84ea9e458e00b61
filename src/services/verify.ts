/**
 * `recourse verify FILE` / 'case.verify': is this case file whole and untampered?
 * SQLite's integrity_check and foreign_key_check, the audit hash chain, and
 * every finalized run recomputed from its stored input under its hash (the
 * runs service's verifyRuns). Names what does not match.
 */
import { connectFile, type ReadDb, type WriteDb } from '../store/db.js';
import { verifyAuditChain } from '../store/audit.js';
import { count, tableExists } from '../store/util.js';
import { verifyRuns } from './runs-verify.js';
import type { VerifyCheck, VerifyReport } from '../api/contract/reliability.js';

const MAX_PROBLEMS = 50;

function integrity(db: ReadDb | WriteDb): VerifyCheck {
  const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
  const problems = rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
  return { key: 'integrity', label: 'File structure (integrity_check)', ok: problems.length === 0, problems: problems.slice(0, MAX_PROBLEMS) };
}

function foreignKeys(db: ReadDb | WriteDb): VerifyCheck {
  const rows = db.pragma('foreign_key_check') as Array<{ table: string; rowid: bigint | number | null; parent: string; fkid: bigint | number }>;
  const problems = rows.map((r) => `${r.table} row ${r.rowid ?? '?'} points to a missing ${r.parent}`);
  return { key: 'foreign_keys', label: 'References between records (foreign_key_check)', ok: problems.length === 0, problems: problems.slice(0, MAX_PROBLEMS) };
}

function auditChain(db: ReadDb | WriteDb): VerifyCheck {
  const r = verifyAuditChain(db);
  return {
    key: 'audit_chain',
    label: `Audit log hash chain (${r.entries} entries checked)`,
    ok: r.ok,
    problems: r.ok ? [] : [`Audit entry ${r.brokenAt!.id}: ${r.brokenAt!.problem}`],
  };
}

function runs(db: ReadDb | WriteDb): VerifyCheck {
  const label = 'Finalized runs recompute from their stored input, under its hash';
  if (!tableExists(db, 'runs')) return { key: 'runs', label, ok: true, skipped: true, problems: [], note: 'This case file has no runs table (older schema).' };
  const finalized = count(db.prepare("SELECT count(*) FROM runs WHERE state = 'finalized'").pluck().get());
  if (finalized === 0) return { key: 'runs', label, ok: true, skipped: true, problems: [], note: 'No finalized runs yet.' };
  const problems = verifyRuns(db);
  return { key: 'runs', label: `${label} (${finalized} checked)`, ok: problems.length === 0, problems: problems.slice(0, MAX_PROBLEMS) };
}

/** Every check on an open connection. */
export async function verifyDb(db: ReadDb | WriteDb, path: string): Promise<VerifyReport> {
  const checks: VerifyCheck[] = [];
  try {
    checks.push(integrity(db));
  } catch (err) {
    checks.push({ key: 'integrity', label: 'File structure (integrity_check)', ok: false, problems: [(err as Error).message] });
  }
  // The other checks read through the damaged structure: run them anyway, each on its own.
  for (const check of [foreignKeys, auditChain]) {
    try {
      checks.push(check(db));
    } catch (err) {
      checks.push({ key: check === foreignKeys ? 'foreign_keys' : 'audit_chain', label: check === foreignKeys ? 'References between records' : 'Audit log hash chain', ok: false, problems: [(err as Error).message] });
    }
  }
  try {
    checks.push(runs(db));
  } catch (err) {
    checks.push({ key: 'runs', label: 'Finalized runs match their input hash', ok: false, problems: [(err as Error).message] });
  }
  return { path, ok: checks.every((c) => c.ok), checks, at: new Date().toISOString() };
}

/** Verify a file that may not be open (or may not even open). */
export async function verifyFile(path: string, passphrase?: string): Promise<VerifyReport> {
  let db: ReadDb;
  try {
    db = connectFile(path, { readonly: true, ...(passphrase !== undefined ? { passphrase } : {}) }) as unknown as ReadDb;
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'case_locked' || e.code === 'not_found') throw err;
    return { path, ok: false, checks: [{ key: 'integrity', label: 'The file opens as a database', ok: false, problems: [e.message] }], at: new Date().toISOString() };
  }
  try {
    return await verifyDb(db, path);
  } finally {
    db.close();
  }
}
