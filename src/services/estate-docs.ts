/** Evidence documents of an estate asset (court orders, freezing letters, statements), kept inside the case file. */
import { createHash } from 'node:crypto';
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { tx, type WriteDb } from '../store/db.js';
import { count } from '../store/util.js';
import { loadAsset, type Db } from './estate-common.js';

/** Largest evidence document accepted (the browser door carries it as base64 in a 4 MB request). */
export const MAX_DOCUMENT_BYTES = 2_500_000;

export interface DocumentMeta {
  id: number;
  name: string;
  size: number;
  sha256: string;
  addedAt: string;
  addedBy: string;
}

export function addDocument(db: WriteDb, actor: string, ref: string, name: string, content: Buffer): DocumentMeta {
  return tx(db, () => {
    const a = loadAsset(db, ref);
    const clean = name.replace(/[\\/]/g, '_').trim();
    if (!clean) throw new AppError('invalid_args', 'A document needs a file name');
    if (content.length === 0) throw new AppError('invalid_args', `${clean} is empty`);
    if (content.length > MAX_DOCUMENT_BYTES) {
      throw new AppError('invalid_args', `${clean} is ${content.length.toLocaleString('en-US')} bytes; the limit is ${MAX_DOCUMENT_BYTES.toLocaleString('en-US')} (scan at a lower resolution or split it)`);
    }
    const sha256 = createHash('sha256').update(content).digest('hex');
    const at = new Date().toISOString();
    const id = count(
      db
        .prepare("INSERT INTO documents (entity, entity_id, name, sha256, size, content, added_at, added_by) VALUES ('estate_asset', ?, ?, ?, ?, ?, ?, ?)")
        .run(a.id, clean, sha256, content.length, content, at, actor).lastInsertRowid,
    );
    appendAudit(db, { actor, action: 'estate_asset.document', entity: 'estate_asset', entityRef: a.ref, at, after: { document: id, name: clean, size: content.length, sha256 } });
    return { id, name: clean, size: content.length, sha256, addedAt: at, addedBy: actor };
  });
}

export function documentsOf(db: Db, assetId: number): DocumentMeta[] {
  const rows = db
    .prepare("SELECT id, name, size, sha256, added_at, added_by FROM documents WHERE entity = 'estate_asset' AND entity_id = ? ORDER BY id")
    .all(assetId) as Array<{ id: bigint; name: string; size: bigint; sha256: string; added_at: string; added_by: string }>;
  return rows.map((r) => ({ id: count(r.id), name: r.name, size: count(r.size), sha256: r.sha256, addedAt: r.added_at, addedBy: r.added_by }));
}

export function getDocument(db: Db, id: number): DocumentMeta & { content: Buffer } {
  const r = db
    .prepare("SELECT id, name, size, sha256, added_at, added_by, content FROM documents WHERE entity = 'estate_asset' AND id = ?")
    .get(id) as { id: bigint; name: string; size: bigint; sha256: string; added_at: string; added_by: string; content: Buffer } | undefined;
  if (!r) throw new AppError('not_found', `No estate document with id ${id}`);
  return { id: count(r.id), name: r.name, size: count(r.size), sha256: r.sha256, addedAt: r.added_at, addedBy: r.added_by, content: r.content };
}
