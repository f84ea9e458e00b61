import type { AuditPage, AuditRow } from '../api/contract/audit.js';
import type { ReadDb } from '../store/db.js';
import { count } from '../store/util.js';

export interface AuditQuery {
  entity?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  search?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/** Newest first, keyset-paged by id, with filters. */
export function listAudit(db: ReadDb, q: AuditQuery): AuditPage {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const col of ['entity', 'action', 'actor'] as const) {
    const v = q[col];
    if (v) {
      where.push(`${col} = ?`);
      params.push(v);
    }
  }
  if (q.search) {
    where.push("(entity_ref LIKE ? ESCAPE '\\' OR reason LIKE ? ESCAPE '\\')");
    const like = '%' + q.search.replace(/[\\%_]/g, (m) => '\\' + m) + '%';
    params.push(like, like);
  }
  const filter = where.length ? 'WHERE ' + where.join(' AND ') : '';
  const total = count(db.prepare(`SELECT count(*) FROM audit ${filter}`).pluck().get(...params));
  const page = [...where];
  if (q.beforeId) page.push('id < ?');
  const rows = db
    .prepare(
      `SELECT id, at, actor, action, entity, entity_ref, before, after, reason, hash FROM audit
       ${page.length ? 'WHERE ' + page.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`,
    )
    .all(...params, ...(q.beforeId ? [q.beforeId] : []), q.limit + 1) as Array<Record<string, unknown>>;
  const more = rows.length > q.limit;
  const out: AuditRow[] = rows.slice(0, q.limit).map((r) => ({
    id: count(r.id),
    at: r.at as string,
    actor: r.actor as string,
    action: r.action as string,
    entity: r.entity as string,
    entityRef: (r.entity_ref as string | null) ?? null,
    before: (r.before as string | null) ?? null,
    after: (r.after as string | null) ?? null,
    reason: (r.reason as string | null) ?? null,
    hash: r.hash as string,
  }));
  const distinct = (col: string) => db.prepare(`SELECT DISTINCT ${col} FROM audit ORDER BY 1 LIMIT 200`).pluck().all() as string[];
  return {
    rows: out,
    nextBeforeId: more ? out[out.length - 1]!.id : null,
    total,
    actions: distinct('action'),
    actors: distinct('actor'),
    entities: distinct('entity'),
  };
}
