/** Shared helpers for the reliability tests: temporary cases, child processes that hold a case open. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdtempSync, openSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCase, closeCase, type OpenCase } from '../../src/services/case.js';
import { appendAudit } from '../../src/store/audit.js';
import { tx } from '../../src/store/db.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function tmpDir(tag = 'rel'): string {
  return mkdtempSync(join(tmpdir(), `recourse-h-reliab-${tag}-`));
}

/** A creditor name that must never be readable in an encrypted file. */
export const SECRET_NAME = 'Zebulon Quackenbush-Okonkwo';

/** Add `n` claims (with creditors) in one audited transaction. */
export function addClaims(c: OpenCase, n: number, tag = 'T', name = SECRET_NAME): void {
  tx(c.db, () => {
    const cred = c.db.prepare("INSERT INTO creditors (ref, name, name_key, type, updated_at) VALUES (?, ?, ?, 'individual', 't')");
    const claim = c.db.prepare("INSERT INTO claims (ref, creditor_id, asset, asserted, status, notes, updated_at) VALUES (?, ?, 'USD', ?, 'filed', ?, 't')");
    for (let i = 0; i < n; i++) {
      const id = cred.run(`${tag}-C${i}`, `${name} ${i}`, `${name.toLowerCase()} ${i}`).lastInsertRowid;
      claim.run(`${tag}-${i}`, id, String(1000 + i), tag);
    }
    appendAudit(c.db, { actor: 'test', action: 'claims.add', entity: 'claims', entityRef: tag, after: { n } });
  });
}

export function makeCase(path: string, opts: { claims?: number; passphrase?: string; keepOpen?: boolean } = {}): OpenCase | null {
  const c = createCase({ path, name: 'Reliability test estate', currency: 'USD', petitionDate: '2026-01-15', ...(opts.passphrase ? { passphrase: opts.passphrase } : {}) }, 'tester');
  if (opts.claims) addClaims(c, opts.claims);
  if (opts.keepOpen) return c;
  closeCase(c);
  return null;
}

export function fileContains(path: string, text: string): boolean {
  return existsSync(path) && readFileSync(path).includes(Buffer.from(text, 'utf8'));
}

/** A separate process that opens the case for writing and keeps it open until stdin closes or it is killed. */
export function holdOpen(casePath: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; pid: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/reliability/fixtures/hold-open.ts'), casePath], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('HOLDING')) resolve({ child, pid: child.pid! });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`holder exited (${code}): ${err}`)));
  });
}

export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

/** Damage a page in the middle of a closed case file (its header and schema page stay intact). */
export function corruptMiddle(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const page = 4096;
    const at = Math.floor(size / page / 2) * page;
    writeSync(fd, Buffer.alloc(page, 0xa5), 0, page, at);
  } finally {
    closeSync(fd);
  }
}
