/**
 * `recourse run …` and `recourse losses …`: distribution runs and loss
 * allocations from the command line, through the same API as the screens.
 * With --json the output is the stable JSON of docs/run-json.md.
 */
import type { Command, CliIO } from '../types.js';
import type { Session } from '../../api/session.js';
import { call, json, openFile } from '../call.js';
import { has, str, UsageError, type Parsed } from '../args.js';
import { AppError } from '../../errors.js';
import { DISPUTED_AS_CHOICES, type LossView, type RunCompareRow, type RunView } from '../../api/contract/runs.js';

const J = { json: { value: false } };
const V = { value: true };
const S = { value: false };

/** Print a stored run's whole JSON document; large runs in chunks of claims (the chunks concatenate to the document). */
async function printRunJson(session: Session, run: string, io: CliIO): Promise<void> {
  let after: string | undefined;
  let doc = '';
  for (;;) {
    const c = await call(session, 'runs.json', { run, limit: 20_000, ...(after ? { after } : {}) });
    doc += c.text;
    if (c.next === null) break;
    if (doc.length > 8_000_000) {
      io.out(doc);
      doc = '';
    }
    after = c.next;
  }
  io.out(doc.replace(/\n$/, ''));
}

function printRun(v: RunView, io: CliIO): void {
  const line = (k: string, val: string | number | null) => io.out(`  ${k.padEnd(18)}${val ?? '-'}`);
  io.out(`${v.ref}  ${v.kind}  ${v.state}${v.final ? '  FINAL' : ''}${v.whatIf ? '  WHAT-IF' : ''}  ${v.date}`);
  if (v.loss) return printLoss(v.loss, io);
  line('released', `${v.release} ${v.currency} (cumulative ${v.cumulative})`);
  line('de minimis', `${v.deMinimis} ${v.currency}`);
  line('drafted', `${v.draftedBy} ${v.draftedAt}`);
  if (v.approvedBy) line('approved', `${v.approvedBy} ${v.approvedAt}`);
  if (v.finalizedBy) line('finalized', `${v.finalizedBy} ${v.finalizedAt}`);
  if (v.discardedBy) line('discarded', `${v.discardedBy} ${v.discardedAt}: ${v.discardReason}`);
  line('claims', `${v.claims} (${v.portions} portions)`);
  line('input hash', v.inputHash);
  if (v.merkleRoot) line('merkle root', v.merkleRoot);
  if (v.classes.length) {
    io.out('  class        rank        demand     allocated  recovery');
    for (const c of v.classes)
      io.out(
        `  ${c.code.padEnd(12)} ${String(c.rank).padStart(4)} ${c.demand.padStart(13)} ${c.allocated.padStart(13)}  ${c.recovery.padStart(8)}`,
      );
  }
  const t = v.totals;
  if (t) {
    line('paid this run', `${t.paidThisRun} ${v.currency}`);
    line('paid, all runs', t.paidCumulative);
    line('reserved', t.reserved);
    line('withheld', t.withheld);
    line('residue', t.residue);
    line('undistributed', t.undistributed);
    line('pool', t.cumulative);
  }
  if (v.unapproved.count)
    line(
      'unapproved',
      `${v.unapproved.count} claims (${v.unapproved.excluded} left out, ${v.unapproved.noClass} without class, ${v.unapproved.included} included)`,
    );
  for (const w of v.warnings) io.out(`  ! ${w}`);
  if (v.stale) io.out(`  ! ${v.stale}`);
}

function printLoss(l: LossView, io: CliIO): void {
  io.out(`Shortfall ${l.shortfall} ${l.currency}: covered ${l.covered}, uncovered ${l.uncovered}${l.run ? ` (saved as ${l.run})` : ''}`);
  for (const layer of l.layers) {
    io.out(`  layer ${layer.layer}  ${layer.name}: covers ${layer.covered} of ${layer.capacity}`);
    for (const c of layer.contributors)
      io.out(`    ${c.ref.padEnd(32)} ${c.amount.padStart(16)} of ${c.capacity.padStart(16)}  haircut ${c.haircut}`);
  }
}

/** Wait for a job, printing its progress to stderr; its result, or its error. */
async function waitJob(session: Session, id: string, io: CliIO, failed: string): Promise<unknown> {
  const timer = setInterval(() => {
    const s = session.jobs.get(id);
    if (s.state === 'running') io.err(`  ${s.label}${s.total > 0 ? ` (${Math.floor((s.done * 100) / s.total)}%)` : ''}`);
  }, 2000);
  let end;
  try {
    end = await session.jobs.wait(id);
  } finally {
    clearInterval(timer);
  }
  if (end.state !== 'done') throw new AppError(end.error?.code ?? 'internal', end.error?.message ?? failed);
  return end.result;
}

