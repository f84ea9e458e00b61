/**
 * Case files: one defaulted estate per SQLite file. Every connection sets WAL,
 * synchronous=FULL (re-applied after the journal mode: the driver's build
 * reopens WAL files at NORMAL) and foreign keys explicitly. Writes go through a
 * WriteDb, reads may use a ReadDb; the brands keep the two apart at compile time.
 *
 * One driver for every case: better-sqlite3-multiple-ciphers (better-sqlite3's
 * API with SQLCipher-compatible encryption). A case protected by a passphrase
 * is opened with the key registered for its path (setCaseAccess); a write
 * connection holds the case's lock file (./lock.ts) until it closes.
 */
import type Database from 'better-sqlite3';
import DriverImpl from 'better-sqlite3-multiple-ciphers';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { pbkdf2Sync } from 'node:crypto';
import { resolve } from 'node:path';
import { AppError } from '../errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';
import { acquireWriteLock } from './lock.js';
import { snapshotBeforeMigration } from './backup.js';

declare const writeBrand: unique symbol;
declare const readBrand: unique symbol;
export type WriteDb = Database.Database & { readonly [writeBrand]: true };
export type ReadDb = Omit<Database.Database, 'exec' | 'transaction'> & { readonly [readBrand]: true };

/** The constructor, typed as better-sqlite3 (the same API). */
const Driver = DriverImpl as unknown as typeof Database;

let nativeBinding: string | undefined;

/** Under Electron the shell points this at the Electron-ABI build of the driver; Node uses the default build. */
export function setNativeBinding(path: string | undefined): void {
  nativeBinding = path;
}

/** The driver build set by setNativeBinding, for a helper thread to load the same one. */
export function nativeBindingPath(): string | undefined {
  return nativeBinding;
}

export const CASE_EXTENSION = '.recourse';
const APPLICATION_ID = 0x52435253; // "RCRS"
const SQLITE_HEADER = 'SQLite format 3\u0000';

/* ---- how this process may open each case: its passphrase, read-only ---- */

export interface CaseAccess {
  /** The case's passphrase (SQLCipher-compatible encryption). */
  passphrase?: string;
  /** Open every connection read-only (a second window, or a case locked elsewhere). */
  readOnly?: boolean;
}

const access = new Map<string, CaseAccess>();

/** Register (or clear, with null) how this process opens a case; job workers inherit it. */
export function setCaseAccess(path: string, a: CaseAccess | null): void {
  const key = resolve(path);
  if (a && (a.passphrase !== undefined || a.readOnly)) access.set(key, { ...a });
  else access.delete(key);
}

export function caseAccess(path: string): CaseAccess {
  return access.get(resolve(path)) ?? {};
}

/** What a worker thread needs to open cases the way this thread does (see jobs/runner.ts). */
export interface DbWorkerContext {
  access: Array<[string, CaseAccess]>;
  keys?: Array<[string, string]>;
}

export function dbWorkerContext(): DbWorkerContext {
  return { access: [...access.entries()], keys: [...derived.entries()] };
}

export function adoptDbWorkerContext(ctx: DbWorkerContext | undefined): void {
  for (const [p, a] of ctx?.access ?? []) access.set(p, a);
  for (const [k, v] of ctx?.keys ?? []) derived.set(k, v);
}

/* ---- connections ---- */

