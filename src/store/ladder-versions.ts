/**
 * Ladder versions: every change of the class ladder or the classification
 * rules records the whole ladder and rule list as canonical JSON, with its
 * author and time. A version never changes, except for its sign-off.
 */
import { createHash } from 'node:crypto';
import type { ReadDb, WriteDb } from './db.js';
import { canonicalJson } from './audit.js';
import { CLASS_COLUMNS, byRank, rowFromDb, type ClassRow } from '../domain/ladder.js';
import type { RuleRow } from '../domain/class-rules.js';
import type { RuleConditions } from '../api/contract/classes.js';

export interface LadderSnapshot {
  classes: ClassRow[];
  rules: RuleRow[];
}

export interface VersionRow {
  id: number;
  at: string;
  author: string;
  summary: string;
  snapshot: string;
  hash: string;
  signedOffBy: string | null;
  signedOffAt: string | null;
}

/** The person recorded as author of a ladder that existed before versions were kept. */
export const BASELINE_AUTHOR = 'recourse';

export function readClasses(db: ReadDb | WriteDb): ClassRow[] {
  const rows = db.prepare(`SELECT ${CLASS_COLUMNS} FROM classes`).all() as Array<Record<string, unknown>>;
  return rows.map(rowFromDb).sort(byRank);
}

export function readRules(db: ReadDb | WriteDb): RuleRow[] {
  const rows = db.prepare('SELECT id, position, name, class_code, conditions FROM class_rules ORDER BY position, id').all() as Array<
    Record<string, unknown>
  >;
  return rows.map((r) => ({
    id: Number(r.id),
    position: Number(r.position),
    name: String(r.name),
    classCode: String(r.class_code),
    when: JSON.parse(String(r.conditions)) as RuleConditions,
  }));
}

export function readSnapshot(db: ReadDb | WriteDb): LadderSnapshot {
  return { classes: readClasses(db), rules: readRules(db) };
}

export function snapshotText(s: LadderSnapshot): string {
  return canonicalJson(s);
}

export function parseSnapshot(text: string): LadderSnapshot {
  return JSON.parse(text) as LadderSnapshot;
}

function toVersion(r: Record<string, unknown>): VersionRow {
  return {
    id: Number(r.id),
    at: String(r.at),
    author: String(r.author),
    summary: String(r.summary),
    snapshot: String(r.snapshot),
    hash: String(r.hash),
    signedOffBy: (r.signed_off_by as string | null) ?? null,
    signedOffAt: (r.signed_off_at as string | null) ?? null,
  };
}

const VERSION_COLS = 'id, at, author, summary, snapshot, hash, signed_off_by, signed_off_at';

export function currentVersion(db: ReadDb | WriteDb): VersionRow | null {
  const r = db.prepare(`SELECT ${VERSION_COLS} FROM class_versions ORDER BY id DESC LIMIT 1`).get() as Record<string, unknown> | undefined;
  return r ? toVersion(r) : null;
}

export function getVersion(db: ReadDb | WriteDb, id: number): VersionRow | null {
  const r = db.prepare(`SELECT ${VERSION_COLS} FROM class_versions WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
  return r ? toVersion(r) : null;
}

export function listVersions(db: ReadDb | WriteDb): VersionRow[] {
  return (db.prepare(`SELECT ${VERSION_COLS} FROM class_versions ORDER BY id DESC`).all() as Array<Record<string, unknown>>).map(toVersion);
}

function insertVersion(db: WriteDb, author: string, summary: string, text: string, at: string): VersionRow {
  const hash = createHash('sha256').update(text).digest('hex');
  const id = Number(
    db
      .prepare('INSERT INTO class_versions (at, author, summary, snapshot, hash) VALUES (?, ?, ?, ?, ?)')
      .run(at, author, summary, text, hash).lastInsertRowid,
  );
  return { id, at, author, summary, snapshot: text, hash, signedOffBy: null, signedOffAt: null };
}

/**
 * A ladder set up before versions were kept (by an older Recourse, or written
 * straight into the file) gets a first version, so every later change has a
 * version to compare with. Call inside a write transaction.
 */
export function ensureBaseline(db: WriteDb, at = new Date().toISOString()): VersionRow | null {
  const cur = currentVersion(db);
  if (cur) return cur;
  const snap = readSnapshot(db);
  if (snap.classes.length === 0 && snap.rules.length === 0) return null;
  return insertVersion(db, BASELINE_AUTHOR, 'The ladder as it stood when Recourse started keeping versions', snapshotText(snap), at);
}

/**
 * Record the ladder and rules as they now stand as a new version, unless they
 * are the same as the current version's. Call inside the write transaction
 * that made the change, after the change.
 */
export function recordVersion(db: WriteDb, author: string, summary: string, at = new Date().toISOString()): { version: VersionRow | null; created: boolean } {
  const text = snapshotText(readSnapshot(db));
  const cur = currentVersion(db);
  if (cur && cur.snapshot === text) return { version: cur, created: false };
  if (!cur && text === snapshotText({ classes: [], rules: [] })) return { version: null, created: false };
  return { version: insertVersion(db, author, summary.slice(0, 1000), text, at), created: true };
}