/** Start a draft job and wait for it, printing progress to stderr. */
async function draft(session: Session, args: Parsed, io: CliIO): Promise<void> {
  const release = str(args, 'release');
  const all = has(args, 'all');
  if ((release === undefined) === !all) throw new UsageError('run draft needs exactly one of --release AMOUNT or --all');
  const disputedAs = str(args, 'disputed-as');
  if (disputedAs !== undefined && !(DISPUTED_AS_CHOICES as readonly string[]).includes(disputedAs))
    throw new UsageError(`--disputed-as is one of ${DISPUTED_AS_CHOICES.join(', ')}`);
  await openFile(session, args.positionals[0]!);
  const job = await call(session, 'runs.draft', {
    ...(release !== undefined ? { release } : { all: true }),
    ...(str(args, 'date') ? { date: str(args, 'date')! } : {}),
    final: has(args, 'final'),
    ...(str(args, 'de-minimis') ? { deMinimis: str(args, 'de-minimis')! } : {}),
    withholdUnverified: has(args, 'withhold-unverified'),
    includeUnapproved: has(args, 'include-unapproved'),
    ...(disputedAs ? { disputedAs: disputedAs as (typeof DISPUTED_AS_CHOICES)[number] } : {}),
    ...(str(args, 'note') ? { note: str(args, 'note')! } : {}),
  });
  const r = (await waitJob(session, job.id, io, 'The run was not computed')) as { ref: string; warnings: string[] };
  if (has(args, 'json')) return printRunJson(session, r.ref, io);
  io.out(r.ref);
  for (const w of r.warnings) io.err(`  ! ${w}`);
}

function runCmd(
  words: string[],
  usage: string,
  summary: string,
  fn: (s: Session, run: string, args: Parsed, io: CliIO) => Promise<void>,
  flags: Command['flags'] = {},
): Command {
  return {
    words,
    usage,
    summary,
    positionals: [2, 2],
    flags,
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      await fn(session, args.positionals[1]!, args, io);
    },
  };
}

function printCompareRows(rows: RunCompareRow[], io: CliIO): void {
  for (const r of rows) {
    const side = (x: RunCompareRow['a']) => (x ? `${x.entitled}/${x.paid}/${x.reserved}` : '-');
    io.out(`  ${r.claim.padEnd(14)} ${r.classCode.padEnd(10)} ${side(r.a).padStart(30)} ${side(r.b).padStart(30)} ${r.diff.padStart(14)}`);
  }
}

