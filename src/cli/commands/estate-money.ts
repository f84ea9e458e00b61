/** `recourse estate`, `recourse expense …`, `recourse holdback …`: the estate's cash from the command line. */
import type { Command } from '../types.js';
import { call, json, openFile } from '../call.js';
import { has, str, UsageError } from '../args.js';
import { EXPENSE_CATEGORIES, type ExpenseCategory } from '../../domain/estate.js';
import { need, positiveId } from './estate-args.js';

const J = { json: { value: false } };
const V = { value: true };

export const estateMoneyCommands: Command[] = [
  {
    words: ['estate'],
    usage: 'estate FILE [--json]',
    summary: 'The estate per currency: gross recoveries, costs, expenses, distributed, cash, holdbacks, available',
    positionals: [1, 1],
    flags: J,
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const s = await call(session, 'estate.summary', {});
      if (has(args, 'json')) return io.out(json(s));
      const cols = ['gross recoveries', 'realization costs', 'expenses', 'distributed', 'cash', 'holdbacks', 'available'] as const;
      io.out(`${'currency'.padEnd(10)}${cols.map((c) => c.padStart(22)).join('')}`);
      for (const c of s.cash) {
        const v = [c.proceeds, c.costs, c.expenses, c.distributed, c.cash, c.holdbacks, c.available];
        io.out(`${c.currency.padEnd(10)}${v.map((x) => x.padStart(22)).join('')}`);
      }
      if (!s.distributionsTracked) io.out('(no distribution runs have recorded payments yet)');
      io.out(`book value of assets held: ${s.book.total} ${s.currency}${s.book.unvalued ? ` (${s.book.unvalued} assets without a mark)` : ''}`);
      io.out(`gain/loss on sales against petition-date marks: ${s.gainLoss} ${s.currency}`);
      io.out(s.ledger.balanced ? `unit ledger balances for all ${s.ledger.assets} assets` : `UNIT LEDGER DOES NOT BALANCE:\n  ${s.ledger.problems.join('\n  ')}`);
    },
  },
  {
    words: ['estate', 'ledger'],
    usage: 'estate ledger FILE [--json]',
    summary: 'Where every unit of every asset is: held, realized, returned or written off',
    positionals: [1, 1],
    flags: J,
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const rows = await call(session, 'estate.ledger', {});
      if (has(args, 'json')) return io.out(json(rows));
      io.out(`${'ref'.padEnd(12)}${'asset'.padEnd(7)}${['registered', 'held', 'realized', 'returned', 'written off'].map((c) => c.padStart(26)).join('')}`);
      for (const r of rows) {
        const v = [r.registered, r.held, r.realized, r.returned, r.writtenOff];
        io.out(`${r.ref.padEnd(12)}${r.asset.padEnd(7)}${v.map((x) => x.padStart(26)).join('')}${r.balanced ? '' : '  DOES NOT BALANCE'}`);
      }
    },
  },
  {
    words: ['expense', 'add'],
    usage: `expense add FILE --date YYYY-MM-DD --category C --currency CODE --amount A --payee NAME [--memo M] [--asset REF]`,
    summary: `Record a cost of administration paid from the estate (C: ${EXPENSE_CATEGORIES.join(', ')})`,
    positionals: [1, 1],
    flags: { date: V, category: V, currency: V, amount: V, payee: V, memo: V, asset: V },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const category = need(args, 'category');
      if (!EXPENSE_CATEGORIES.includes(category as ExpenseCategory)) throw new UsageError(`--category is one of ${EXPENSE_CATEGORIES.join(', ')}`);
      const memo = str(args, 'memo');
      const asset = str(args, 'asset');
      const r = await call(session, 'estate.expense.add', {
        date: need(args, 'date'),
        category: category as ExpenseCategory,
        currency: need(args, 'currency'),
        amount: need(args, 'amount'),
        payee: need(args, 'payee'),
        ...(memo ? { memo } : {}),
        ...(asset ? { assetRef: asset } : {}),
      });
      io.out(`Recorded expense EXP-${r.id}`);
    },
  },
  {
    words: ['expense', 'list'],
    usage: 'expense list FILE [--json]',
    summary: 'The expenses ledger, newest first',
    positionals: [1, 1],
    flags: J,
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const rows = await call(session, 'estate.expenses', {});
      if (has(args, 'json')) return io.out(json(rows));
      for (const e of rows) {
        io.out(`EXP-${String(e.id).padEnd(5)} ${e.date} ${e.category.padEnd(18)} ${`${e.amount} ${e.currency}`.padStart(22)}  ${e.payee}${e.voided ? `  VOID (${e.voided.reason})` : ''}`);
      }
      io.out(`${rows.length} expenses`);
    },
  },
  {
    words: ['expense', 'void'],
    usage: 'expense void FILE ID --reason R',
    summary: 'Void an expense recorded in error',
    positionals: [2, 2],
    flags: { reason: V },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const id = positiveId(args.positionals[1]!.replace(/^EXP-/i, ''), 'The expense ID');
      await call(session, 'estate.expense.void', { id, reason: need(args, 'reason') });
      io.out(`Expense EXP-${id} is void`);
    },
  },
  {
    words: ['holdback', 'add'],
    usage: 'holdback add FILE --currency CODE --amount A --reason R',
    summary: 'Keep cash back from distributions for future costs',
    positionals: [1, 1],
    flags: { currency: V, amount: V, reason: V },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const r = await call(session, 'estate.holdback.add', { currency: need(args, 'currency'), amount: need(args, 'amount'), reason: need(args, 'reason') });
      io.out(`Holdback HB-${r.id} set`);
    },
  },
  {
    words: ['holdback', 'list'],
    usage: 'holdback list FILE [--json]',
    summary: 'Holdbacks, active first',
    positionals: [1, 1],
    flags: J,
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const rows = await call(session, 'estate.holdbacks', {});
      if (has(args, 'json')) return io.out(json(rows));
      for (const h of rows) io.out(`HB-${String(h.id).padEnd(5)} ${h.status.padEnd(9)} ${`${h.amount} ${h.currency}`.padStart(22)}  ${h.reason}`);
      io.out(`${rows.length} holdbacks`);
    },
  },
  {
    words: ['holdback', 'release'],
    usage: 'holdback release FILE ID --reason R',
    summary: 'Release a holdback (the cash becomes available to runs)',
    positionals: [2, 2],
    flags: { reason: V },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const id = positiveId(args.positionals[1]!.replace(/^HB-/i, ''), 'The holdback ID');
      await call(session, 'estate.holdback.release', { id, reason: need(args, 'reason') });
      io.out(`Holdback HB-${id} released`);
    },
  },
];