/** The file's first 16 bytes (SQLite's header, or an encrypted file's salt); null when empty or missing. */
function firstBytes(path: string): Buffer | null {
  if (!existsSync(path)) return null;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return n === 0 ? null : buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Does the file start with SQLite's plain header? (false for an encrypted or foreign file; null when empty or missing) */
export function plainHeader(path: string): boolean | null {
  const b = firstBytes(path);
  if (b === null) return null;
  return b.length === 16 && b.toString('latin1') === SQLITE_HEADER;
}

export function isEncryptedFile(path: string): boolean {
  return plainHeader(path) === false;
}

/**
 * Keys derived from (salt, passphrase): SQLCipher v4 stretches a passphrase with
 * PBKDF2-HMAC-SHA512, 256,000 rounds (~0.3 s). Deriving once per file salt and
 * handing SQLite the raw key makes every later connection cheap; the file stays
 * a standard SQLCipher v4 file that the passphrase opens anywhere.
 */
const derived = new Map<string, string>();
const KDF_ROUNDS = 256_000;

/** The page size of a SQLCipher v4 file (its default, which other SQLCipher tools assume). */
export const SQLCIPHER_PAGE_SIZE = 4096;

/** Choose the SQLCipher v4 format for the key a connection is given next (key or rekey). */
export function useSqlcipherV4(db: Database.Database): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
}

/** Key a fresh connection (before its first read): SQLCipher v4 format. */
export function applyKey(db: Database.Database, passphrase: string, salt?: Buffer | null): void {
  useSqlcipherV4(db);
  if (salt && salt.length === 16) {
    const id = `${salt.toString('hex')}\u0000${passphrase}`;
    let key = derived.get(id);
    if (!key) {
      key = pbkdf2Sync(Buffer.from(passphrase, 'utf8'), salt, KDF_ROUNDS, 32, 'sha512').toString('hex');
      if (derived.size > 64) derived.clear();
      derived.set(id, key);
    }
    db.pragma(`key = "x'${key}'"`);
  } else {
    // A new file: SQLite picks the salt and derives the key itself (the passphrase as bytes: no quoting issues).
    db.pragma(`hexkey = '${Buffer.from(passphrase, 'utf8').toString('hex')}'`);
  }
}

function sqliteCode(err: unknown): string {
  return String((err as { code?: unknown }).code ?? '');
}

/**
 * The page size of a new case file. Bulk work at scale is mostly B-tree work:
 * with 16 KiB pages instead of SQLite's 4 KiB, building the register's indexes
 * after a million-claim import took a third less CPU, and the rows' inserts a
 * little less; a small change writes a larger page to the WAL, which a desktop
 * case does not notice. Existing files keep the size they were made with.
 */
export const PAGE_SIZE = 16384;

export interface ConnectOptions {
  readonly?: boolean;
  /** Key to use; defaults to the passphrase registered for the path. null: none. */
  passphrase?: string | null;
  /** Allow creating a new file. */
  create?: boolean;
}

/**
 * A raw connection with the case pragmas (no lock, no migration). Wrong or
 * missing passphrase → 'case_locked' with details.needsPassphrase; a damaged
 * plain file → 'case_corrupt'.
 */
