import type { Command, CliIO } from '../types.js';
import { call, json, openFile } from '../call.js';
import { has, str, UsageError, type Parsed } from '../args.js';
import { AppError } from '../../errors.js';
import type { Session } from '../../api/session.js';
import type { ClassifyResult, ImportProblem, JobStatus, RuleConditions, RuleView, SaveResult } from '../../api/contract/index.js';
import { TEMPLATE_NAMES } from '../../api/contract/classes.js';

const n = (x: number) => x.toLocaleString('en-US');

/** Wait for a job, printing its progress to stderr; its result, or its error as an AppError. */
export async function awaitJob(session: Session, job: JobStatus, io: CliIO, what: string): Promise<unknown> {
  const timer = setInterval(() => {
    const s = session.jobs.get(job.id);
    if (s.state === 'running') io.err(`  ${s.label}${s.total > 0 ? ` (${n(s.done)} of ${n(s.total)})` : ''}`);
  }, 1000);
  let end: JobStatus;
  try {
    end = await session.jobs.wait(job.id);
  } finally {
    clearInterval(timer);
  }
  if (end.state !== 'done') throw new AppError(end.error?.code ?? 'internal', end.error?.message ?? `${what} stopped`);
  return end.result;
}

function printSave(io: CliIO, args: Parsed, r: SaveResult, done: string): void {
  if (has(args, 'json')) return io.out(json(r));
  io.out(r.changed ? `${done}: version ${r.version?.id} (${r.version?.summary})` : 'Nothing changed: the ladder and rules are as they were');
  for (const w of r.warnings) io.err(`  warning: ${w}`);
}

/** An import refusal lists its problems (row, column, message) on stderr before the one-line error. */
async function withProblems<T>(io: CliIO, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const d = e instanceof AppError ? (e.details as { problems?: Array<ImportProblem | { message: string }> } | undefined) : undefined;
    for (const p of d?.problems?.slice(0, 50) ?? []) io.err('row' in p ? `  row ${p.row}, column ${p.column}: ${p.message}` : `  ${p.message}`);
    throw e;
  }
}

export function printClassify(io: CliIO, r: ClassifyResult): void {
  io.out(`${r.applied ? 'Applied' : 'Preview'}: ${n(r.claims)} live claims; ${n(r.moved)} ${r.applied ? 'moved' : 'would move'} class (${r.movedValue} ${r.currency})`);
  for (const rule of r.rules) {
    io.out(`  ${String(rule.index + 1).padStart(2)}. ${rule.name} → ${rule.classCode}`);
    io.out(`      matches ${n(rule.matched)} (${rule.matchedValue}); moves ${n(rule.moved)} (${rule.movedValue})${rule.kept ? `; keeps ${n(rule.kept)} decided by a person` : ''}${rule.reopened ? `; reopens ${n(rule.reopened)} approved` : ''}`);
    for (const f of rule.from.slice(0, 8)) io.out(`        from ${(f.from ?? '(no class)').padEnd(12)} ${n(f.count).padStart(9)}  ${f.value.padStart(20)} ${r.currency}`);
  }
  io.out(`  no rule matches ${n(r.unmatched)} claims (${r.unmatchedValue} ${r.currency}); they keep their class`);
}

const ruleLine = (r: RuleView) =>
  `  ${String(r.position).padStart(3)}. #${r.id} ${r.name}${r.name.toLowerCase() !== r.text.toLowerCase() ? ` (${r.text})` : ''} → ${r.classCode}`;

const LIST = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

