/** Imports for the API: preview a file with a suggested mapping, start an import job, saved mappings. */
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { tx, type ReadDb, type WriteDb } from '../store/db.js';
import type { OpenCase } from './case.js';
import { FIELDS, resolveMapping, suggestMapping } from './import/fields.js';
import { isBlank, openSource } from './import/source.js';
import type { ImportKind, ImportPreview, SavedMapping } from '../api/contract/import.js';

export type { ImportField, ImportIssue, ImportKind, ImportPreview, ImportReport, SavedMapping } from '../api/contract/import.js';

export const PREVIEW_ROWS = 20;

export async function previewImport(path: string, kind: ImportKind, mapping?: Record<string, string | null> | null): Promise<ImportPreview> {
  const src = await openSource(path, { sample: true, batchSize: 200 });
  try {
    const rows: ImportPreview['rows'] = [];
    for await (const b of src.batches()) {
      for (let i = 0; i < b.rows.length && rows.length < PREVIEW_ROWS; i++) {
        if (!isBlank(b.rows[i]!)) rows.push({ line: b.lines[i]!, cells: b.rows[i]! });
      }
      if (rows.length >= PREVIEW_ROWS) break;
    }
    const suggested = suggestMapping(kind, src.headers);
    const use = mapping ?? suggested;
    let mappingProblem: string | null = null;
    try {
      resolveMapping(kind, src.headers, use);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      mappingProblem = e.message;
    }
    const mapped = new Set(Object.values(use).filter(Boolean));
    return {
      kind,
      format: src.format,
      encoding: src.encoding,
      delimiter: src.delimiter ?? null,
      sheet: src.sheet ?? null,
      size: src.size,
      headers: src.headers,
      headerLine: src.headerLine,
      suggested,
      mapping: use,
      fields: FIELDS[kind].map(({ key, label, required, help }) => ({ key, label, required, help })),
      missing: FIELDS[kind].filter((f) => f.required === true && !mapped.has(f.key)).map((f) => f.key),
      mappingProblem,
      rows,
    };
  } finally {
    await src.close();
  }
}

export function listMappings(db: ReadDb | WriteDb, kind?: ImportKind): SavedMapping[] {
  const rows = (kind
    ? db.prepare('SELECT name, kind, mapping FROM saved_mappings WHERE kind = ? ORDER BY name').all(kind)
    : db.prepare('SELECT name, kind, mapping FROM saved_mappings ORDER BY kind, name').all()) as Array<{ name: string; kind: ImportKind; mapping: string }>;
  return rows.map((r) => ({ name: r.name, kind: r.kind, mapping: JSON.parse(r.mapping) as Record<string, string | null> }));
}

/** Check a mapping's field names against the kind (columns are checked against the file when it is read). */
export function checkMappingFields(kind: ImportKind, mapping: Record<string, string | null>): void {
  const keys = new Set(FIELDS[kind].map((f) => f.key));
  for (const [col, field] of Object.entries(mapping)) {
    if (field && field !== 'ignore' && !keys.has(field)) {
      throw new AppError('invalid_args', `The mapping names an unknown field "${field}" for column "${col}"; ${kind} fields are ${[...keys].join(', ')}`);
    }
  }
}

export function saveMapping(c: OpenCase, actor: string, name: string, kind: ImportKind, mapping: Record<string, string | null>): SavedMapping {
  if (c.readOnly) throw new AppError('forbidden', 'The case is open read-only');
  checkMappingFields(kind, mapping);
  tx(c.db, () => {
    const before = c.db.prepare('SELECT mapping FROM saved_mappings WHERE name = ? AND kind = ?').pluck().get(name, kind) as string | undefined;
    c.db.prepare('INSERT INTO saved_mappings (name, kind, mapping) VALUES (?, ?, ?) ON CONFLICT (name, kind) DO UPDATE SET mapping = excluded.mapping').run(name, kind, JSON.stringify(mapping));
    appendAudit(c.db, { actor, action: 'import.mapping', entity: 'mapping', entityRef: `${kind}/${name}`, before: before ? JSON.parse(before) : undefined, after: mapping });
  });
  return { name, kind, mapping };
}