export function connectFile(pathIn: string, opts: ConnectOptions = {}): Database.Database {
  const path = resolve(pathIn);
  const readonly = opts.readonly ?? false;
  const first = firstBytes(path);
  const header = first === null ? null : first.length === 16 && first.toString('latin1') === SQLITE_HEADER;
  if (header === null && !opts.create && !existsSync(path)) throw new AppError('not_found', `No case file at ${path}`);
  const pass = opts.passphrase === undefined ? caseAccess(path).passphrase : (opts.passphrase ?? undefined);
  let db: Database.Database;
  try {
    db = new Driver(path, { readonly, fileMustExist: readonly || !opts.create, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (err) {
    throw new AppError('not_found', `Cannot open ${path}: ${(err as Error).message}`);
  }
  try {
    // A new plain file gets larger pages (PAGE_SIZE); an encrypted one keeps SQLCipher's (SQLCIPHER_PAGE_SIZE).
    if (header === null && pass === undefined && !readonly) db.pragma(`page_size = ${PAGE_SIZE}`);
    // A plain file is opened plain even when a passphrase is registered (e.g. right after decrypting).
    if (pass !== undefined && header !== true) applyKey(db, pass, header === false ? first : null);
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (err) {
      const code = sqliteCode(err);
      if (code === 'SQLITE_NOTADB' && header !== true) {
        throw pass === undefined
          ? new AppError('case_locked', `${path} is protected by a passphrase (or it is not a Recourse case file). Enter the passphrase to open it.`, {
              needsPassphrase: true,
              path,
            })
          : new AppError('case_locked', `The passphrase is wrong for ${path}. Check it and try again.`, { needsPassphrase: true, wrongPassphrase: true, path });
      }
      if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
        throw new AppError('case_corrupt', `${path} is damaged (${(err as Error).message}).`, { path });
      }
      throw err;
    }
    db.defaultSafeIntegers(true);
    if (!readonly) db.pragma('journal_mode = WAL');
    // After the journal mode: re-opening a WAL file would otherwise run at NORMAL.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (err) {
    db.close();
    if (err instanceof AppError) throw err;
    const code = sqliteCode(err);
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
      throw new AppError('case_corrupt', `${path} is damaged (${(err as Error).message}).`, { path });
    }
    throw err;
  }
}

export function userVersion(db: Database.Database | ReadDb): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/** Apply every pending migration in one transaction (after a backup of an existing file); refuse a file written by a newer Recourse. */
export function migrate(db: WriteDb): { from: number; to: number } {
  const from = userVersion(db);
  if (from > SCHEMA_VERSION) {
    throw new AppError(
      'case_too_new',
      `This case file was written by a newer version of Recourse (schema ${from}; this version reads up to ${SCHEMA_VERSION}). Update Recourse to open it.`,
    );
  }
  const appId = Number(db.pragma('application_id', { simple: true }));
  if (from > 0 && appId !== APPLICATION_ID) {
    throw new AppError('case_corrupt', 'This SQLite file is not a Recourse case file');
  }
  const pending = MIGRATIONS.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from };
  if (from > 0 && db.name && db.name !== ':memory:') snapshotBeforeMigration(db, db.name, from);
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
    db.pragma(`application_id = ${APPLICATION_ID}`);
  })();
  return { from, to: SCHEMA_VERSION };
}

/**
 * The write connection to a case: takes the case's lock (refused with 'case_locked'
 * when another process writes it), migrates, and releases the lock on close.
 * With readOnly (or a read-only registration for the path) the connection is
 * opened read-only and SQLite itself refuses every write.
 */
export function openWrite(pathIn: string, opts: { create?: boolean; readOnly?: boolean } = {}): WriteDb {
  const path = resolve(pathIn);
  if (!opts.create && !existsSync(path)) throw new AppError('not_found', `No case file at ${path}`);
  if (opts.readOnly || caseAccess(path).readOnly) {
    const db = connectFile(path, { readonly: true });
    const v = userVersion(db);
    if (v > SCHEMA_VERSION) {
      db.close();
      throw new AppError('case_too_new', `This case file was written by a newer version of Recourse (schema ${v}).`);
    }
    if (v < SCHEMA_VERSION) {
      db.close();
      throw new AppError('invalid_state', 'This case was written by an older Recourse and must be upgraded first: open it for writing once (where it is not open elsewhere).');
    }
    return db as WriteDb;
  }
  const release = acquireWriteLock(path);
  let db: Database.Database;
  try {
    db = connectFile(path, { create: opts.create ?? false });
  } catch (err) {
    release();
    throw err;
  }
  const close = db.close.bind(db);
  Object.defineProperty(db, 'close', {
    value: () => {
      try {
        close();
      } finally {
        release();
      }
      return db;
    },
  });
  try {
    migrate(db as WriteDb);
    return db as WriteDb;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function openRead(path: string): ReadDb {
  const db = connectFile(path, { readonly: true });
  const v = userVersion(db);
  if (v > SCHEMA_VERSION) {
    db.close();
    throw new AppError('case_too_new', `This case file was written by a newer version of Recourse (schema ${v}).`);
  }
  return db as unknown as ReadDb;
}

/** Run fn in one transaction (IMMEDIATE, so a writer never upgrades mid-way). */
export function tx<T>(db: WriteDb, fn: () => T): T {
  return db.transaction(fn).immediate();
}

export function now(): string {
  return new Date().toISOString();
}
