/**
 * Notices: batches of PDFs (one per creditor for a run's distribution
 * statements, one per decided claim for determination notices) with an index,
 * a preview of one notice, and the notice settings of a case.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { JobContext } from '../jobs/types.js';
import { cancelled } from '../jobs/runner.js';
import { appendAudit } from '../store/audit.js';
import { openRead, openWrite, tx, type ReadDb, type WriteDb } from '../store/db.js';
import { AppError } from '../errors.js';
import { formatDecimal } from '../money/index.js';
import { creditorBlocks, determinationInputs, planStoredStatements } from '../export/notices.js';
import { renderBatch, type RenderJob, type RenderedFile } from '../export/pdf/pool.js';
import { renderNotice } from '../export/pdf/render.js';
import type { NoticeInput } from '../export/types.js';
import { guardText } from '../export/xlsx/sheet.js';
import { downloadName } from './export.js';

export type NoticeKind = 'distribution' | 'determination';

export interface NoticesArgs {
  casePath: string;
  dataDir: string;
  actor: string;
  kind: NoticeKind;
  run?: string | undefined;
  since?: string | undefined;
  issuedOn: string;
  dir: string;
  workers?: number | undefined;
}

export interface NoticesResult {
  dir: string;
  count: number;
  index: string;
  /** GET /download/<name> of the index, when the folder is under <dataDir>/exports. */
  indexDownload: string | null;
  root: string | null;
  files: Array<{ file: string; key: string; download: string | null }>;
}

const safeName = (ref: string) => ref.replace(/[^\w.-]+/g, '_');

interface Planned {
  total: number;
  root: string | null;
  jobs: () => Iterable<RenderJob & { name: string; amount: string }>;
}

function plan(db: ReadDb | WriteDb, a: { kind: NoticeKind; run?: string | undefined; since?: string | undefined; issuedOn: string }): Planned {
  if (a.kind === 'distribution') {
    if (!a.run) throw new AppError('invalid_args', 'Distribution statements are for a run: name the run (e.g. R-2026-01)');
    const p = planStoredStatements(db, a.run);
    const blocks = creditorBlocks(db);
    const scale = p.run.currencyScale;
    return {
      total: p.creditors.length,
      root: p.root,
      jobs: function* () {
        for (const c of p.creditors) {
          const block = blocks.get(c.ref) ?? { ref: c.ref, name: c.ref, address: null, email: null };
          const input = p.build(block, c.claims);
          const paid = input.claims.reduce((s, x) => s + x.portions.reduce((t, q) => t + q.paidThisRun, 0n), 0n);
          yield { file: `${safeName(c.ref)}.pdf`, key: c.ref, name: block.name, amount: formatDecimal(paid, scale), notice: { kind: 'distribution', input } };
        }
      },
    };
  }
  const list = determinationInputs(db, { since: a.since, issuedOn: a.issuedOn });
  return {
    total: list.length,
    root: null,
    jobs: function* () {
      for (const d of list) {
        yield { file: `${safeName(d.claim.ref)}.pdf`, key: d.claim.ref, name: d.creditor.name, amount: d.decision, notice: { kind: 'determination', input: d } };
      }
    },
  };
}

function csvCell(v: string): string {
  const t = guardText(v);
  return /[",\n\r]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
}

/** The job: render every notice into a staging folder, then move them in place, write the index and log them. */
export async function noticesTask(args: NoticesArgs, ctx: JobContext): Promise<NoticesResult> {
  const dir = resolve(args.dir);
  const batch = randomUUID();
  const staging = `${dir}.partial-${batch.slice(0, 8)}`;
  const read = openRead(args.casePath);
  let rendered: RenderedFile[];
  const meta = new Map<string, { name: string; amount: string }>();
  let planned: Planned;
  try {
    ctx.progress(0, 0, 'Preparing notices');
    planned = plan(read, args);
    if (planned.total === 0) {
      throw new AppError('invalid_state', args.kind === 'distribution' ? `Run ${args.run} has no claims to write statements for` : 'No decided claims match: nothing to notify');
    }
    mkdirSync(staging, { recursive: true });
    const jobs = function* () {
      for (const j of planned.jobs()) {
        meta.set(j.file, { name: j.name, amount: j.amount });
        yield { file: j.file, key: j.key, notice: j.notice };
      }
    };
    ctx.progress(0, planned.total, 'Rendering notices');
    rendered = await renderBatch(jobs(), {
      outDir: staging,
      workers: args.workers,
      signal: ctx.signal,
      onProgress: (done) => ctx.progress(done, planned.total, 'Rendering notices'),
    });
    if (ctx.signal.aborted) throw cancelled();
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  } finally {
    read.close();
  }
  // Move into place, write the index, then log what was generated.
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(staging)) renameSync(join(staging, f), join(dir, f));
  rmSync(staging, { recursive: true, force: true });
  const head = args.kind === 'distribution' ? ['file', 'creditor', 'name', 'paid_this_run', 'bytes', 'sha256'] : ['file', 'claim', 'creditor_name', 'decision', 'bytes', 'sha256'];
  const lines = [head.join(',')];
  for (const f of rendered) {
    const m = meta.get(f.file);
    lines.push([f.file, f.key, m?.name ?? '', m?.amount ?? '', String(f.bytes), f.sha256].map(csvCell).join(','));
  }
  const index = join(dir, 'index.csv');
  writeFileSync(index, lines.join('\r\n') + '\r\n');
  const db = openWrite(args.casePath);
  try {
    const at = new Date().toISOString();
    tx(db, () => {
      const ins = db.prepare('INSERT INTO notices (kind, run_ref, creditor_ref, claim_ref, batch, file, sha256, generated_at, generated_by) VALUES (?,?,?,?,?,?,?,?,?)');
      const creditorOfClaim = args.kind === 'determination' ? db.prepare('SELECT cr.ref FROM claims c JOIN creditors cr ON cr.id = c.creditor_id WHERE c.ref = ?').pluck() : null;
      for (const f of rendered) {
        const creditor = creditorOfClaim ? ((creditorOfClaim.get(f.key) as string | undefined) ?? '') : f.key;
        ins.run(args.kind, args.run ?? null, creditor, creditorOfClaim ? f.key : null, batch, f.file, f.sha256, at, args.actor);
      }
      appendAudit(db, {
        actor: args.actor, action: 'notices.generate', entity: 'notices', entityRef: args.run ?? args.kind,
        after: { kind: args.kind, run: args.run ?? null, count: rendered.length, dir, batch, root: planned.root },
      });
    });
  } finally {
    db.close();
  }
  return {
    dir,
    count: rendered.length,
    index,
    indexDownload: downloadName(args.dataDir, index),
    root: planned.root,
    files: rendered.slice(0, 100).map((f) => ({ file: f.file, key: f.key, download: downloadName(args.dataDir, join(dir, f.file)) })),
  };
}

