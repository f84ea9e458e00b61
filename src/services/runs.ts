/**
 * The lifecycle of runs (issue #6 §2, spec §4): list and show, approve by a
 * person other than the drafter, finalize (immutable from then on, payments
 * recorded in the distributions ledger, the proof root published), discard.
 * A draft is only approved or finalized while it is current: no other run was
 * finalized since it was computed and none of its inputs changed.
 */
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { openRead, openWrite, tx, type WriteDb } from '../store/db.js';
import { backupBefore, emptyCaseWal } from '../store/backup.js';
import { cancelled, JobRunner, taskModule } from '../jobs/runner.js';
import type { JobContext } from '../jobs/types.js';
import { tableExists } from '../store/util.js';
import { merkleRoot, proofCounter, proofRootFromShares, type ProofShare, type ProofShareArgs } from './runs-merkle.js';
import { formatDecimal } from '../money/index.js';
import { lastFinalized } from './runs-input.js';
import { caseMoney, changeSince, dec, findRun, RUN_COLUMNS, recordOf, type Db, type RunRecord } from './runs-common.js';
import type { RunListRow } from '../api/contract/runs.js';

export { verifyRun, verifyRuns } from './runs-verify.js';
export { merkleRoot } from './runs-merkle.js';

export function listRuns(db: Db, kind?: RunRecord['kind']): RunListRow[] {
  if (!tableExists(db, 'runs')) return [];
  const { currency, scale } = caseMoney(db);
  const rows = (
    kind
      ? db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE kind = ? ORDER BY id DESC`).all(kind)
      : db.prepare(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY id DESC`).all()
  ) as Array<Record<string, unknown>>;
  return rows.map((row) => {
    const r = recordOf(row);
    return {
      id: r.id,
      ref: r.ref,
      kind: r.kind,
      date: r.date,
      state: r.state,
      final: r.final,
      whatIf: r.options.whatIf === true,
      currency,
      release: formatDecimal(r.release, scale),
      cumulative: formatDecimal(r.cumulative, scale),
      paidThisRun: r.result ? dec(r.result.totals.paid_this_run, scale) : null,
      draftedBy: r.draftedBy,
      draftedAt: r.draftedAt,
      approvedBy: r.approvedBy,
      finalizedBy: r.finalizedBy,
      finalizedAt: r.finalizedAt,
      discardedBy: r.discardedBy,
    };
  });
}

/** Why a draft or approved run can no longer be approved or finalized as computed (null: it is current). */
export function staleness(db: Db, r: RunRecord): string | null {
  if (r.kind !== 'distribution') return null;
  const last = lastFinalized(db);
  if ((last?.id ?? null) !== r.options.basisId) {
    return `Run ${last?.ref ?? '(none)'} was finalized after ${r.ref} was drafted, so ${r.ref} does not build on it. Discard ${r.ref} and draft the run again.`;
  }
  const ch = changeSince(db, r.options.auditMark);
  if (ch) {
    const more = ch.count > 1 ? ` and ${ch.count - 1} more change${ch.count === 2 ? '' : 's'}` : '';
    return `The case changed after ${r.ref} was drafted (${ch.action}${ch.entityRef ? ' ' + ch.entityRef : ''} by ${ch.actor} at ${ch.at.slice(0, 16).replace('T', ' ')}${more}). Discard ${r.ref} and draft the run again so it pays on current data.`;
  }
  return null;
}

function need(r: RunRecord, states: RunRecord['state'][], verb: string): void {
  if (!states.includes(r.state)) {
    const hint =
      r.state === 'finalized'
        ? ' A finalized run never changes; a correction is a new run.'
        : r.state === 'discarded'
          ? ' It was discarded.'
          : r.state === 'draft'
            ? ` It must be approved first (recourse run approve FILE ${r.ref} --as NAME).`
            : '';
    throw new AppError('invalid_state', `Run ${r.ref} is ${r.state} and cannot be ${verb}.${hint}`);
  }
}

/** Approve a draft: by a person other than the one who drafted it. */
export function approveRun(db: WriteDb, actor: string, run: string, note?: string | null): RunRecord {
  return tx(db, () => {
    const r = findRun(db, run);
    need(r, ['draft'], 'approved');
    if (r.options.whatIf) {
      throw new AppError(
        'invalid_state',
        `Run ${r.ref} is a what-if draft (disputed claims resolved at ${r.options.disputedAs}%): compare it, then draft the real run to approve.`,
      );
    }
    if (actor.trim().toLowerCase() === r.draftedBy.trim().toLowerCase()) {
      throw new AppError(
        'forbidden',
        `Run ${r.ref} was drafted by ${r.draftedBy}; another person must approve it (four-eyes rule). Change the user under Settings, or use --as NAME on the command line.`,
      );
    }
    const stale = staleness(db, r);
    if (stale) throw new AppError('invalid_state', stale);
    const at = new Date().toISOString();
    db.prepare("UPDATE runs SET state = 'approved', approved_by = ?, approved_at = ? WHERE id = ?").run(actor, at, r.id);
    appendAudit(db, {
      actor,
      action: 'run.approve',
      entity: 'run',
      entityRef: r.ref,
      at,
      before: { state: 'draft' },
      after: { state: 'approved', draftedBy: r.draftedBy, inputHash: r.inputHash },
      reason: note ?? null,
    });
    return findRun(db, String(r.id));
  });
}

