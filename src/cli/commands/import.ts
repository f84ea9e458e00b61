import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from '../types.js';
import { call, json, openFile } from '../call.js';
import { has, str, UsageError } from '../args.js';
import { AppError } from '../../errors.js';
import type { ImportKind, ImportReport } from '../../api/contract/import.js';
import { issuesCsv } from '../../services/import/report.js';
import { runAssetImport } from './estate.js';

const KINDS: readonly ImportKind[] = ['claims', 'creditors', 'prices'];
const SHOWN = 20;

function readMapping(path: string): Record<string, string | null> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--mapping ${path}: ${(e as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data) || !Object.values(data).every((v) => v === null || typeof v === 'string')) {
    throw new UsageError('--mapping takes a JSON file of {"column in file": "field"}');
  }
  return data as Record<string, string | null>;
}

const n = (x: number) => x.toLocaleString('en-US');

export const importCommands: Command[] = [
  {
    words: ['import'],
    usage: 'import FILE DATA.csv|DATA.xlsx --kind claims|creditors|prices|assets [--mapping m.json] [--save-mapping NAME] [--dry-run] [--json] [--report out.csv]',
    summary: 'Import claims, creditors or prices (CSV or XLSX) or estate assets (CSV), whole or not at all; exit 1 when rejected (docs/formats.md)',
    positionals: [2, 2],
    flags: {
      kind: { value: true },
      mapping: { value: true },
      'save-mapping': { value: true },
      'dry-run': { value: false },
      json: { value: false },
      report: { value: true },
    },
    run: async ({ session, args, io }) => {
      if (str(args, 'kind') === 'assets') {
        // the estate's asset register (docs/formats.md, "Estate assets"): its own importer, whole or nothing
        if (['mapping', 'save-mapping', 'dry-run', 'report'].some((f) => has(args, f))) throw new UsageError('--kind assets takes only --json');
        await openFile(session, args.positionals[0]!);
        return runAssetImport(session, args.positionals[1]!, io, has(args, 'json'));
      }
      const kind = str(args, 'kind') as ImportKind | undefined;
      if (!kind || !KINDS.includes(kind)) throw new UsageError('import needs --kind claims, creditors, prices or assets');
      const mappingPath = str(args, 'mapping');
      const mapping = mappingPath ? readMapping(mappingPath) : undefined;
      const saveAs = str(args, 'save-mapping');
      if (saveAs && !mapping) throw new UsageError('--save-mapping needs --mapping');
      await openFile(session, args.positionals[0]!);
      const job = await call(session, 'import.start', {
        path: args.positionals[1]!,
        kind,
        ...(mapping ? { mapping } : {}),
        ...(saveAs ? { saveMappingAs: saveAs } : {}),
        dryRun: has(args, 'dry-run'),
      });
      const timer = setInterval(() => {
        const s = session.jobs.get(job.id);
        if (s.state === 'running') io.err(`  ${s.label}${s.total > 0 ? ` (about ${Math.floor((s.done * 100) / s.total)}%)` : ''}`);
      }, 2000);
      let end;
      try {
        end = await session.jobs.wait(job.id);
      } finally {
        clearInterval(timer);
      }
      if (end.state !== 'done') throw new AppError(end.error?.code ?? 'internal', end.error?.message ?? 'The import stopped');
      const r = end.result as ImportReport;
      const reportPath = str(args, 'report');
      if (reportPath) writeFileSync(reportPath, issuesCsv(r.errors));
      if (has(args, 'json')) io.out(json(r));
      else {
        io.out(r.message);
        io.out(`  file        ${r.file} (${r.format}, ${r.encoding}${r.sheet ? `, sheet ${r.sheet}` : ''})`);
        if (!r.ok) io.out(`  rows        ${n(r.rows)}, ${n(r.errorRows)} with problems`);
        else {
          io.out(`  rows        ${n(r.rows)}: ${n(r.new)} new, ${n(r.updated)} updated, ${n(r.unchanged)} unchanged`);
          if (r.creditors) io.out(`  creditors   ${n(r.creditors.new)} new, ${n(r.creditors.updated)} updated`);
          if (r.superseded) io.out(`  superseded  ${n(r.superseded)} claim${r.superseded === 1 ? '' : 's'} replaced by amending claims`);
          if (r.classesProposed) io.out(`  classes     ${n(r.classesProposed)} proposed, awaiting review`);
          if (r.revalued) io.out(`  re-valued   ${n(r.revalued)} claims at the new petition-date price`);
        }
      }
      if (!r.ok) {
        for (const e of r.errors.slice(0, SHOWN)) io.err(`  row ${e.row}, ${e.column}: ${e.message}`);
        if (r.errorCount > SHOWN) io.err(`  … and ${n(r.errorCount - SHOWN)} more${reportPath ? ` (all in ${reportPath})` : ' (use --report FILE or --json for all)'}`);
        throw new AppError('import_rejected', r.message);
      }
    },
  },
];
