/**
 * Case files: one defaulted estate per SQLite file. Every connection sets WAL,
 * synchronous=FULL and foreign keys explicitly. Writes go through a WriteDb,
 * reads may use a ReadDb; the brands keep the two apart at compile time.
 */
import Database from 'better-sqlite3';
import { AppError } from '../errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';

declare const writeBrand: unique symbol;
declare const readBrand: unique symbol;
export type WriteDb = Database.Database & { readonly [writeBrand]: true };
export type ReadDb = Omit<Database.Database, 'exec' | 'transaction'> & { readonly [readBrand]: true };

let nativeBinding: string | undefined;

/** Under Electron the shell points this at the Electron-ABI build of better-sqlite3; Node uses the default build. */
export function setNativeBinding(path: string | undefined): void {
  nativeBinding = path;
}

export const CASE_EXTENSION = '.recourse';
const APPLICATION_ID = 0x52435253; // "RCRS"

function connect(path: string, readonly: boolean): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (err) {
    throw new AppError('not_found', `Cannot open ${path}: ${(err as Error).message}`);
  }
  try {
    db.defaultSafeIntegers(true);
    if (!readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (err) {
    db.close();
    const msg = (err as Error).message;
    if (/not a database|file is encrypted/i.test(msg)) {
      throw new AppError('case_corrupt', `${path} is not a Recourse case file (or it is damaged or encrypted)`);
    }
    throw err;
  }
}

export function userVersion(db: Database.Database | ReadDb): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/** Apply every pending migration in one transaction; refuse a file written by a newer Recourse. */
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
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
    db.pragma(`application_id = ${APPLICATION_ID}`);
  })();
  return { from, to: SCHEMA_VERSION };
}

export function openWrite(path: string, opts: { create?: boolean } = {}): WriteDb {
  if (!opts.create) {
    // fileMustExist for an existing case, so a typo never creates an empty file
    let probe: Database.Database;
    try {
      probe = new Database(path, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    } catch {
      throw new AppError('not_found', `No case file at ${path}`);
    }
    probe.close();
  }
  const db = connect(path, false) as WriteDb;
  try {
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function openRead(path: string): ReadDb {
  const db = connect(path, true);
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
