/** Documents attached to claims: stored in the case file with their SHA-256, listed, and written back out. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DocumentInfo } from '../api/contract/claims.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { now, tx, type WriteDb } from '../store/db.js';
import { count } from '../store/util.js';
import type { Db } from './claims-rows.js';
import { loadClaim } from './claims-lifecycle.js';

export const MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function info(r: Record<string, unknown>): DocumentInfo {
  return {
    id: count(r.id),
    name: r.name as string,
    sha256: r.sha256 as string,
    size: count(r.size),
    addedAt: r.added_at as string,
    addedBy: r.added_by as string,
  };
}

export function listDocuments(db: Db, claimId: number): DocumentInfo[] {
  return (
    db
      .prepare("SELECT id, name, sha256, size, added_at, added_by FROM documents WHERE entity = 'claim' AND entity_id = ? ORDER BY id")
      .all(claimId) as Array<Record<string, unknown>>
  ).map(info);
}

/** Store the file at `path` with the claim; the same content twice on one claim is refused. */
export function attachDocument(db: WriteDb, actor: string, a: { ref: string; path: string; name?: string | undefined }): DocumentInfo {
  const path = resolve(a.path);
  if (!existsSync(path)) throw new AppError('not_found', `No file at ${path}`);
  const st = statSync(path);
  if (!st.isFile()) throw new AppError('invalid_args', `${path} is not a file`);
  if (st.size > MAX_DOCUMENT_BYTES)
    throw new AppError('invalid_args', `${basename(path)} is ${Math.ceil(st.size / 2 ** 20)} MB; documents are limited to 100 MB`);
  const content = readFileSync(path);
  const hash = sha256(content);
  const name = (a.name?.trim() || basename(path)).slice(0, 200);
  return tx(db, () => {
    const c = loadClaim(db, a.ref);
    const same = db
      .prepare("SELECT name FROM documents WHERE entity = 'claim' AND entity_id = ? AND sha256 = ?")
      .pluck()
      .get(c.id, hash) as string | undefined;
    if (same !== undefined) throw new AppError('conflict', `This file is already attached to ${c.ref} (as "${same}")`);
    const at = now();
    const r = db
      .prepare(
        "INSERT INTO documents (entity, entity_id, name, sha256, size, content, added_at, added_by) VALUES ('claim', ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(c.id, name, hash, content.length, content, at, actor);
    appendAudit(db, {
      actor,
      action: 'claim.document',
      entity: 'claim',
      entityRef: c.ref,
      after: { name, sha256: hash, size: content.length },
    });
    return { id: count(r.lastInsertRowid), name, sha256: hash, size: content.length, addedAt: at, addedBy: actor };
  });
}

const safeName = (n: string) => n.replace(/[^\w.\- ]/g, '_').slice(0, 120) || 'document';

/** Write a stored document to `path` (refusing to overwrite), or into the data folder's exports for a browser download. */
export function saveDocument(
  db: Db,
  dataDir: string,
  a: { id: number; path?: string | undefined },
): { path: string; download: string | null; name: string; sha256: string } {
  const r = db.prepare("SELECT name, sha256, content FROM documents WHERE id = ? AND entity = 'claim'").get(a.id) as
    { name: string; sha256: string; content: Buffer } | undefined;
  if (!r) throw new AppError('not_found', `No claim document with id ${a.id}`);
  if (sha256(r.content) !== r.sha256)
    throw new AppError('case_corrupt', `The stored copy of "${r.name}" does not match its SHA-256; the case file may be damaged`);
  if (a.path) {
    const dest = resolve(a.path);
    if (existsSync(dest)) throw new AppError('conflict', `A file already exists at ${dest}; choose another name`);
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, r.content);
    return { path: dest, download: null, name: r.name, sha256: r.sha256 };
  }
  const file = `${a.id}-${safeName(r.name)}`;
  const dest = join(dataDir, 'exports', 'documents', file);
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(dest, r.content);
  return { path: dest, download: `documents/${file}`, name: r.name, sha256: r.sha256 };
}
