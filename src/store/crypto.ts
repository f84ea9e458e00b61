/**
 * Encryption at rest: protect a case with a passphrase, change it, or remove it.
 * SQLCipher-compatible (v4) through better-sqlite3-multiple-ciphers. Rekeying
 * rewrites every page in one transaction and needs the rollback journal, so
 * the file leaves WAL mode for the rekey and returns to it afterwards.
 * The backups beside the case follow its key, so a restore works with the
 * current passphrase and no plaintext copy is left behind after encrypting.
 */
import { AppError } from '../errors.js';
import { acquireWriteLock } from './lock.js';
import { SQLCIPHER_PAGE_SIZE, connectFile, isEncryptedFile, setCaseAccess, useSqlcipherV4 } from './db.js';
import { backupBefore, checkFile, listBackups } from './backup.js';
import type Database from 'better-sqlite3';

export const MIN_PASSPHRASE = 8;
export const MAX_PASSPHRASE = 1024;

export function checkPassphrase(p: string): void {
  if (p.length < MIN_PASSPHRASE) throw new AppError('invalid_args', `A passphrase needs at least ${MIN_PASSPHRASE} characters`);
  if (p.length > MAX_PASSPHRASE) throw new AppError('invalid_args', `A passphrase has at most ${MAX_PASSPHRASE} characters`);
}

/** Rekey one open connection (plain → key, key → key, key → plain). */
function rekeyConnection(db: Database.Database, next: string | null, wasEncrypted: boolean, finalMode: 'wal' | 'delete'): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  if (next === null) {
    db.pragma("rekey = ''");
  } else {
    if (!wasEncrypted) {
      // SQLCipher v4 pages are 4 KiB; a plain case made with larger pages (db.ts PAGE_SIZE) is rebuilt with them first
      if (Number(db.pragma('page_size', { simple: true })) !== SQLCIPHER_PAGE_SIZE) {
        db.pragma(`page_size = ${SQLCIPHER_PAGE_SIZE}`);
        db.exec('VACUUM');
      }
      useSqlcipherV4(db);
    }
    db.pragma(`hexrekey = '${Buffer.from(next, 'utf8').toString('hex')}'`);
  }
  if (finalMode === 'wal') db.pragma('journal_mode = WAL');
}

export interface PassphraseChange {
  encrypted: boolean;
  /** The backup taken before the change (under the old key). */
  backup: string;
  /** Backups rekeyed to follow the case, and those that could not be (another, older key). */
  backupsRekeyed: number;
  backupsSkipped: string[];
}

/**
 * Set, change or remove (next = null) a case's passphrase. Every connection to
 * the case in this process must be closed first; another process holding it
 * open is refused ('case_locked').
 */
export function changePassphrase(casePath: string, current: string | null, next: string | null): PassphraseChange {
  if (next !== null) checkPassphrase(next);
  const release = acquireWriteLock(casePath);
  try {
    const wasEncrypted = isEncryptedFile(casePath);
    if (!wasEncrypted && next === null) throw new AppError('invalid_state', 'This case has no passphrase to remove');
    if (wasEncrypted && current === null) throw new AppError('case_locked', 'Enter the current passphrase first', { needsPassphrase: true });
    const key = wasEncrypted ? current : null;
    // Check the current key and take a safety backup under it.
    setCaseAccess(casePath, key === null ? null : { passphrase: key });
    const before = backupBefore(casePath, next === null ? 'before-decrypt' : wasEncrypted ? 'before-rekey' : 'before-encrypt');
    const db = connectFile(casePath, { passphrase: key });
    try {
      rekeyConnection(db, next, wasEncrypted, 'wal');
    } finally {
      db.close();
    }
    setCaseAccess(casePath, next === null ? null : { passphrase: next });
    const problems = checkFile(casePath, next);
    if (problems.length) throw new AppError('internal', `The case did not check out after the change: ${problems[0]}. Restore ${before.name}.`);
    let rekeyed = 0;
    const skipped: string[] = [];
    for (const b of listBackups(casePath)) {
      try {
        const bdb = connectFile(b.path, { passphrase: key });
        try {
          rekeyConnection(bdb, next, isEncryptedFile(b.path), 'delete');
          rekeyed++;
        } finally {
          bdb.close();
        }
      } catch {
        if (checkFile(b.path, next).length) skipped.push(b.name);
      }
    }
    return { encrypted: next !== null, backup: before.name, backupsRekeyed: rekeyed, backupsSkipped: skipped };
  } finally {
    release();
  }
}

/** Open a backup or another file with a passphrase to test it (no lock, read-only). */
export function passphraseWorks(path: string, passphrase: string | null): boolean {
  try {
    const db = connectFile(path, { readonly: true, passphrase });
    db.close();
    return true;
  } catch {
    return false;
  }
}
