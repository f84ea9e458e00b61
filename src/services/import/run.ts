/**
 * One import, whole or not at all: the file is read in batches inside one
 * write transaction; every row is checked and written; any problem, a dry
 * run, a cancel or a file that changes nothing rolls the transaction back.
 * A committed import leaves one audit entry (file name, hash, counts) and a
 * row in `imports`, plus entries for each record it changed.
 */
import { basename } from 'node:path';
import { appendAudit } from '../../store/audit.js';
import type { WriteDb } from '../../store/db.js';
import { cancelled } from '../../jobs/runner.js';
import type { JobContext } from '../../jobs/types.js';
import { ClaimsImport } from './claims.js';
import { loadContext } from './context.js';
import { CreditorsImport } from './creditors.js';
import { fileSha256 } from './encoding.js';
import { resolveMapping, suggestMapping } from './fields.js';
import { PricesImport } from './prices.js';
import { RowReader, type Counts } from './rows.js';
import { dropPlainIndexes, rebuildIndexes, type DeferredIndexes } from './indexes.js';
import { count, setPragmas } from '../../store/util.js';
import { isBlank, openSource } from './source.js';
import type { ImportKind, ImportReport } from '../../api/contract/import.js';

export type { ImportReport };

export interface ImportRequest {
  path: string;
  kind: ImportKind;
  /** {"column in file": "field"}; without it the mapping is suggested from the headers. */
  mapping?: Record<string, string | null> | null;
  dryRun?: boolean;
  /** Name recorded in the audit log (browser uploads carry a prefix). */
  fileName?: string;
}

interface Processor {
  counts: Counts;
  row(r: RowReader): void;
  finish(): void;
  extra(): Record<string, unknown>;
}

/** From this many rows (and twice the table's size), indexes are built after the rows instead of row by row. */
export const BULK_ROWS = 20_000;

/**
 * Sort runs of SQLite's minimum (about 1 MB) for the index rebuild: the rows just written sit mostly in the WAL, and
 * at a million claims small runs took about a quarter less CPU (on the import's thread and in all) than 8 MB ones.
 */
const SORT_RUN_KIB = 1024;

const NO_JOB: JobContext = { progress: () => {}, signal: new AbortController().signal };

const n = (x: number) => x.toLocaleString('en-US');

/** Strip the "<time>-<random>-" prefix the browser upload adds. */
export function displayName(path: string): string {
  return basename(path).replace(/^\d{10,}-[0-9a-f]{8}-/, '');
}

/** Optional hooks for measuring (the bench): called as each phase ends. */
export interface ImportHooks {
  phase?: (name: 'open' | 'rows' | 'finish' | 'indexes' | 'commit') => void;
}

