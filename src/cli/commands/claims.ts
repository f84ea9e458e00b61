import type { Command } from '../types.js';
import type { Parsed } from '../args.js';
import { call, json, openFile } from '../call.js';
import { has, str, UsageError } from '../args.js';
import { CLAIM_STATUSES, CREDITOR_TYPES, KYC_STATES, type ClaimStatus } from '../../domain/claims.js';
import { CLAIM_SORTS, type ClaimFilter, type ClaimRow, type ClaimSort } from '../../api/contract/claims.js';
import type { Session } from '../../api/session.js';

function oneOf<T extends string>(args: Parsed, flag: string, values: readonly T[]): T | undefined {
  const v = str(args, flag);
  if (v !== undefined && !values.includes(v as T)) throw new UsageError(`--${flag} takes one of ${values.join(', ')}`);
  return v as T | undefined;
}

function limitOf(args: Parsed): number {
  const t = str(args, 'limit');
  if (t === undefined) return Number.POSITIVE_INFINITY;
  if (!/^\d{1,9}$/.test(t) || t === '0') throw new UsageError('--limit takes a whole number above 0');
  return Number.parseInt(t, 10);
}

const matchText = (r: ClaimRow) =>
  !r.match
    ? ''
    : r.match.state === 'not_scheduled'
      ? 'not scheduled'
      : r.match.state === 'agreed'
        ? 'agrees'
        : `${r.match.state} by ${r.match.difference?.replace(/^-/, '')}`;

function filterOf(args: Parsed): ClaimFilter {
  const cls = str(args, 'class');
  const search = str(args, 'search');
  const f: ClaimFilter = {};
  const status = oneOf(args, 'status', CLAIM_STATUSES);
  const creditorType = oneOf(args, 'creditor-type', CREDITOR_TYPES);
  const kyc = oneOf(args, 'kyc', KYC_STATES);
  const asset = str(args, 'asset');
  if (status) f.status = status;
  if (asset) f.asset = asset;
  if (cls !== undefined) f.class = cls === 'none' ? '' : cls;
  if (creditorType) f.creditorType = creditorType;
  if (kyc) f.kyc = kyc;
  if (search) f.search = search;
  return f;
}

/** Page through the whole filter with keyset pages, handing each row on as it arrives. */
async function eachClaim(
  session: Session,
  filter: ClaimFilter,
  sort: ClaimSort,
  dir: 'asc' | 'desc',
  max: number,
  fn: (r: ClaimRow) => void,
): Promise<number> {
  let after: Array<string | number | null> | undefined;
  let n = 0;
  for (;;) {
    const page = await call(session, 'claims.list', { filter, sort, dir, limit: Math.min(500, max - n), ...(after ? { after } : {}) });
    for (const r of page.rows) fn(r);
    n += page.rows.length;
    if (!page.next || n >= max) return n;
    after = page.next;
  }
}