export const runsCommands: Command[] = [
  {
    words: ['run', 'draft'],
    usage:
      'run draft FILE (--release AMOUNT | --all) [--date YYYY-MM-DD] [--final] [--de-minimis AMOUNT] [--withhold-unverified] [--include-unapproved] [--disputed-as reserve|0|50|100] [--note TEXT] [--json]',
    summary: 'Draft a distribution run (computed in the background); prints its reference, or with --json the whole result',
    positionals: [1, 1],
    flags: {
      release: V,
      all: S,
      date: V,
      final: S,
      'de-minimis': V,
      'withhold-unverified': S,
      'include-unapproved': S,
      'disputed-as': V,
      note: V,
      ...J,
    },
    run: ({ session, args, io }) => draft(session, args, io),
  },
  {
    words: ['run', 'list'],
    usage: 'run list FILE [--json]',
    summary: 'The runs of a case, newest first',
    positionals: [1, 1],
    flags: J,
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const rows = await call(session, 'runs.list', {});
      if (has(args, 'json')) return io.out(json(rows));
      if (rows.length === 0) return io.out('No runs yet. Draft one with: recourse run draft FILE --release AMOUNT');
      for (const r of rows) {
        io.out(
          `${r.ref.padEnd(7)} ${r.kind.padEnd(12)} ${r.date}  ${r.state.padEnd(9)} ${r.final ? 'final  ' : 'interim'} ${r.release.padStart(16)} ${(r.paidThisRun ?? '-').padStart(16)} ${r.currency}  ${r.draftedBy}${r.approvedBy ? ' / ' + r.approvedBy : ''}${r.whatIf ? '  what-if' : ''}`,
        );
      }
    },
  },
  runCmd(
    ['run', 'show'],
    'run show FILE RUN [--json]',
    'A run: class summary, totals, warnings; with --json the whole result (docs/run-json.md)',
    async (s, run, args, io) => {
      const v = await call(s, 'runs.show', { run });
      if (!has(args, 'json')) return printRun(v, io);
      if (v.kind === 'loss' || v.state === 'discarded') return io.out(json(v));
      return printRunJson(s, v.ref, io);
    },
    J,
  ),
  runCmd(
    ['run', 'approve'],
    'run approve FILE RUN [--note TEXT] --as NAME',
    'Approve a draft (by a person other than the one who drafted it)',
    async (s, run, args, io) => {
      const v = await call(s, 'runs.approve', { run, ...(str(args, 'note') ? { note: str(args, 'note')! } : {}) });
      io.out(`${v.ref} approved by ${v.approvedBy}`);
    },
    { note: V },
  ),
  runCmd(
    ['run', 'finalize'],
    'run finalize FILE RUN [--note TEXT] --as NAME',
    'Finalize an approved run: it never changes again and its payments are recorded',
    async (s, run, args, io) => {
      const job = await call(s, 'runs.finalize', { run, ...(str(args, 'note') ? { note: str(args, 'note')! } : {}) });
      await waitJob(s, job.id, io, 'The run was not finalized');
      const v = await call(s, 'runs.show', { run });
      io.out(
        `${v.ref} finalized by ${v.finalizedBy}${v.totals ? `: paid ${v.totals.paidThisRun} ${v.currency}` : ''}${v.merkleRoot ? ` (root ${v.merkleRoot})` : ''}`,
      );
    },
    { note: V },
  ),
  runCmd(
    ['run', 'discard'],
    'run discard FILE RUN --reason TEXT',
    'Discard a draft or an approved run that was not finalized',
    async (s, run, args, io) => {
      const reason = str(args, 'reason');
      if (!reason) throw new UsageError('run discard needs --reason TEXT');
      const v = await call(s, 'runs.discard', { run, reason });
      io.out(`${v.ref} discarded`);
    },
    { reason: V },
  ),
  runCmd(
    ['run', 'verify'],
    'run verify FILE RUN [--json]',
    'Recompute a run from its stored input; compare the input hash and every line (exit 1 on a difference)',
    async (s, run, args, io) => {
      const r = await call(s, 'runs.verify', { run });
      if (has(args, 'json')) io.out(json(r));
      else {
        io.out(r.message);
        for (const m of r.mismatches)
          io.out(
            `  ${m.claim ?? ''} ${m.class ?? ''} ${m.field}: stored ${m.stored ?? '—'}, recomputed ${m.computed ?? '—'}`.replace(
              / {2,}/g,
              ' ',
            ),
          );
      }
      if (!r.ok) throw new AppError('invalid_state', r.message);
    },
    J,
  ),
  {
    words: ['run', 'compare'],
    usage: 'run compare FILE RUN1 RUN2 [--json]',
    summary: 'Two runs side by side: per class, totals, and every claim portion that differs (what-if)',
    positionals: [3, 3],
    flags: J,
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const [a, b] = [args.positionals[1]!, args.positionals[2]!];
      const first = await call(session, 'runs.compare', { a, b, changedOnly: true, limit: 500 });
      const rows = [...first.rows];
      for (let next = first.next; next;) {
        const page = await call(session, 'runs.compare', { a, b, changedOnly: true, limit: 500, after: next });
        rows.push(...page.rows);
        next = page.next;
      }
      if (has(args, 'json')) return io.out(json({ ...first, rows, next: null }));
      io.out(
        `${first.a.ref} (${first.a.state}, release ${first.a.release}, disputed as ${first.a.disputedAs}) vs ${first.b.ref} (${first.b.state}, release ${first.b.release}, disputed as ${first.b.disputedAs}), ${first.currency}`,
      );
      for (const c of first.classes)
        io.out(
          `  ${c.code.padEnd(12)} ${(c.a?.allocated ?? '-').padStart(14)} ${(c.a?.recovery ?? '').padStart(8)} ${(c.b?.allocated ?? '-').padStart(14)} ${(c.b?.recovery ?? '').padStart(8)} ${c.diff.padStart(14)}`,
        );
      for (const t of first.totals) io.out(`  ${t.key.padEnd(16)} ${t.a.padStart(14)} ${t.b.padStart(14)} ${t.diff.padStart(14)}`);
      io.out(
        `  ${rows.length} claim portion${rows.length === 1 ? '' : 's'} differ (entitled/paid/reserved in each run, difference of what is owed):`,
      );
      printCompareRows(rows, io);
      if (first.onlyInB.length) {
        io.out(`  only in ${first.b.ref}:`);
        printCompareRows(first.onlyInB, io);
      }
    },
  },
  {
    words: ['losses'],
    usage: 'losses FILE (layers.csv | --template NAME) --shortfall AMOUNT [--save] [--date YYYY-MM-DD] [--note TEXT] [--json]',
    summary: 'Allocate a shortfall over ordered layers (CSV: layer, layer_name, contributor, capacity); --save records it as a loss run',
    positionals: [1, 2],
    flags: { shortfall: V, template: V, save: S, date: V, note: V, ...J },
    run: async ({ session, args, io }) => {
      const shortfall = str(args, 'shortfall');
      if (!shortfall) throw new UsageError('losses needs --shortfall AMOUNT');
      const template = str(args, 'template');
      const csvPath = args.positionals[1];
      if ((template === undefined) === (csvPath === undefined))
        throw new UsageError('losses needs a layers CSV file or --template NAME (not both)');
      await openFile(session, args.positionals[0]!);
      const v = await call(session, 'losses.allocate', {
        shortfall,
        ...(template ? { template } : { path: csvPath! }),
        save: has(args, 'save'),
        ...(str(args, 'date') ? { date: str(args, 'date')! } : {}),
        ...(str(args, 'note') ? { note: str(args, 'note')! } : {}),
      });
      if (has(args, 'json')) io.out(json(v));
      else printLoss(v, io);
    },
  },
];
