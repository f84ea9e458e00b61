/** `recourse asset …`: the asset register from the command line, one command per screen action. */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from '../types.js';
import type { Session } from '../../api/session.js';
import { call, json, openFile } from '../call.js';
import { has, str, UsageError, type Parsed } from '../args.js';
import { AppError } from '../../errors.js';
import { ESTATE_KINDS, ESTATE_STATUSES, type EstateKind, type EstateStatus } from '../../domain/estate.js';
import type { EstateAssetDetail } from '../../api/contract/estate.js';
import { estateMoneyCommands } from './estate-money.js';
import { need, opt, positiveId } from './estate-args.js';

const kindOf = (t: string | undefined): EstateKind | undefined => {
  if (t === undefined) return undefined;
  if (!ESTATE_KINDS.includes(t as EstateKind)) throw new UsageError(`--kind is one of ${ESTATE_KINDS.join(', ')}`);
  return t as EstateKind;
};
const statusOf = (t: string | undefined): EstateStatus | undefined => {
  if (t === undefined) return undefined;
  if (!ESTATE_STATUSES.includes(t as EstateStatus)) throw new UsageError(`The status is one of ${ESTATE_STATUSES.join(', ')}`);
  return t as EstateStatus;
};

const J = { json: { value: false } };
const V = { value: true };

function printAsset(d: EstateAssetDetail, out: (l: string) => void): void {
  const line = (k: string, v: string | number | null) => out(`  ${k.padEnd(18)}${v ?? '-'}`);
  out(`${d.ref}  ${d.kind.replace(/_/g, ' ')}  ${d.status.replace(/_/g, ' ')}`);
  line('held', `${d.held} ${d.asset}`);
  line('registered', `${d.registered} ${d.asset}`);
  line('realized', `${d.ledger.realized} ${d.asset}`);
  line('returned', `${d.ledger.returned} ${d.asset}`);
  line('written off', `${d.ledger.writtenOff} ${d.asset}`);
  line('book value', d.bookValue === null ? 'no mark' : `${d.bookValue} ${d.caseCurrency} (mark ${d.mark?.price} on ${d.mark?.date})`);
  line('petition mark', d.petitionMark ? `${d.petitionMark.price} ${d.caseCurrency} (${d.petitionMark.date})` : 'none');
  line('location', d.location);
  line('custodian', d.custodian);
  line('chain / address', [d.chain, d.address].filter(Boolean).join(' ') || null);
  for (const r of d.realizations) {
    out(
      `  sale ${String(r.id).padEnd(5)} ${r.date}  ${r.quantity} ${d.asset} for ${r.proceeds} ${r.currency} − costs ${r.costs}` +
        (r.gainLoss !== null ? `  gain/loss ${r.gainLoss} ${d.caseCurrency}` : '') +
        (r.voided ? `  VOID (${r.voided.reason})` : ''),
    );
  }
  for (const c of d.secured) out(`  secures claim ${c.claimRef} (${c.creditorName}) lien ${c.lien}`);
  for (const s of d.segregated) out(`  segregated ${s.id}: ${s.quantity} ${d.asset} for ${s.creditorRef} ${s.creditorName} (${s.status})`);
  for (const doc of d.documents) out(`  document ${doc.id}: ${doc.name} (${doc.size} bytes)`);
}

async function show(session: Session, args: Parsed, io: { out: (l: string) => void }, ref: string): Promise<void> {
  const d = await call(session, 'estate.asset', { ref });
  if (has(args, 'json')) io.out(json(d));
  else printAsset(d, io.out);
}

/** Start an assets import job and wait for it, printing its progress to stderr. */
export async function runAssetImport(session: Session, csv: string, io: { out: (l: string) => void; err: (l: string) => void }, asJson: boolean): Promise<void> {
  const job = await call(session, 'estate.import', { path: csv });
  let last = '';
  const timer = setInterval(() => {
    const s = session.jobs.get(job.id);
    const t = `${s.label}${s.total ? ` ${s.done}/${s.total}` : ''}`;
    if (t !== last) io.err((last = t));
  }, 250);
  const end = await session.jobs.wait(job.id).finally(() => clearInterval(timer));
  if (end.state !== 'done') throw new AppError(end.error?.code ?? 'internal', end.error?.message ?? `The import ${end.state}`, end.error?.details);
  const r = end.result as { assets: number; realizations: number; writtenOff: number; byStatus: Record<string, number> };
  if (asJson) io.out(json(r));
  else io.out(`Imported ${r.assets} assets from ${basename(csv)} (${r.realizations} sales, ${r.writtenOff} written off)`);
}