export interface PreviewArgs {
  kind: NoticeKind;
  run?: string | undefined;
  creditor?: string | undefined;
  claim?: string | undefined;
  issuedOn: string;
}

export interface NoticePreview {
  file: string;
  path: string;
  download: string | null;
  bytes: number;
  /** The PDF, base64, for an in-page preview. */
  pdfBase64: string;
  summary: string;
}

/** Render one notice now (the first of the batch, or the creditor or claim asked for). */
export async function previewNotice(db: ReadDb | WriteDb, dataDir: string, a: PreviewArgs): Promise<NoticePreview> {
  let notice: NoticeInput;
  let key: string;
  let summary: string;
  if (a.kind === 'distribution') {
    if (!a.run) throw new AppError('invalid_args', 'Choose the run whose statement to preview');
    const p = planStoredStatements(db, a.run);
    const c = a.creditor ? p.creditors.find((x) => x.ref === a.creditor) : p.creditors[0];
    if (!c) throw new AppError('not_found', a.creditor ? `Creditor ${a.creditor} has no claim in run ${a.run}` : `Run ${a.run} has no claims`);
    const block = creditorBlocks(db, [c.ref]).get(c.ref) ?? { ref: c.ref, name: c.ref, address: null, email: null };
    const input = p.build(block, c.claims);
    const paid = input.claims.reduce((s, x) => s + x.portions.reduce((t, q) => t + q.paidThisRun, 0n), 0n);
    notice = { kind: 'distribution', input };
    key = c.ref;
    summary = `Statement for ${block.name} (${c.ref}): ${c.claims.length} claim${c.claims.length === 1 ? '' : 's'}, this payment ${formatDecimal(paid, p.run.currencyScale, { group: true })} ${p.run.currency}; ${p.creditors.length.toLocaleString('en-US')} statements in the batch`;
  } else {
    const list = determinationInputs(db, { issuedOn: a.issuedOn, ...(a.claim ? { claims: [a.claim] } : {}) });
    const d = list[0];
    if (!d) throw new AppError('not_found', a.claim ? `Claim ${a.claim} has no recorded decision to notify` : 'No decided claims to notify yet');
    notice = { kind: 'determination', input: d };
    key = d.claim.ref;
    summary = `Notice to ${d.creditor.name} (${d.creditor.ref}): claim ${d.claim.ref} ${d.decision}, objection deadline ${d.objectionDeadline}`;
  }
  const bytes = await renderNotice(notice);
  const file = `preview-${a.kind}-${safeName(key)}.pdf`;
  const path = join(dataDir, 'exports', 'preview', file);
  mkdirSync(join(dataDir, 'exports', 'preview'), { recursive: true });
  writeFileSync(path, bytes);
  return { file, path, download: downloadName(dataDir, path), bytes: bytes.length, pdfBase64: bytes.toString('base64'), summary };
}

export function defaultNoticesDir(dataDir: string, kind: NoticeKind, run?: string): string {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return join(dataDir, 'exports', `notices-${kind}${run ? '-' + safeName(run) : ''}-${stamp}`);
}

export function checkNoticesDir(dir: string): string {
  const d = resolve(dir);
  if (existsSync(d) && readdirSync(d).some((f) => f.endsWith('.pdf'))) {
    throw new AppError('conflict', `${d} already holds PDF files; choose an empty or new folder so notices of different batches do not mix`);
  }
  return d;
}
