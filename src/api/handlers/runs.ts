import type { runsContract } from '../contract/runs.js';
import type { HandlersFor } from './types.js';
import type { Session } from '../session.js';
import { AppError } from '../../errors.js';
import { DecimalError, parseDecimal } from '../../money/index.js';
import { taskModule } from '../../jobs/runner.js';
import { caseMoney, findRun } from '../../services/runs-common.js';
import { releasable, type DraftArgs } from '../../services/runs-compute.js';
import { approveRun, discardRun, listRuns, staleness, verifyRun, type FinalizeArgs } from '../../services/runs.js';
import { runChanges, runLines, runPool, runView } from '../../services/runs-view.js';
import { compareRuns } from '../../services/runs-compare.js';
import { runJsonChunk } from '../../services/runs-json.js';
import { allocateLosses, lossTemplates, saveLossRun } from '../../services/losses.js';

const today = () => new Date().toISOString().slice(0, 10);

function amount(text: string, scale: number, what: string, currency: string): bigint {
  try {
    return parseDecimal(text, scale);
  } catch (e) {
    if (e instanceof DecimalError)
      throw new AppError('invalid_args', `${what}: ${e.message} (an amount in ${currency}, at most ${scale} decimals, not negative)`);
    throw e;
  }
}

function writable(s: Session) {
  const c = s.requireCase();
  if (c.readOnly)
    throw new AppError(
      'forbidden',
      'This case is open read-only, so no run can be drafted or changed. Open it for writing (where it is not open elsewhere).',
    );
  return c;
}

export const runsHandlers: HandlersFor<typeof runsContract> = {
  'runs.list': (s, { kind }) => listRuns(s.requireCase().read, kind),
  'runs.pool': (s) => runPool(s.requireCase().read),
  'runs.draft': (s, a) => {
    const c = writable(s);
    const { currency, scale } = caseMoney(c.read);
    if (s.jobs.list().some((j) => j.kind === 'run.draft' && j.state === 'running')) {
      throw new AppError('conflict', 'A run is being computed already; wait for it to finish (or cancel it) before drafting another.');
    }
    let release: bigint;
    if (a.all) {
      if (a.release !== undefined) throw new AppError('invalid_args', 'Give either a release amount or "all available", not both');
      const can = releasable(c.read);
      if (can === null)
        throw new AppError(
          'invalid_state',
          "This case does not track the estate's cash, so there is no available amount to release. Give the amount to release instead.",
        );
      release = can;
    } else if (a.release !== undefined) release = amount(a.release, scale, 'Release', currency);
    else
      throw new AppError(
        'invalid_args',
        'Give the amount this run releases (0 for a run that only redistributes what is held), or choose all available cash',
      );
    const args: DraftArgs = {
      casePath: c.path,
      actor: s.user,
      note: a.note ?? null,
      options: {
        date: a.date ?? today(),
        release,
        final: a.final ?? false,
        deMinimis: a.deMinimis !== undefined ? amount(a.deMinimis, scale, 'De minimis', currency) : 0n,
        withholdUnverified: a.withholdUnverified ?? false,
        includeUnapproved: a.includeUnapproved ?? false,
        disputedAs: a.disputedAs ?? 'reserve',
      },
    };
    return s.jobs.start('run.draft', taskModule('services/runs-compute'), 'computeDraftTask', args);
  },
  'runs.show': (s, { run }) => runView(s.requireCase().read, run),
  'runs.lines': (s, q) => runLines(s.requireCase().read, q),
  'runs.changes': (s, { run }) => runChanges(s.requireCase().read, run),
  'runs.approve': (s, { run, note }) => {
    const c = writable(s);
    return runView(c.read, approveRun(c.db, s.user, run, note ?? null).ref);
  },
  'runs.finalize': (s, { run, note }) => {
    const c = writable(s);
    // Checked here so a plain refusal (not approved, stale) comes back at once rather than as a failed job.
    const r = findRun(c.read, run);
    if (r.state !== 'approved')
      throw new AppError(
        'invalid_state',
        `Run ${r.ref} is ${r.state} and cannot be finalized.${r.state === 'draft' ? ' It must be approved first.' : r.state === 'finalized' ? ' A finalized run never changes; a correction is a new run.' : ''}`,
      );
    const stale = staleness(c.read, r);
    if (stale) throw new AppError('invalid_state', stale);
    const args: FinalizeArgs = { casePath: c.path, actor: s.user, run: r.ref, note: note ?? null };
    return s.jobs.start('run.finalize', taskModule('services/runs'), 'finalizeRunTask', args);
  },
  'runs.discard': (s, { run, reason }) => {
    const c = writable(s);
    return runView(c.read, discardRun(c.db, s.user, run, reason).ref);
  },
  'runs.verify': (s, { run }) => verifyRun(s.requireCase().read, run),
  'runs.compare': (s, q) => compareRuns(s.requireCase().read, q),
  'runs.json': (s, { run, after, limit }) => runJsonChunk(s.requireCase().read, run, after ?? null, limit),
  'losses.templates': () => lossTemplates(),
  'losses.allocate': (s, a) => {
    const req = { csv: a.csv, path: a.path, template: a.template, shortfall: a.shortfall };
    if (!a.save) return allocateLosses(s.requireCase().read, req);
    const c = writable(s);
    return saveLossRun(c.db, s.user, { ...req, date: a.date ?? today(), note: a.note ?? null });
  },
};
