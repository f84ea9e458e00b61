import type { Command } from '../types.js';
import { call, json, openFile } from '../call.js';
import { has, str, UsageError } from '../args.js';
import { newPassphrase } from '../passphrase.js';

export const caseCommands: Command[] = [
  {
    words: ['case', 'new'],
    usage: 'case new FILE --name NAME --currency USD --petition-date YYYY-MM-DD [--bar-date YYYY-MM-DD] [--interest-rate R] [--encrypt [--new-passphrase-file F]]',
    summary: 'Create a case file (R is a yearly fraction: 0.09 for 9%); --encrypt protects it with a passphrase (RECOURSE_NEW_PASSPHRASE, the file, or asked twice)',
    positionals: [1, 1],
    flags: {
      name: { value: true },
      currency: { value: true },
      'petition-date': { value: true },
      'bar-date': { value: true },
      'interest-rate': { value: true },
      encrypt: { value: false },
      'new-passphrase-file': { value: true },
      json: { value: false },
    },
    run: async ({ session, args, io }) => {
      const name = str(args, 'name');
      const petitionDate = str(args, 'petition-date');
      if (!name || !petitionDate) throw new UsageError('case new needs --name and --petition-date');
      const barDate = str(args, 'bar-date');
      const interestRate = str(args, 'interest-rate');
      const passphrase = has(args, 'encrypt') ? await newPassphrase(str(args, 'new-passphrase-file')) : undefined;
      const c = await call(session, 'case.create', {
        path: args.positionals[0]!,
        name,
        currency: str(args, 'currency') ?? 'USD',
        petitionDate,
        ...(barDate ? { barDate } : {}),
        ...(interestRate ? { interestRate } : {}),
        ...(passphrase !== undefined ? { passphrase } : {}),
      });
      io.out(has(args, 'json') ? json(c) : `Created ${c.path}`);
    },
  },
  {
    words: ['case', 'info'],
    usage: 'case info FILE [--json]',
    summary: "Show a case's settings and figures",
    positionals: [1, 1],
    flags: { json: { value: false } },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const info = await call(session, 'case.info', {});
      const d = await call(session, 'dashboard.summary', {});
      if (has(args, 'json')) {
        io.out(json({ ...info, creditors: d.creditors, claims: d.claims, totalValue: d.totalValue, byStatus: d.byStatus, byAsset: d.byAsset }));
        return;
      }
      const line = (k: string, v: string | number | null) => io.out(`  ${k.padEnd(16)}${v ?? '-'}`);
      io.out(info.name);
      line('file', info.path);
      line('currency', info.currency);
      line('petition date', info.petitionDate);
      line('bar date', info.barDate);
      line('interest rate', info.interestRate);
      line('schema', info.schemaVersion);
      line('creditors', d.creditors);
      line('claims', d.claims);
      line('asserted value', `${d.totalValue} ${d.currency}`);
      for (const s of d.byStatus.filter((x) => x.count > 0)) {
        io.out(`    ${s.status.padEnd(14)}${String(s.count).padStart(8)}  ${s.value.padStart(18)} ${d.currency}`);
      }
    },
  },
  {
    words: ['case', 'copy'],
    usage: 'case copy FILE DEST',
    summary: 'Save a consistent copy of a case file',
    positionals: [2, 2],
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const r = await call(session, 'case.saveCopy', { path: args.positionals[1]! });
      io.out(`Saved a copy to ${r.path}`);
    },
  },
];
