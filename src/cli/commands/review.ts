import type { Command } from '../types.js';
import { call, json, openFile } from '../call.js';
import { has, str, UsageError } from '../args.js';
import type { ApproveAllResult, ClassificationRecord } from '../../api/contract/index.js';
import { awaitJob } from './classes.js';

const n = (x: number) => x.toLocaleString('en-US');

function describe(r: ClassificationRecord): string {
  const head = `${r.classCode} ${r.state}`;
  const by = `proposed by ${r.proposedByText}${r.proposer !== r.proposedBy && r.proposedBy !== 'import' ? ` (run by ${r.proposer})` : ''} on ${r.proposedAt.slice(0, 10)}`;
  const rev = r.reviewer ? `; ${r.state} by ${r.reviewer} on ${r.reviewedAt?.slice(0, 10)}` : '';
  const why = r.reason ? `; reason: ${r.reason}` : '';
  const cite = r.citation ? `; citation: ${r.citation}` : '';
  return `${head}, ${by}${rev}${why}${cite}`;
}

export const reviewCommands: Command[] = [
  {
    words: ['review'],
    usage:
      'review FILE [REF] (--approve | --override CLASS --reason TEXT [--citation C] | --propose CLASS [--reason TEXT] | --history) | review FILE --approve-all [--class C] | review FILE [--class C] [--limit N]   [--as NAME] [--json]',
    summary: "Review classifications: approve or override one claim's class, approve all proposals of others, or list the queue (largest first)",
    positionals: [1, 2],
    flags: {
      approve: { value: false },
      override: { value: true },
      reason: { value: true },
      citation: { value: true },
      propose: { value: true },
      history: { value: false },
      'approve-all': { value: false },
      class: { value: true },
      limit: { value: true },
      json: { value: false },
    },
    run: async ({ session, args, io }) => {
      const [file, ref] = args.positionals as [string, string | undefined];
      const actions = ['approve', 'override', 'propose', 'history', 'approve-all'].filter((a) => has(args, a));
      if (actions.length > 1) throw new UsageError(`Choose one of --${actions.join(', --')}`);
      const action = actions[0];
      const out = (v: unknown, text: string) => io.out(has(args, 'json') ? json(v) : text);
      if (action === 'approve-all') {
        if (ref) throw new UsageError('--approve-all takes no claim reference');
        await openFile(session, file);
        const cls = str(args, 'class');
        const job = await call(session, 'classes.approveAll', cls ? { classCode: cls } : {});
        const r = (await awaitJob(session, job, io, 'The approval')) as ApproveAllResult;
        out(r, `Approved ${n(r.approved)} proposals (${r.value} ${r.currency}) as ${session.user}${r.skippedOwn ? `; ${n(r.skippedOwn)} of your own proposals are left for someone else` : ''}`);
        return;
      }
      if (!action) {
        if (ref) throw new UsageError('Say what to do with the claim: --approve, --override CLASS --reason TEXT, --propose CLASS or --history');
        const limit = str(args, 'limit');
        if (limit !== undefined && !/^\d+$/.test(limit)) throw new UsageError('--limit needs a whole number');
        await openFile(session, file);
        const cls = str(args, 'class');
        const q = await call(session, 'classes.queue', { limit: limit ? Math.min(Number(limit), 1000) : 50, ...(cls ? { classCode: cls } : {}) });
        if (has(args, 'json')) return io.out(json(q));
        io.out(`${n(q.total)} proposals awaiting review (${q.totalValue} ${q.currency}); ${n(q.mine)} are yours (someone else must review those)`);
        for (const r of q.rows) {
          io.out(`  ${r.ref.padEnd(14)} ${r.value.padStart(20)}  ${r.classCode.padEnd(10)} ${r.proposedByText}${r.canApprove ? '' : '  (yours)'}`);
        }
        return;
      }
      if (!ref) throw new UsageError(`--${action} needs the claim's reference: review FILE REF --${action}`);
      await openFile(session, file);
      if (action === 'history') {
        const h = await call(session, 'classes.history', { ref });
        if (has(args, 'json')) return io.out(json(h));
        if (!h.length) return io.out(`${ref} has never been classified`);
        for (const r of h) io.out(`  ${r.current ? '*' : ' '} ${describe(r)}`);
        return;
      }
      if (action === 'approve') {
        const r = await call(session, 'classes.approve', { ref });
        return out(r, `${ref}: ${describe(r)}`);
      }
      const reason = str(args, 'reason');
      if (action === 'override') {
        if (!reason) throw new UsageError('--override needs --reason TEXT (why the claim belongs in that class)');
        const citation = str(args, 'citation');
        const r = await call(session, 'classes.override', { ref, classCode: str(args, 'override')!, reason, ...(citation ? { citation } : {}) });
        return out(r, `${ref}: ${describe(r)}`);
      }
      const r = await call(session, 'classes.propose', { ref, classCode: str(args, 'propose')!, ...(reason ? { reason } : {}) });
      out(r, `${ref}: ${describe(r)}`);
    },
  },
];
