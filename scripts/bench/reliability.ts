/**
 * Reliability costs on a 200,000-claim case: a checked backup (VACUUM INTO +
 * quick_check), the quick_check every open runs, opening for writing (lock,
 * pragmas), and an encrypted case's connections (key derived once per process).
 * Own temporary case; nothing shared is written.
 *
 *   npx tsx scripts/bench/run-one.ts scripts/bench/reliability.ts
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCase, closeCase, openCase } from '../../src/services/case.js';
import { openWrite, setCaseAccess, tx } from '../../src/store/db.js';
import { backupBefore } from '../../src/store/backup.js';

const CLAIMS = 200_000;

function ms<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

function fill(path: string, passphrase?: string): void {
  const c = createCase({ path, name: 'Bench reliability', currency: 'USD', petitionDate: '2025-01-01', ...(passphrase ? { passphrase } : {}) }, 'bench');
  tx(c.db, () => {
    const cred = c.db.prepare("INSERT INTO creditors (ref, name, name_key, type, updated_at) VALUES (?, ?, ?, 'individual', 't')");
    const claim = c.db.prepare("INSERT INTO claims (ref, creditor_id, asset, asserted, status, value_minor, updated_at) VALUES (?, ?, 'USD', ?, 'filed', ?, 't')");
    for (let i = 1; i <= CLAIMS; i++) {
      cred.run(`CR${i}`, `Creditor number ${i}`, `creditor number ${i}`);
      claim.run(`CL${i}`, i, String(i * 100), i * 100);
    }
  });
  closeCase(c);
}

export async function bench(): Promise<Array<{ name: string; value: string; target?: string }>> {
  const dir = mkdtempSync(join(tmpdir(), 'recourse-bench-reliab-'));
  try {
    const plain = join(dir, 'plain.recourse');
    fill(plain);
    const mb = (statSync(plain).size / 1048576).toFixed(0);
    const [, backup] = ms(() => backupBefore(plain, 'bench'));
    const [c, open] = ms(() => openCase(plain));
    closeCase(c);
    const [w, openWriteMs] = ms(() => openWrite(plain));
    w.close();
    const enc = join(dir, 'enc.recourse');
    fill(enc, 'bench passphrase');
    setCaseAccess(enc, { passphrase: 'bench passphrase' });
    const [e2, againKeyed] = ms(() => openWrite(enc));
    e2.close();
    const [, encBackup] = ms(() => backupBefore(enc, 'bench'));
    return [
      { name: `checked backup, ${CLAIMS.toLocaleString('en-US')} claims (${mb} MB)`, value: `${(backup / 1000).toFixed(2)} s`, target: '< 10 s' },
      { name: 'open a case (lock, pragmas, quick_check)', value: `${open.toFixed(0)} ms`, target: '< 3 s' },
      { name: 'open a write connection (job worker)', value: `${openWriteMs.toFixed(1)} ms` },
      { name: 'encrypted: open a write connection (derived key reused; the first derivation costs ~0.3 s)', value: `${againKeyed.toFixed(1)} ms`, target: '< 50 ms' },
      { name: 'encrypted: checked backup', value: `${(encBackup / 1000).toFixed(2)} s` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
