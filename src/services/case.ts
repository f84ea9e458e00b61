/** Create, open and copy case files; read the case's settings. */
import { copyFileSync, existsSync, linkSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { isEncryptedFile, openRead, openWrite, setCaseAccess, tx, userVersion, type ReadDb, type WriteDb } from '../store/db.js';
import { corruptError, vacuumInto } from '../store/backup.js';
import { checkPassphrase } from '../store/crypto.js';
import { DEFAULT_ASSETS, defaultScale } from '../domain/assets.js';
import { parseRatio } from '../money/decimal.js';
import type { CaseSummary } from '../api/contract/case.js';

export interface OpenCase {
  path: string;
  db: WriteDb;
  read: ReadDb;
  readOnly: boolean;
}

export interface CaseMeta {
  name: string;
  currency: string;
  petitionDate: string;
  barDate: string | null;
  interestRate: string | null;
}

export function readMeta(db: ReadDb | WriteDb): CaseMeta {
  const rows = db.prepare('SELECT key, value FROM case_meta').all() as Array<{ key: string; value: string }>;
  const m = new Map(rows.map((r) => [r.key, r.value]));
  const name = m.get('name');
  const currency = m.get('currency');
  const petitionDate = m.get('petition_date');
  if (!name || !currency || !petitionDate) throw new AppError('case_corrupt', 'The case file has no case settings');
  return { name, currency, petitionDate, barDate: m.get('bar_date') ?? null, interestRate: m.get('interest_rate') ?? null };
}

export function summary(c: OpenCase): CaseSummary {
  return { path: c.path, ...readMeta(c.read), schemaVersion: userVersion(c.read), readOnly: c.readOnly, encrypted: isEncryptedFile(c.path) };
}

export interface NewCase {
  path: string;
  name: string;
  currency: string;
  petitionDate: string;
  barDate?: string | undefined;
  interestRate?: string | undefined;
  /** Protect the new file with this passphrase (encrypted from its first page). */
  passphrase?: string | undefined;
}

export function createCase(input: NewCase, actor: string): OpenCase {
  const path = resolve(input.path);
  if (existsSync(path)) throw new AppError('conflict', `A file already exists at ${path}; choose another name`);
  if (input.interestRate !== undefined) {
    const r = parseRatio(input.interestRate);
    if (r.num < 0n || r.num > r.den) throw new AppError('invalid_args', 'The interest rate is a yearly fraction between 0 and 1 (0.09 for 9%)');
  }
  const scale = defaultScale(input.currency);
  if (scale === undefined) {
    throw new AppError('invalid_args', `Unknown case currency ${input.currency}; choose one of ${DEFAULT_ASSETS.map((a) => a.code).join(', ')}`);
  }
  if (input.passphrase !== undefined) checkPassphrase(input.passphrase);
  mkdirSync(dirname(path), { recursive: true });
  // Built under a temporary name and linked into place once complete: a crash never leaves a half-made case.
  const tmp = join(dirname(path), `.${basename(path)}.creating-${process.pid}`);
  for (const ext of ['', '-wal', '-shm', '.lock']) rmSync(tmp + ext, { force: true });
  if (input.passphrase !== undefined) {
    setCaseAccess(tmp, { passphrase: input.passphrase });
    setCaseAccess(path, { passphrase: input.passphrase });
  }
  const db = openWrite(tmp, { create: true });
  try {
    tx(db, () => {
      const set = db.prepare('INSERT INTO case_meta (key, value) VALUES (?, ?)');
      set.run('name', input.name);
      set.run('currency', input.currency);
      set.run('petition_date', input.petitionDate);
      if (input.barDate) set.run('bar_date', input.barDate);
      if (input.interestRate) set.run('interest_rate', input.interestRate);
      set.run('created_at', new Date().toISOString());
      const addAsset = db.prepare('INSERT INTO assets (code, name, scale) VALUES (?, ?, ?)');
      for (const a of DEFAULT_ASSETS) addAsset.run(a.code, a.name, a.scale);
      const { passphrase, ...recorded } = input;
      appendAudit(db, { actor, action: 'case.create', entity: 'case', entityRef: input.name, after: passphrase === undefined ? recorded : { ...recorded, encrypted: true } });
    });
  } finally {
    db.close(); // the last connection folds the WAL into the file
    setCaseAccess(tmp, null);
  }
  try {
    linkSync(tmp, path); // fails if a file appeared at path meanwhile: never overwrite
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || existsSync(path)) {
      rmSync(tmp, { force: true });
      throw new AppError('conflict', `A file already exists at ${path}; choose another name`);
    }
    renameSync(tmp, path); // a file system without hard links
  }
  rmSync(tmp, { force: true });
  return openCase(path);
}

/**
 * Open a case for the session: for writing (taking its lock) or read-only.
 * A failed quick_check refuses with 'case_corrupt' listing the backups.
 */
export function openCase(pathIn: string, opts: { readOnly?: boolean } = {}): OpenCase {
  const path = resolve(pathIn);
  if (!existsSync(path)) throw new AppError('not_found', `No case file at ${path}`);
  const readOnly = opts.readOnly ?? false;
  let db: WriteDb;
  try {
    db = openWrite(path, { readOnly });
  } catch (err) {
    if (err instanceof AppError && err.code === 'case_corrupt') throw corruptError(path, [err.message]);
    throw err;
  }
  try {
    const problems = (db.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check).filter((m) => m !== 'ok');
    if (problems.length) throw corruptError(path, problems);
    readMeta(db);
    return { path, db, read: openRead(path), readOnly };
  } catch (err) {
    db.close();
    if (err instanceof AppError || !/SQLITE_CORRUPT|malformed/i.test(String((err as { code?: unknown }).code) + (err as Error).message)) throw err;
    throw corruptError(path, [(err as Error).message]);
  }
}

export function closeCase(c: OpenCase): void {
  c.read.close();
  c.db.close();
}

/** A consistent online copy of the open case (SQLite's backup API). */
export function saveCopy(c: OpenCase, dest: string): Promise<string> {
  const path = resolve(dest);
  if (path === c.path) throw new AppError('conflict', 'Choose a different file for the copy');
  mkdirSync(dirname(path), { recursive: true });
  // VACUUM INTO rather than the backup API: an encrypted case's copy stays encrypted.
  vacuumInto(c.db, path);
  return Promise.resolve(path);
}

/** The bundled demo case, shipped in assets/demo/. */
export function bundledDemoPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    const p = resolve(here, up, 'assets/demo/demo.recourse');
    if (existsSync(p)) return p;
  }
  throw new AppError('not_found', 'The bundled demo case (assets/demo/demo.recourse) is missing; run `npm run demo:build`');
}

/** Copy the demo into the user's data folder (never open the bundled file itself). */
export function demoCopyPath(dataDir: string, fresh = false): string {
  const target = join(dataDir, 'cases', 'Demo - Meridian Derivatives.recourse');
  if (fresh || !existsSync(target)) {
    mkdirSync(dirname(target), { recursive: true });
    for (const ext of ['-wal', '-shm']) rmSync(target + ext, { force: true });
    copyFileSync(bundledDemoPath(), target);
  }
  return target;
}