export const claimsCommands: Command[] = [
  {
    words: ['claims', 'list'],
    usage:
      'claims list FILE [--status S] [--asset A] [--class C|none] [--creditor-type T] [--kyc K] [--search TEXT] [--sort ref|value|filed|creditor] [--desc] [--limit N] [--json]',
    summary: 'List claims, filtered and sorted (all matches unless --limit)',
    positionals: [1, 1],
    flags: {
      status: { value: true },
      asset: { value: true },
      class: { value: true },
      'creditor-type': { value: true },
      kyc: { value: true },
      search: { value: true },
      sort: { value: true },
      desc: { value: false },
      limit: { value: true },
      json: { value: false },
    },
    run: async ({ session, args, io }) => {
      const filter = filterOf(args);
      const sort = oneOf(args, 'sort', CLAIM_SORTS) ?? 'ref';
      const max = limitOf(args);
      await openFile(session, args.positionals[0]!);
      const dir = has(args, 'desc') ? 'desc' : 'asc';
      if (has(args, 'json')) {
        let first = true;
        io.out('[');
        await eachClaim(session, filter, sort, dir, max, (r) => {
          io.out((first ? '' : ',') + JSON.stringify(r));
          first = false;
        });
        io.out(']');
        return;
      }
      const { currency } = await call(session, 'claims.options', {});
      io.out(
        [
          'ref'.padEnd(12),
          'status'.padEnd(12),
          'asset'.padEnd(6),
          'asserted'.padStart(24),
          'allowed'.padStart(24),
          `value ${currency}`.padStart(18),
          'filed'.padEnd(10),
          ' creditor',
        ].join(' '),
      );
      const shown = await eachClaim(session, filter, sort, dir, max, (r) => {
        const filed = (r.filedOn ?? '-') + (r.late ? ' LATE' : '');
        const line = [
          r.ref.padEnd(12),
          r.status.padEnd(12),
          r.asset.padEnd(6),
          r.asserted.padStart(24),
          (r.allowed ?? '-').padStart(24),
          r.value.padStart(18),
          filed.padEnd(10),
        ];
        io.out(`${line.join(' ')}  ${r.creditorName} (${r.creditorRef})${r.match ? '  ' + matchText(r) : ''}`);
      });
      const total = await call(session, 'claims.count', { filter });
      io.out(
        `${shown.toLocaleString('en-US')} of ${total.count.toLocaleString('en-US')} claims${total.value !== null ? `, value ${total.value} ${total.currency}` : ''}`,
      );
    },
  },
  {
    words: ['claim', 'show'],
    usage: 'claim show FILE REF [--json]',
    summary: 'Show a claim: value with the price and date used, match, history, documents, duplicate candidates',
    positionals: [2, 2],
    flags: { json: { value: false } },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const c = await call(session, 'claims.get', { ref: args.positionals[1]! });
      if (has(args, 'json')) return io.out(json(c));
      const line = (k: string, v: string | number | null | undefined) => io.out(`  ${k.padEnd(18)}${v ?? '-'}`);
      const v = c.valuation;
      io.out(`${c.ref}  ${c.status.replace(/_/g, ' ')}${c.late ? '  (filed after the bar date)' : ''}`);
      line('creditor', `${c.creditor.name} (${c.creditor.ref}), ${c.creditor.type}, KYC ${c.creditor.kyc.replace(/_/g, ' ')}`);
      line('source', c.source);
      line('asserted', `${c.asserted} ${c.asset}`);
      line('allowed', c.allowed === null ? null : `${c.allowed} ${c.asset}`);
      line('value', `${v.value} ${v.currency}`);
      line(
        'valued at',
        v.caseCurrency
          ? `case currency, worth its quantity`
          : v.price
            ? `${v.quantity} ${c.asset} (${v.basis}) × ${v.price} ${v.currency} on ${v.priceDate}`
            : 'no petition-date price',
      );
      if (v.setoff) line('set-off', `${v.setoff} ${v.currency}`);
      if (v.note) line('note', v.note);
      line('filed on', c.filedOn);
      line('bar date', c.barDate);
      if (c.match)
        line(
          'scheduled',
          matchText(c) + (c.match.scheduled ? ` (scheduled ${c.match.scheduled} ${c.asset}: ${c.match.scheduledRefs.join(', ')})` : ''),
        );
      if (c.filedAgainst.length) line('filed against it', c.filedAgainst.join(', '));
      line('class', c.classCode ? `${c.classCode} (${c.classStatus ?? '-'})` : null);
      if (c.amends) line('amends', c.amends);
      if (c.amendedBy.length) line('amended by', c.amendedBy.join(', '));
      if (c.duplicateOf) line('duplicate of', c.duplicateOf);
      line('next statuses', c.next.join(', ') || 'none (closed)');
      if (c.documents.length) io.out('Documents:');
      for (const d of c.documents) io.out(`  #${d.id} ${d.name}  ${d.size} bytes  sha256 ${d.sha256}`);
      if (c.duplicates.length) io.out('Duplicate candidates:');
      for (const d of c.duplicates)
        io.out(
          `  ${d.ref}  ${d.creditorName} (${d.creditorRef})  ${d.why}${d.review ? `  [${d.review.state} by ${d.review.reviewer}]` : ''}`,
        );
      io.out('History:');
      for (const h of c.history) io.out(`  ${h.at}  ${h.actor.padEnd(14)} ${h.summary}${h.reason ? `  (${h.reason})` : ''}`);
    },
  },
  {
    words: ['claim', 'update'],
    usage: 'claim update FILE REF [--status S [--duplicate-of REF]] [--allowed QTY|none] --reason TEXT [--as NAME] [--json]',
    summary: "Change a claim's status and/or allowed quantity, with a reason (audited)",
    positionals: [2, 2],
    flags: {
      status: { value: true },
      'duplicate-of': { value: true },
      allowed: { value: true },
      reason: { value: true },
      json: { value: false },
    },
    run: async ({ session, args, io }) => {
      const status = oneOf(args, 'status', CLAIM_STATUSES) as ClaimStatus | undefined;
      const allowedText = str(args, 'allowed');
      const reason = str(args, 'reason');
      const duplicateOf = str(args, 'duplicate-of');
      if (!status && allowedText === undefined) throw new UsageError('claim update needs --status and/or --allowed');
      if (!reason) throw new UsageError('claim update needs --reason: every change to a claim records why');
      await openFile(session, args.positionals[0]!);
      const c = await call(session, 'claims.update', {
        ref: args.positionals[1]!,
        reason,
        ...(status ? { status } : {}),
        ...(duplicateOf ? { duplicateOf } : {}),
        ...(allowedText !== undefined ? { allowed: allowedText === 'none' ? null : allowedText } : {}),
      });
      if (has(args, 'json')) return io.out(json(c));
      io.out(`${c.ref}: ${c.status.replace(/_/g, ' ')}, allowed ${c.allowed ?? '-'} ${c.asset}, value ${c.value} ${c.valuation.currency}`);
    },
  },
  {
    words: ['claims', 'bulk-status'],
    usage: 'claims bulk-status FILE REF... --status S --reason TEXT [--as NAME]',
    summary: 'Move several claims to one status, all or none (lists the claims that cannot move)',
    positionals: [2, 5001],
    flags: { status: { value: true }, reason: { value: true } },
    run: async ({ session, args, io }) => {
      const status = oneOf(args, 'status', CLAIM_STATUSES);
      const reason = str(args, 'reason');
      if (!status || !reason) throw new UsageError('claims bulk-status needs --status and --reason');
      const [file, ...refs] = args.positionals;
      await openFile(session, file!);
      const r = await call(session, 'claims.bulkStatus', { refs, status, reason });
      io.out(`${r.changed} claims are now ${r.status.replace(/_/g, ' ')}`);
    },
  },
  {
    words: ['claim', 'duplicate'],
    usage: 'claim duplicate FILE REF CANDIDATE (--confirm | --dismiss) --reason TEXT [--as NAME]',
    summary: 'Confirm (REF becomes a duplicate of CANDIDATE) or dismiss a duplicate candidate',
    positionals: [3, 3],
    flags: { confirm: { value: false }, dismiss: { value: false }, reason: { value: true } },
    run: async ({ session, args, io }) => {
      const reason = str(args, 'reason');
      if (has(args, 'confirm') === has(args, 'dismiss')) throw new UsageError('Give exactly one of --confirm or --dismiss');
      if (!reason) throw new UsageError('claim duplicate needs --reason');
      await openFile(session, args.positionals[0]!);
      const c = await call(session, 'claims.reviewDuplicate', {
        ref: args.positionals[1]!,
        candidate: args.positionals[2]!,
        decision: has(args, 'confirm') ? 'confirm' : 'dismiss',
        reason,
      });
      io.out(
        has(args, 'confirm')
          ? `${c.ref} is now a duplicate of ${c.duplicateOf}`
          : `${args.positionals[2]} dismissed as a duplicate of ${c.ref}`,
      );
    },
  },
  {
    words: ['claim', 'attach'],
    usage: 'claim attach FILE REF DOCUMENT [--name NAME] [--as NAME]',
    summary: 'Attach a document to a claim (stored in the case with its SHA-256)',
    positionals: [3, 3],
    flags: { name: { value: true } },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const name = str(args, 'name');
      const d = await call(session, 'claims.attach', { ref: args.positionals[1]!, path: args.positionals[2]!, ...(name ? { name } : {}) });
      io.out(`Attached "${d.name}" as document #${d.id} (${d.size} bytes, sha256 ${d.sha256})`);
    },
  },
  {
    words: ['claim', 'document'],
    usage: 'claim document FILE ID --out PATH',
    summary: 'Write a claim document (by its #id from claim show) to PATH',
    positionals: [2, 2],
    flags: { out: { value: true } },
    run: async ({ session, args, io }) => {
      const out = str(args, 'out');
      const id = args.positionals[1]!;
      if (!out) throw new UsageError('claim document needs --out PATH');
      if (!/^\d{1,12}$/.test(id)) throw new UsageError('ID is the document number shown by claim show');
      await openFile(session, args.positionals[0]!);
      const r = await call(session, 'claims.saveDocument', { id: Number.parseInt(id, 10), path: out });
      io.out(`Wrote ${r.name} to ${r.path} (sha256 ${r.sha256})`);
    },
  },
];