export async function importFile(db: WriteDb, actor: string, req: ImportRequest, job: JobContext = NO_JOB, hooks: ImportHooks = {}): Promise<ImportReport> {
  const phase = hooks.phase ?? (() => {});
  const fileName = req.fileName ?? displayName(req.path);
  const src = await openSource(req.path);
  try {
    const sha256 = src.sha256 ?? (await fileSha256(req.path));
    const cols = resolveMapping(req.kind, src.headers, req.mapping ?? suggestMapping(req.kind, src.headers));
    const mapping = Object.fromEntries([...cols].map(([field, i]) => [field, src.headers[i]!]));
    // a larger page cache for the import's own connection (it closes with the job)
    const restoreCache = setPragmas(db, [['cache_size', -131072]]);
    phase('open');
    db.exec('BEGIN IMMEDIATE');
    try {
      const c = loadContext(db, actor, fileName);
      const proc: Processor = req.kind === 'claims' ? new ClaimsImport(c) : req.kind === 'creditors' ? new CreditorsImport(c) : new PricesImport(c);
      const reader = new RowReader(cols, src.headers, c.issues);
      reader.date1904 = src.date1904;
      job.progress(0, 0, 'Reading the file');
      let deferred: DeferredIndexes | null = null;
      let decided = req.kind === 'prices';
      for await (const b of src.batches()) {
        const rows = b.rows;
        for (let i = 0; i < rows.length; i++) {
          const cells = rows[i]!;
          if (isBlank(cells)) continue;
          reader.start(cells, b.lines[i]!, b.numeric[i]!, b.malformed[i]!);
          proc.row(reader);
        }
        if (job.signal.aborted) throw cancelled();
        const done = proc.counts.rows;
        const frac = src.fraction();
        if (!decided && frac > 0) {
          decided = true;
          const tables = req.kind === 'claims' ? ['claims', 'creditors'] : ['creditors'];
          const existing = count(db.prepare(`SELECT count(*) FROM ${tables[0]}`).pluck().get());
          const estimate = done / frac;
          if (estimate >= BULK_ROWS && estimate >= 2 * existing) deferred = dropPlainIndexes(db, tables);
        }
        job.progress(done, frac > 0 ? Math.max(done, Math.round(done / frac)) : 0, `Checked ${n(done)} rows`);
      }
      job.progress(proc.counts.rows, proc.counts.rows, 'Finishing');
      phase('rows');
      proc.finish();
      phase('finish');
      if (job.signal.aborted) throw cancelled();
      const extra = proc.extra() as { creditors?: { new: number; updated: number }; superseded?: number; classesProposed?: number; revalued?: number };
      const k = proc.counts;
      const changes = k.new + k.updated + (extra.creditors ? extra.creditors.new + extra.creditors.updated : 0) + (extra.superseded ?? 0) + (extra.revalued ?? 0);
      const previous = db.prepare('SELECT at, actor FROM imports WHERE file_sha256 = ? AND kind = ? ORDER BY id DESC LIMIT 1').get(sha256, req.kind) as
        | { at: string; actor: string }
        | undefined;
      const issues = c.issues;
      const ok = issues.count === 0;
      const commit = ok && !req.dryRun && changes > 0;
      const counts = `${n(k.new)} new, ${n(k.updated)} updated, ${n(k.unchanged)} unchanged`;
      let message: string;
      if (!ok) {
        message = `Rejected: ${n(issues.count)} problem${issues.count === 1 ? '' : 's'} on ${n(issues.rows)} row${issues.rows === 1 ? '' : 's'}. Nothing was written; correct the file and import it again.`;
      } else if (changes === 0) {
        message = `Nothing changed: all ${n(k.rows)} rows already match the case` + (previous ? ` (this file was imported on ${previous.at.slice(0, 10)} by ${previous.actor})` : '') + '.';
      } else if (req.dryRun) {
        message = `Checked ${n(k.rows)} rows: ${counts}. Nothing was written (dry run).`;
      } else message = `Imported ${n(k.rows)} rows: ${counts}.`;
      const report: ImportReport = {
        ok,
        dryRun: Boolean(req.dryRun),
        committed: commit,
        kind: req.kind,
        file: fileName,
        sha256,
        format: src.format,
        encoding: src.encoding,
        delimiter: src.delimiter ?? null,
        sheet: src.sheet ?? null,
        mapping,
        rows: k.rows,
        new: k.new,
        updated: k.updated,
        unchanged: k.unchanged,
        errors: issues.list.sort((a, b) => a.row - b.row),
        errorCount: issues.count,
        errorRows: issues.rows,
        errorsTruncated: issues.count > issues.list.length,
        creditors: extra.creditors ?? null,
        superseded: extra.superseded ?? 0,
        classesProposed: extra.classesProposed ?? 0,
        revalued: extra.revalued ?? 0,
        previousImport: previous ?? null,
        message,
      };
      if (commit) {
        if (deferred) {
          job.progress(k.rows, k.rows, 'Rebuilding indexes');
          rebuildIndexes(db, deferred, { sortCacheKib: SORT_RUN_KIB });
          phase('indexes');
        }
        const { errors: _e, message: _m, ...summary } = report;
        appendAudit(db, { actor, action: `import.${req.kind}`, entity: 'import', entityRef: fileName, after: summary, at: c.at });
        if (report.classesProposed > 0) {
          appendAudit(db, {
            actor,
            action: 'class.propose',
            entity: 'claims',
            entityRef: fileName,
            after: { claims: report.classesProposed, status: 'proposed' },
            reason: `Classes proposed by import of ${fileName}; they await review`,
            at: c.at,
          });
        }
        db.prepare('INSERT INTO imports (at, actor, kind, file_name, file_sha256, rows, new, updated, unchanged) VALUES (?,?,?,?,?,?,?,?,?)').run(
          c.at, actor, req.kind, fileName, sha256, k.rows, k.new, k.updated, k.unchanged,
        );
        db.exec('COMMIT');
        phase('commit');
      } else db.exec('ROLLBACK');
      return report;
    } finally {
      if (db.inTransaction) db.exec('ROLLBACK');
      restoreCache();
    }
  } finally {
    await src.close();
  }
}
