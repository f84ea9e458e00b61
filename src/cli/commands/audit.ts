import type { Command } from '../types.js';
import { call, json, openFile } from '../call.js';
import { has, str, UsageError } from '../args.js';

export const auditCommands: Command[] = [
  {
    words: ['audit'],
    usage: 'audit FILE [--entity E] [--action A] [--actor NAME] [--limit N] [--json]',
    summary: 'List audit log entries, newest first',
    positionals: [1, 1],
    flags: { entity: { value: true }, action: { value: true }, actor: { value: true }, limit: { value: true }, json: { value: false } },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const limitText = str(args, 'limit') ?? '100';
      if (!/^\d{1,4}$/.test(limitText)) throw new UsageError('--limit takes a whole number from 1 to 1000');
      const entity = str(args, 'entity');
      const action = str(args, 'action');
      const actor = str(args, 'actor');
      const page = await call(session, 'audit.list', {
        limit: Math.min(Math.max(parseInt(limitText, 10), 1), 1000),
        ...(entity ? { entity } : {}),
        ...(action ? { action } : {}),
        ...(actor ? { actor } : {}),
      });
      if (has(args, 'json')) {
        io.out(json(page.rows));
        return;
      }
      for (const r of page.rows) {
        const what = `${r.entity}${r.entityRef ? ' ' + r.entityRef : ''}`;
        io.out(`${r.at}  ${r.actor.padEnd(16)} ${r.action.padEnd(22)} ${what}${r.reason ? '  (' + r.reason + ')' : ''}`);
      }
      io.out(`${page.rows.length} of ${page.total} entries`);
    },
  },
  {
    words: ['audit', 'verify'],
    usage: 'audit verify FILE',
    summary: "Check the audit log's hash chain",
    positionals: [1, 1],
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const r = await call(session, 'audit.verify', {});
      if (!r.ok) throw new Error(`Audit chain broken at entry ${r.brokenAt?.id}: ${r.brokenAt?.problem}`);
      io.out(`Audit chain intact: ${r.entries} entries`);
    },
  },
];