export const estateCommands: Command[] = [
  {
    words: ['asset', 'add'],
    usage: 'asset add FILE REF --kind KIND --asset CODE --quantity Q [--status S] [--location L] [--custodian C] [--chain C] [--address A] [--notes N] [--json]',
    summary: `Register a seized or recovered asset (KIND: ${ESTATE_KINDS.join(', ')})`,
    positionals: [2, 2],
    flags: { kind: V, asset: V, quantity: V, status: V, location: V, custodian: V, chain: V, address: V, notes: V, ...J },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const status = statusOf(str(args, 'status'));
      if (status === 'realized' || status === 'written_off') throw new UsageError('A new asset starts identified, frozen, under_control or realizing');
      const d = await call(session, 'estate.asset.add', {
        ref: args.positionals[1]!,
        kind: kindOf(need(args, 'kind'))!,
        asset: need(args, 'asset'),
        quantity: need(args, 'quantity'),
        ...(status ? { status } : {}),
        ...opt(args, 'location', 'custodian', 'chain', 'address', 'notes'),
      });
      io.out(has(args, 'json') ? json(d) : `Registered ${d.ref}: ${d.held} ${d.asset}, ${d.status.replace(/_/g, ' ')}`);
    },
  },
  {
    words: ['asset', 'list'],
    usage: 'asset list FILE [--status S] [--kind K] [--search TEXT] [--json]',
    summary: 'List the asset register with quantities held and book values',
    positionals: [1, 1],
    flags: { status: V, kind: V, search: V, ...J },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const status = statusOf(str(args, 'status'));
      const kind = kindOf(str(args, 'kind'));
      const rows = await call(session, 'estate.assets', { ...(status ? { status } : {}), ...(kind ? { kind } : {}), ...opt(args, 'search') });
      if (has(args, 'json')) return io.out(json(rows));
      for (const r of rows) {
        io.out(`${r.ref.padEnd(12)} ${r.kind.padEnd(17)} ${r.status.padEnd(14)} ${`${r.held} ${r.asset}`.padStart(32)}  ${r.bookValue ?? 'no mark'}`);
      }
      io.out(`${rows.length} assets`);
    },
  },
  {
    words: ['asset', 'show'],
    usage: 'asset show FILE REF [--json]',
    summary: "Show an asset: its ledger, marks, sales, encumbrances and documents",
    positionals: [2, 2],
    flags: J,
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      await show(session, args, io, args.positionals[1]!);
    },
  },
  {
    words: ['asset', 'update'],
    usage: 'asset update FILE REF [--kind K] [--location L] [--custodian C] [--chain C] [--address A] [--notes N] [--quantity Q --reason R] [--json]',
    summary: "Edit an asset's details, or correct the quantity held (with a reason)",
    positionals: [2, 2],
    flags: { kind: V, location: V, custodian: V, chain: V, address: V, notes: V, quantity: V, reason: V, ...J },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const kind = kindOf(str(args, 'kind'));
      const d = await call(session, 'estate.asset.update', {
        ref: args.positionals[1]!,
        ...(kind ? { kind } : {}),
        ...opt(args, 'location', 'custodian', 'chain', 'address', 'notes', 'quantity', 'reason'),
      });
      io.out(has(args, 'json') ? json(d) : `Updated ${d.ref}`);
    },
  },
  {
    words: ['asset', 'status'],
    usage: 'asset status FILE REF STATUS --reason R [--json]',
    summary: `Move an asset along its lifecycle (${ESTATE_STATUSES.join(' → ')})`,
    positionals: [3, 3],
    flags: { reason: V, ...J },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const d = await call(session, 'estate.asset.status', { ref: args.positionals[1]!, status: statusOf(args.positionals[2]!)!, reason: need(args, 'reason') });
      io.out(has(args, 'json') ? json(d) : `${d.ref} is now ${d.status.replace(/_/g, ' ')}`);
    },
  },
  {
    words: ['asset', 'write-off'],
    usage: 'asset write-off FILE REF [--quantity Q] --reason R [--json]',
    summary: 'Write off part of an asset (--quantity) or all of what it holds',
    positionals: [2, 2],
    flags: { quantity: V, reason: V, ...J },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const d = await call(session, 'estate.asset.writeOff', { ref: args.positionals[1]!, reason: need(args, 'reason'), ...opt(args, 'quantity') });
      io.out(has(args, 'json') ? json(d) : `${d.ref}: ${d.ledger.writtenOff} ${d.asset} written off, ${d.held} held, ${d.status.replace(/_/g, ' ')}`);
    },
  },
  {
    words: ['asset', 'realize'],
    usage: 'asset realize FILE REF --quantity Q --proceeds P [--costs C] [--currency CODE] [--date YYYY-MM-DD] [--notes N] [--json]',
    summary: 'Record a sale or conversion of (part of) an asset; proceeds and costs in the case currency unless --currency',
    positionals: [2, 2],
    flags: { quantity: V, proceeds: V, costs: V, currency: V, date: V, notes: V, ...J },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const d = await call(session, 'estate.asset.realize', {
        ref: args.positionals[1]!,
        quantity: need(args, 'quantity'),
        proceeds: need(args, 'proceeds'),
        ...opt(args, 'costs', 'currency', 'date', 'notes'),
      });
      if (has(args, 'json')) return io.out(json(d));
      const r = d.realizations[d.realizations.length - 1]!;
      io.out(`Recorded sale ${r.id} of ${r.quantity} ${d.asset} for ${r.proceeds} ${r.currency} (costs ${r.costs}); ${d.ref} holds ${d.held} ${d.asset}, ${d.status.replace(/_/g, ' ')}`);
    },
  },
  {
    words: ['asset', 'void-sale'],
    usage: 'asset void-sale FILE ID --reason R',
    summary: 'Void a sale recorded in error (its units are held again)',
    positionals: [2, 2],
    flags: { reason: V },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const d = await call(session, 'estate.realization.void', { id: positiveId(args.positionals[1]!, 'The sale ID'), reason: need(args, 'reason') });
      io.out(`Sale ${args.positionals[1]} is void; ${d.ref} holds ${d.held} ${d.asset}`);
    },
  },
  {
    words: ['asset', 'mark'],
    usage: 'asset mark FILE REF --date YYYY-MM-DD (--price P --source S | --from-prices)',
    summary: 'Add a valuation mark: by hand with its source, or from the case price table',
    positionals: [2, 2],
    flags: { date: V, price: V, source: V, 'from-prices': { value: false } },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const fromPriceTable = has(args, 'from-prices');
      if (!fromPriceTable && str(args, 'price') === undefined) throw new UsageError('Give --price P --source S, or --from-prices');
      const d = await call(session, 'estate.valuation.add', { ref: args.positionals[1]!, date: need(args, 'date'), ...(fromPriceTable ? { fromPriceTable } : {}), ...opt(args, 'price', 'source') });
      io.out(`${d.ref}: book value ${d.bookValue ?? '-'} ${d.caseCurrency}`);
    },
  },
  {
    words: ['asset', 'unmark'],
    usage: 'asset unmark FILE MARK-ID --reason R',
    summary: 'Remove a valuation mark entered in error',
    positionals: [2, 2],
    flags: { reason: V },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      await call(session, 'estate.valuation.remove', { id: positiveId(args.positionals[1]!, 'The mark ID'), reason: need(args, 'reason') });
      io.out(`Removed mark ${args.positionals[1]}`);
    },
  },
  {
    words: ['asset', 'secure'],
    usage: 'asset secure FILE REF CLAIM --lien N --reason R',
    summary: 'Make a claim secured by this asset at lien order N (1 is paid first)',
    positionals: [3, 3],
    flags: { lien: V, reason: V },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const lien = positiveId(need(args, 'lien'), '--lien');
      await call(session, 'estate.secured.set', { ref: args.positionals[1]!, claimRef: args.positionals[2]!, lien, reason: need(args, 'reason') });
      io.out(`Claim ${args.positionals[2]} is secured by ${args.positionals[1]} (lien ${lien})`);
    },
  },
  {
    words: ['asset', 'unsecure'],
    usage: 'asset unsecure FILE CLAIM --reason R',
    summary: 'Remove the collateral a claim names',
    positionals: [2, 2],
    flags: { reason: V },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      await call(session, 'estate.secured.remove', { claimRef: args.positionals[1]!, reason: need(args, 'reason') });
      io.out(`Claim ${args.positionals[1]} names no collateral now`);
    },
  },
  {
    words: ['asset', 'segregate'],
    usage: 'asset segregate FILE REF CREDITOR --quantity Q --reason R [--notes N]',
    summary: "Set aside units that are a named creditor's property (returned outside the waterfall)",
    positionals: [3, 3],
    flags: { quantity: V, reason: V, notes: V },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const d = await call(session, 'estate.segregated.add', {
        ref: args.positionals[1]!,
        creditorRef: args.positionals[2]!,
        quantity: need(args, 'quantity'),
        reason: need(args, 'reason'),
        ...opt(args, 'notes'),
      });
      const s = d.segregated[d.segregated.length - 1]!;
      io.out(`Segregation ${s.id}: ${s.quantity} ${d.asset} of ${d.ref} held for ${s.creditorRef}`);
    },
  },
  {
    words: ['asset', 'return'],
    usage: 'asset return FILE SEGREGATION-ID --date YYYY-MM-DD --reason R [--reference TX]',
    summary: 'Record the return of segregated property to its owner',
    positionals: [2, 2],
    flags: { date: V, reason: V, reference: V },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      await call(session, 'estate.segregated.return', { id: positiveId(args.positionals[1]!, 'The segregation ID'), date: need(args, 'date'), reason: need(args, 'reason'), ...opt(args, 'reference') });
      io.out(`Returned segregation ${args.positionals[1]}`);
    },
  },
  {
    words: ['asset', 'attach'],
    usage: 'asset attach FILE REF DOCUMENT',
    summary: 'Attach an evidence document (court order, statement…) to an asset',
    positionals: [3, 3],
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      let content: Buffer;
      try {
        content = readFileSync(args.positionals[2]!);
      } catch {
        throw new AppError('not_found', `No file at ${args.positionals[2]}`);
      }
      const d = await call(session, 'estate.document.add', { ref: args.positionals[1]!, name: basename(args.positionals[2]!), contentBase64: content.toString('base64') });
      io.out(`Attached ${basename(args.positionals[2]!)} to ${d.ref} (document ${d.documents[d.documents.length - 1]!.id})`);
    },
  },
  {
    words: ['asset', 'document'],
    usage: 'asset document FILE DOCUMENT-ID --out PATH',
    summary: "Save an asset's evidence document to a file",
    positionals: [2, 2],
    flags: { out: V },
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      const d = await call(session, 'estate.document.get', { id: positiveId(args.positionals[1]!, 'The document ID') });
      writeFileSync(need(args, 'out'), Buffer.from(d.contentBase64, 'base64'));
      io.out(`Saved ${d.name} (${d.size} bytes, sha256 ${d.sha256}) to ${need(args, 'out')}`);
    },
  },
  {
    words: ['asset', 'import'],
    usage: 'asset import FILE ASSETS.CSV [--json]',
    summary: 'Import the asset register from a CSV (whole file or nothing; columns in docs/formats.md)',
    positionals: [2, 2],
    flags: J,
    run: async ({ session, args, io }) => {
      await openFile(session, args.positionals[0]!);
      await runAssetImport(session, args.positionals[1]!, io, has(args, 'json'));
    },
  },
  ...estateMoneyCommands,
];