export const classesCommands: Command[] = [
  {
    words: ['classes', 'list'],
    usage: 'classes list FILE [--json]',
    summary: 'Show the class ladder, the rules and the current version',
    positionals: [1, 1],
    flags: { json: { value: false } },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const l = await call(session, 'classes.get', {});
      if (has(args, 'json')) return io.out(json(l));
      if (!l.classes.length) return io.out('No class ladder yet: `recourse classes template FILE us-chapter11` or `recourse classes import FILE classes.csv`');
      io.out(`Version ${l.version?.id ?? '—'}${l.version?.signedOffBy ? `, signed off by ${l.version.signedOffBy}` : ', not signed off'}`);
      for (const c of l.classes) {
        const extra = [
          c.treatment !== 'pro_rata' ? c.treatment + (c.pct ? ` ${c.pct}` : '') : '',
          c.cap ? `cap ${c.cap}` : '',
          c.secured ? `secured → ${c.deficiencyClass ?? 'GUC'}` : '',
          c.portionCap ? `up to ${c.portionCap}, rest → ${c.overflowClass}` : '',
          c.interestBearing ? 'interest' : '',
          c.inKindAsset ? `in kind ${c.inKindAsset}` : '',
        ].filter(Boolean);
        io.out(`  ${String(c.rank).padStart(3)}  ${c.code.padEnd(12)} ${c.name}${extra.length ? `  [${extra.join('; ')}]` : ''}  (${n(l.claimsPerClass[c.code] ?? 0)} claims)`);
      }
      if (l.rules.length) io.out('Rules (first match wins):');
      for (const r of l.rules) io.out(ruleLine(r));
    },
  },
  {
    words: ['classes', 'import'],
    usage: 'classes import FILE classes.csv [--json]',
    summary: 'Replace the ladder with the classes of a CSV (code, name, rank, treatment, pct, cap, deficiency_class, …); whole or not at all',
    positionals: [2, 2],
    flags: { json: { value: false } },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const r = await withProblems(io, () => call(session, 'classes.import', { path: args.positionals[1]! }));
      printSave(io, args, r, 'Imported the ladder');
    },
  },
  {
    words: ['classes', 'template'],
    usage: `classes template FILE ${TEMPLATE_NAMES.join('|')} [--json]`,
    summary: 'Load a ladder template with its suggested rules (a new version)',
    positionals: [2, 2],
    flags: { json: { value: false } },
    run: async ({ session, args, io }) => {
      const name = args.positionals[1]!;
      if (!(TEMPLATE_NAMES as readonly string[]).includes(name)) throw new UsageError(`Unknown template ${name}; choose ${TEMPLATE_NAMES.join(', ')}`);
      await openFile(session, args.positionals[0]!);
      const r = await withProblems(io, () => call(session, 'classes.template', { name: name as (typeof TEMPLATE_NAMES)[number] }));
      printSave(io, args, r, `Loaded ${name}`);
    },
  },
  {
    words: ['classes', 'versions'],
    usage: 'classes versions FILE [--json]',
    summary: 'List the ladder versions with their authors and sign-offs',
    positionals: [1, 1],
    flags: { json: { value: false } },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const vs = await call(session, 'classes.versions', {});
      if (has(args, 'json')) return io.out(json(vs));
      for (const v of vs) {
        io.out(`  ${String(v.id).padStart(3)}${v.current ? '*' : ' '} ${v.at.slice(0, 19)}  ${v.author.padEnd(14)} ${v.signedOffBy ? `signed off by ${v.signedOffBy}` : 'not signed off'}  ${v.summary}`);
      }
    },
  },
  {
    words: ['classes', 'diff'],
    usage: 'classes diff FILE V1 V2 [--limit N] [--json]',
    summary: 'What changed between two ladder versions, and which claims (and how much value) would move class',
    positionals: [3, 3],
    flags: { json: { value: false }, limit: { value: true } },
    run: async ({ session, args, io }) => {
      const [file, a, b] = args.positionals as [string, string, string];
      if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) throw new UsageError('classes diff needs two version numbers');
      const limit = str(args, 'limit');
      await openFile(session, file);
      const d = await call(session, 'classes.diff', { from: Number(a), to: Number(b), ...(limit ? { limit: Number(limit) } : {}) });
      if (has(args, 'json')) return io.out(json(d));
      io.out(`Version ${d.from.id} → ${d.to.id}`);
      const list = (label: string, xs: string[]) => xs.length && io.out(`  ${label}: ${xs.join(', ')}`);
      list('classes added', d.classes.added);
      list('classes removed', d.classes.removed);
      for (const c of d.classes.changed) io.out(`  ${c.code}: ${c.changes.map((x) => `${x.field} ${x.from ?? '—'} → ${x.to ?? '—'}`).join(', ')}`);
      list('rules added', d.rules.added);
      list('rules removed', d.rules.removed);
      list('rules changed', d.rules.changed);
      if (d.rules.reordered) io.out('  rules reordered');
      io.out(`  ${n(d.moved)} claims move class (${d.movedValue} ${d.currency})`);
      for (const m of d.moves) io.out(`    ${(m.from ?? '(none)').padEnd(12)} → ${(m.to ?? '(none)').padEnd(12)} ${n(m.count).padStart(9)}  ${m.value.padStart(20)}`);
      for (const c of d.claims.slice(0, 20)) io.out(`    ${c.ref.padEnd(14)} ${c.value.padStart(20)}  ${c.from ?? '(none)'} → ${c.to ?? '(none)'}`);
    },
  },
  {
    words: ['classes', 'signoff'],
    usage: 'classes signoff FILE [--version N] [--as NAME] [--json]',
    summary: 'Sign off the current ladder version (not by its author)',
    positionals: [1, 1],
    flags: { json: { value: false }, version: { value: true } },
    run: async ({ session, args, io }) => {
      const v = str(args, 'version');
      if (v !== undefined && !/^\d+$/.test(v)) throw new UsageError('--version needs a version number');
      await openFile(session, args.positionals[0]!);
      const r = await call(session, 'classes.signoff', v ? { version: Number(v) } : {});
      io.out(has(args, 'json') ? json(r) : `Version ${r.id} signed off by ${r.signedOffBy}`);
    },
  },
  {
    words: ['classes', 'summary'],
    usage: 'classes summary FILE [--json]',
    summary: 'Count and value per class, approved against pending',
    positionals: [1, 1],
    flags: { json: { value: false } },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const s = await call(session, 'classes.summary', {});
      if (has(args, 'json')) return io.out(json(s));
      io.out(`  ${'class'.padEnd(12)} ${'claims'.padStart(9)} ${'value'.padStart(20)} ${'approved'.padStart(20)} ${'pending'.padStart(20)}  (${s.currency})`);
      for (const r of [...s.rows, { ...s.total, code: 'TOTAL' }]) {
        io.out(`  ${(r.code ?? '(none)').padEnd(12)} ${n(r.count).padStart(9)} ${r.value.padStart(20)} ${r.approvedValue.padStart(20)} ${r.pendingValue.padStart(20)}`);
      }
    },
  },
  {
    words: ['classify'],
    usage: 'classify FILE [--apply] [--json]',
    summary: 'Preview what the rules would move (per rule: claims and value, from which class); --apply records the proposals',
    positionals: [1, 1],
    flags: { apply: { value: false }, json: { value: false } },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const job = await call(session, 'classes.classify', { apply: has(args, 'apply') });
      const r = (await awaitJob(session, job, io, 'Classification')) as ClassifyResult;
      if (has(args, 'json')) io.out(json(r));
      else printClassify(io, r);
    },
  },
  {
    words: ['rules', 'list'],
    usage: 'rules list FILE [--json]',
    summary: 'List the classification rules in order (the first match wins)',
    positionals: [1, 1],
    flags: { json: { value: false } },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const l = await call(session, 'classes.get', {});
      if (has(args, 'json')) return io.out(json(l.rules));
      if (!l.rules.length) return io.out('No rules yet: `recourse rules add FILE --class CODE [conditions]`');
      for (const r of l.rules) io.out(ruleLine(r));
    },
  },
  {
    words: ['rules', 'add'],
    usage:
      'rules add FILE --class CODE [--name TEXT] [--creditor-type T,…] [--asset A,…] [--source scheduled|filed] [--min V] [--max V] [--jurisdiction J,…] [--tag T,…] [--secured yes|no] [--position N] [--json]',
    summary: 'Add a classification rule (a new version); V are values in the case currency',
    positionals: [1, 1],
    flags: {
      class: { value: true },
      name: { value: true },
      'creditor-type': { value: true },
      asset: { value: true },
      source: { value: true },
      min: { value: true },
      max: { value: true },
      jurisdiction: { value: true },
      tag: { value: true },
      secured: { value: true },
      position: { value: true },
      json: { value: false },
    },
    run: async ({ session, args, io }) => {
      const classCode = str(args, 'class');
      if (!classCode) throw new UsageError('rules add needs --class CODE');
      const secured = str(args, 'secured');
      if (secured !== undefined && !['yes', 'no'].includes(secured)) throw new UsageError('--secured takes yes or no');
      const position = str(args, 'position');
      if (position !== undefined && !/^\d+$/.test(position)) throw new UsageError('--position needs a whole number');
      const when: Record<string, unknown> = {
        creditorTypes: LIST(str(args, 'creditor-type')),
        assets: LIST(str(args, 'asset'))?.map((a) => a.toUpperCase()),
        sources: LIST(str(args, 'source')),
        minValue: str(args, 'min'),
        maxValue: str(args, 'max'),
        jurisdictions: LIST(str(args, 'jurisdiction')),
        tags: LIST(str(args, 'tag')),
        secured: secured === undefined ? undefined : secured === 'yes',
      };
      for (const k of Object.keys(when)) if (when[k] === undefined) delete when[k];
      await openFile(session, args.positionals[0]!);
      const r = await withProblems(io, () =>
        call(session, 'classes.rules.add', {
          rule: { classCode, name: str(args, 'name') ?? '', when: when as RuleConditions },
          ...(position ? { position: Number(position) } : {}),
        }),
      );
      printSave(io, args, r, 'Added the rule');
    },
  },
  {
    words: ['rules', 'remove'],
    usage: 'rules remove FILE ID [--json]',
    summary: 'Remove a classification rule by its id (a new version)',
    positionals: [2, 2],
    flags: { json: { value: false } },
    run: async ({ session, args, io }) => {
      const id = args.positionals[1]!.replace(/^#/, '');
      if (!/^\d+$/.test(id)) throw new UsageError('rules remove needs the rule id (see `recourse rules list FILE`)');
      await openFile(session, args.positionals[0]!);
      const r = await call(session, 'classes.rules.remove', { id: Number(id) });
      printSave(io, args, r, 'Removed the rule');
    },
  },
];