/**
 * Finalize an approved run: it never changes again, its payments count against
 * the estate's cash. `proof` is the run's proof root when already computed
 * from its approved (frozen) lines, by the finalize job (proofRootFromShares); otherwise it is computed here.
 */
export function finalizeRun(
  db: WriteDb,
  actor: string,
  run: string,
  note?: string | null,
  progress?: JobContext['progress'],
  proof?: { id: number; root: string } | null,
): RunRecord {
  return tx(db, () => {
    const r = findRun(db, run);
    need(r, ['approved'], 'finalized');
    const stale = staleness(db, r);
    if (stale) throw new AppError('invalid_state', stale);
    const at = new Date().toISOString();
    const root = r.kind !== 'distribution' ? null : proof && proof.id === r.id ? proof.root : merkleRoot(db, r, progress);
    db.prepare("UPDATE runs SET state = 'finalized', finalized_by = ?, finalized_at = ?, merkle_root = ? WHERE id = ?").run(
      actor,
      at,
      root,
      r.id,
    );
    const { scale, currency } = caseMoney(db);
    appendAudit(db, {
      actor,
      action: 'run.finalize',
      entity: 'run',
      entityRef: r.ref,
      at,
      before: { state: 'approved' },
      after: {
        state: 'finalized',
        kind: r.kind,
        final: r.final,
        currency,
        paidThisRun: r.result ? dec(r.result.totals.paid_this_run, scale) : null,
        ledger: r.result?.ledger ?? null,
        inputHash: r.inputHash,
        merkleRoot: root,
        approvedBy: r.approvedBy,
      },
      reason: note ?? null,
    });
    return findRun(db, String(r.id));
  });
}

/** Discard a draft (or an approved run not yet finalized): its schedule and input are deleted, its row and audit stay. */
export function discardRun(db: WriteDb, actor: string, run: string, reason: string): RunRecord {
  return tx(db, () => {
    const r = findRun(db, run);
    need(r, ['draft', 'approved'], 'discarded');
    const at = new Date().toISOString();
    db.prepare("UPDATE runs SET state = 'discarded', discarded_by = ?, discarded_at = ?, discard_reason = ? WHERE id = ?").run(
      actor,
      at,
      reason,
      r.id,
    );
    db.prepare('DELETE FROM run_lines WHERE run_id = ?').run(r.id);
    db.prepare('DELETE FROM run_inputs WHERE run_id = ?').run(r.id);
    appendAudit(db, {
      actor,
      action: 'run.discard',
      entity: 'run',
      entityRef: r.ref,
      at,
      before: { state: r.state },
      after: { state: 'discarded' },
      reason,
    });
    return findRun(db, String(r.id));
  });
}

export interface FinalizeArgs {
  casePath: string;
  actor: string;
  run: string;
  note?: string | null;
}

/**
 * Finalize as a job: a checked backup beside the case (src/store/backup.ts),
 * then one short transaction on its own connection. The proof root of a
 * million-line run takes seconds, so a helper worker hashes the approved run's
 * lines from the first up while this one takes the backup, then hashes them
 * from the last down until the two meet (runs-merkle.ts proofRootFromShares),
 * merges the two sorted shares and hashes the tree. The WAL is emptied before
 * the helper starts reading, so that the backup can copy pages.
 */
export async function finalizeRunTask(
  args: FinalizeArgs,
  ctx: JobContext,
): Promise<{ ref: string; state: 'finalized'; merkleRoot: string | null }> {
  if (ctx.signal.aborted) throw cancelled();
  const helper = new JobRunner();
  try {
    emptyCaseWal(args.casePath);
    const claimed = proofCounter();
    const shareArgs: ProofShareArgs = { casePath: args.casePath, run: args.run, claimed };
    const job = helper.start('run.proof', taskModule('services/runs-merkle'), 'proofShareTask', shareArgs);
    ctx.progress(0, 0, 'Backing up the case');
    backupBefore(args.casePath, 'before-finalize');
    ctx.progress(0, 0, 'Computing the proof root');
    // Should the helper fail, finalizeRun computes the root itself (and reports any error there).
    const theirs = helper.wait(job.id).then((end) => (end.state === 'done' ? (end.result as ProofShare | null) : null));
    const read = openRead(args.casePath);
    let proof: { id: number; root: string } | null;
    try {
      proof = await proofRootFromShares(read, args.run, claimed, theirs);
    } finally {
      read.close();
    }
    if (ctx.signal.aborted) throw cancelled();
    const db = openWrite(args.casePath);
    try {
      const r = finalizeRun(db, args.actor, args.run, args.note ?? null, ctx.progress, proof);
      return { ref: r.ref, state: 'finalized', merkleRoot: r.merkleRoot };
    } finally {
      db.close();
    }
  } finally {
    await helper.terminateAll();
  }
}
