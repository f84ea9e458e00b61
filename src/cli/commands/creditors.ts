import type { Command } from '../types.js';
import { call, json, openFile } from '../call.js';
import { has, str, UsageError } from '../args.js';
import { CREDITOR_TYPES, KYC_STATES, type CreditorType, type KycState } from '../../domain/claims.js';
import type { CreditorFilter, CreditorPage, CreditorRow } from '../../api/contract/creditors.js';

export const creditorsCommands: Command[] = [
  {
    words: ['creditors', 'list'],
    usage: 'creditors list FILE [--type T] [--kyc K] [--search TEXT] [--limit N] [--json]',
    summary: 'List creditors by name, with their number of claims',
    positionals: [1, 1],
    flags: { type: { value: true }, kyc: { value: true }, search: { value: true }, limit: { value: true }, json: { value: false } },
    run: async ({ session, args, io }) => {
      const type = str(args, 'type');
      const kyc = str(args, 'kyc');
      const search = str(args, 'search');
      if (type && !CREDITOR_TYPES.includes(type as CreditorType)) throw new UsageError(`--type takes one of ${CREDITOR_TYPES.join(', ')}`);
      if (kyc && !KYC_STATES.includes(kyc as KycState)) throw new UsageError(`--kyc takes one of ${KYC_STATES.join(', ')}`);
      const limitText = str(args, 'limit');
      if (limitText !== undefined && !/^[1-9]\d{0,8}$/.test(limitText)) throw new UsageError('--limit takes a whole number above 0');
      const max = limitText ? Number.parseInt(limitText, 10) : Number.POSITIVE_INFINITY;
      const filter: CreditorFilter = {
        ...(type ? { type: type as CreditorType } : {}),
        ...(kyc ? { kyc: kyc as KycState } : {}),
        ...(search ? { search } : {}),
      };
      await openFile(session, args.positionals[0]!);
      const rows: CreditorRow[] = [];
      let after: [string, number] | undefined;
      for (;;) {
        const page: CreditorPage = await call(session, 'creditors.list', {
          filter,
          limit: Math.min(500, max - rows.length),
          ...(after ? { after } : {}),
        });
        rows.push(...page.rows);
        if (!page.next || rows.length >= max) break;
        after = page.next;
      }
      if (has(args, 'json')) return io.out(json(rows));
      for (const r of rows)
        io.out(`${r.ref.padEnd(12)} ${r.type.padEnd(11)} ${r.kyc.padEnd(12)} ${String(r.claims).padStart(5)} claims  ${r.name}`);
      io.out(`${rows.length.toLocaleString('en-US')} creditors`);
    },
  },
  {
    words: ['creditor', 'show'],
    usage: 'creditor show FILE REF [--json]',
    summary: 'Show a creditor with their claims and totals per asset',
    positionals: [2, 2],
    flags: { json: { value: false } },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const c = await call(session, 'creditors.get', { ref: args.positionals[1]! });
      if (has(args, 'json')) return io.out(json(c));
      io.out(`${c.name} (${c.ref}), ${c.type}, KYC ${c.kyc.replace(/_/g, ' ')}, tax form ${c.taxForm ? 'on file' : 'missing'}`);
      if (c.jurisdiction) io.out(`  ${c.jurisdiction}`);
      io.out('Totals:');
      for (const t of c.totals)
        io.out(
          `  ${t.asset.padEnd(6)} ${String(t.claims).padStart(4)} claims  asserted ${t.asserted}  allowed ${t.allowed}  value ${t.value} ${c.currency}`,
        );
      io.out(`  value of live claims ${c.totalValue} ${c.currency}`);
      io.out('Claims:');
      for (const r of c.claimRows) io.out(`  ${r.ref.padEnd(12)} ${r.status.padEnd(12)} ${r.asserted} ${r.asset}  value ${r.value}`);
      if (c.moreClaims) io.out(`  … ${c.claims - c.claimRows.length} more (recourse claims list FILE --search ${c.ref})`);
    },
  },
];
