import { readFileSync } from 'node:fs';
import type { Command, CliIO } from '../types.js';
import type { Session } from '../../api/session.js';
import type { JobStatus } from '../../jobs/types.js';
import { call, json, openFile } from '../call.js';
import { has, str, UsageError } from '../args.js';
import { AppError } from '../../errors.js';

const SHEETS = ['register', 'creditors', 'estate', 'audit', 'run'] as const;
type Sheet = (typeof SHEETS)[number];

/** Await a job, printing its progress to stderr; a failed or cancelled job becomes an error. */
async function follow(session: Session, start: JobStatus, io: CliIO): Promise<JobStatus> {
  let last = '';
  const timer = setInterval(() => {
    const s = session.jobs.get(start.id);
    const line = s.total > 0 ? `${s.label}: ${s.done.toLocaleString('en-US')} of ${s.total.toLocaleString('en-US')}` : s.label;
    if (line !== last) io.err(line);
    last = line;
  }, 500);
  try {
    const end = await session.jobs.wait(start.id);
    if (end.state !== 'done') throw new AppError(end.error?.code ?? 'internal', end.error?.message ?? `The job ended: ${end.state}`);
    return end;
  } finally {
    clearInterval(timer);
  }
}

export const exportCommands: Command[] = [
  {
    words: ['export'],
    usage: 'export FILE register|creditors|estate|audit|run [RUN] --out PATH.xlsx [--from D] [--to D] [--entity E] [--as-of D] [--json]',
    summary: 'Write a spreadsheet: the claims register, creditor summary, estate report, audit extract, or a run\'s distribution schedule',
    positionals: [2, 3],
    flags: { out: { value: true }, from: { value: true }, to: { value: true }, entity: { value: true }, 'as-of': { value: true }, json: { value: false } },
    run: async ({ session, args, io }) => {
      const [file, kindText, runRef] = args.positionals as [string, string, string | undefined];
      if (!(SHEETS as readonly string[]).includes(kindText)) throw new UsageError(`Choose what to export: ${SHEETS.join(', ')}`);
      const kind = kindText as Sheet;
      if (kind === 'run' && !runRef) throw new UsageError('export FILE run RUN --out PATH.xlsx: name the run');
      if (kind !== 'run' && runRef) throw new UsageError(`export ${kind} takes no run reference`);
      const out = str(args, 'out');
      if (!out) throw new UsageError('Give the file to write with --out PATH.xlsx');
      await openFile(session, file);
      const from = str(args, 'from');
      const to = str(args, 'to');
      const entity = str(args, 'entity');
      const asOf = str(args, 'as-of');
      const job = await call(session, 'exports.start', {
        kind, path: out,
        ...(runRef ? { run: runRef } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), ...(entity ? { entity } : {}), ...(asOf ? { asOf } : {}),
      });
      const end = await follow(session, job, io);
      const r = end.result as { path: string; rows: number; bytes: number };
      io.out(has(args, 'json') ? json(r) : `Wrote ${r.path}: ${r.rows.toLocaleString('en-US')} rows, ${r.bytes.toLocaleString('en-US')} bytes`);
    },
  },
  {
    words: ['notices'],
    usage: 'notices FILE --out DIR [--kind distribution|determination] [--run RUN] [--since YYYY-MM-DD] [--date YYYY-MM-DD] [--json]',
    summary: 'Generate PDF notices into DIR with an index.csv: distribution statements for a run (one per creditor), or determination notices for decided claims',
    positionals: [1, 1],
    flags: { out: { value: true }, kind: { value: true }, run: { value: true }, since: { value: true }, date: { value: true }, json: { value: false } },
    run: async ({ session, args, io }) => {
      const kind = str(args, 'kind') ?? 'distribution';
      if (kind !== 'distribution' && kind !== 'determination') throw new UsageError('--kind is distribution or determination');
      const run = str(args, 'run');
      if (kind === 'distribution' && !run) throw new UsageError('Distribution statements need --run RUN (determination notices need none: --kind determination)');
      const dir = str(args, 'out');
      if (!dir) throw new UsageError('Give the folder to write into with --out DIR');
      await openFile(session, args.positionals[0]!);
      const since = str(args, 'since');
      const issuedOn = str(args, 'date');
      const job = await call(session, 'notices.start', { kind, dir, ...(run ? { run } : {}), ...(since ? { since } : {}), ...(issuedOn ? { issuedOn } : {}) });
      const end = await follow(session, job, io);
      const r = end.result as { dir: string; count: number; index: string; root: string | null };
      if (has(args, 'json')) io.out(json({ dir: r.dir, count: r.count, index: r.index, root: r.root }));
      else io.out(`Wrote ${r.count.toLocaleString('en-US')} notices to ${r.dir} (index: ${r.index})${r.root ? `\nRun root (publish it): ${r.root}` : ''}`);
    },
  },
  {
    words: ['verify-statement'],
    usage: 'verify-statement STATEMENT.json --root ROOT [--json]',
    summary: "Check a creditor's statement proof against a run's published Merkle root (exit 1 when not included)",
    positionals: [1, 1],
    flags: { root: { value: true }, json: { value: false } },
    run: async ({ session, args, io }) => {
      const root = str(args, 'root');
      if (!root) throw new UsageError('Give the run root the administrator published with --root ROOT');
      let text: string;
      try {
        text = readFileSync(args.positionals[0]!, 'utf8');
      } catch {
        throw new AppError('not_found', `Cannot read ${args.positionals[0]}`);
      }
      const r = await call(session, 'proof.verify', { statement: text, root });
      if (has(args, 'json')) io.out(json(r));
      else {
        for (const e of r.entries) io.out(`${e.included ? 'Included' : 'NOT included'}: claim ${e.claim}, class ${e.class}`);
      }
      if (!r.ok) throw new AppError('invalid_state', `Statement of ${r.creditor} for run ${r.run} is not included in root ${r.root}`);
      if (!has(args, 'json')) io.out(`All ${r.entries.length} entries of ${r.creditor} are included in run ${r.run}'s root`);
    },
  },
];
