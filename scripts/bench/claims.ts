/**
 * The claims register at 1,000,000 claims (issue #3 point 12): first page,
 * filters, sorts, searches, counts, a deep keyset page, a claim's detail and
 * a bulk status change, each timed through the API as the screens call it.
 *
 * The shared case /tmp/recourse-bench-1m.recourse (generated if missing) is
 * only read; it is copied once into a register copy that is brought to the
 * current schema (the register indexes of migration 008) and reused.
 *
 *   npx tsx scripts/bench/claims.ts
 */
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateCase } from '../../src/gen/synthetic.js';
import { openWrite } from '../../src/store/db.js';
import { Session } from '../../src/api/session.js';
import { dispatch } from '../../src/api/dispatch.js';
import type { ApiName, ArgsIn } from '../../src/api/contract/index.js';

const SHARED = '/tmp/recourse-bench-1m.recourse';
const COPY = join(tmpdir(), 'recourse-bench-1m-register.recourse');
const N = 1_000_000;

function sharedCase(): string {
  if (!existsSync(SHARED)) {
    const part = `${SHARED}.part-${process.pid}`;
    process.stderr.write('  generating a 1,000,000-claim case (1-2 min)…\n');
    generateCase({ path: part, claims: N, seed: 1 });
    const db = new Database(part);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    if (!existsSync(SHARED)) renameSync(part, SHARED);
    for (const e of ['', '-wal', '-shm']) rmSync(part + e, { force: true });
  }
  return SHARED;
}

/** The register copy at the current schema; made again when the shared case is newer. */
function registerCase(): string {
  const shared = sharedCase();
  if (!existsSync(COPY) || statSync(COPY).mtimeMs < statSync(shared).mtimeMs) {
    process.stderr.write('  copying the shared case and building the register indexes…\n');
    for (const e of ['', '-wal', '-shm']) rmSync(COPY + e, { force: true });
    copyFileSync(shared, COPY);
  }
  openWrite(COPY).close(); // migrate (once per schema change)
  return COPY;
}

type Figure = { name: string; value: string; target?: string };

export async function bench(): Promise<Figure[]> {
  const path = registerCase();
  const session = new Session('cli', join(tmpdir(), 'recourse-bench-claims-data'), 'bench');
  const figures: Figure[] = [];
  const call = async <K extends ApiName>(name: K, args: ArgsIn<K>) => {
    const t0 = performance.now();
    const r = await dispatch(session, name, args);
    const ms = performance.now() - t0;
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return { value: r.value as never, ms };
  };
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const fig = (name: string, x: number, target?: number) =>
    figures.push({ name: `claims: ${name}`, value: ms(x), ...(target ? { target: `≤ ${target} ms` } : {}) });
  try {
    await call('case.open', { path });
    const first = await call('claims.list', { limit: 100 });
    fig('first page, 1,000,000 claims (first query after opening)', first.ms, 200);
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push((await call('claims.list', { limit: 100 })).ms);
    fig('first page (median of 5)', warm.sort((a, b) => a - b)[2]!, 200);
    fig('filter status = disputed', (await call('claims.list', { filter: { status: 'disputed' }, limit: 100 })).ms, 1000);
    fig(
      'filter asset BTC + class GUC, by value',
      (await call('claims.list', { filter: { asset: 'BTC', class: 'GUC' }, sort: 'value', dir: 'desc', limit: 100 })).ms,
      1000,
    );
    fig(
      'filter government creditors with restricted KYC',
      (await call('claims.list', { filter: { creditorType: 'government', kyc: 'restricted' }, limit: 100 })).ms,
      1000,
    );
    fig(
      'filter matching nothing (allowed, no class), by creditor',
      (await call('claims.list', { filter: { status: 'allowed', class: '' }, sort: 'creditor', limit: 100 })).ms,
      1000,
    );
    fig('sort by value, largest first', (await call('claims.list', { sort: 'value', dir: 'desc', limit: 100 })).ms, 1000);
    fig('sort by creditor name', (await call('claims.list', { sort: 'creditor', limit: 100 })).ms, 1000);
    fig('sort by filed date, latest first', (await call('claims.list', { sort: 'filed', dir: 'desc', limit: 100 })).ms, 1000);
    fig(
      'search a creditor name in Cyrillic (Шевченко)',
      (await call('claims.list', { filter: { search: 'Шевченко' }, limit: 100 })).ms,
      1000,
    );
    fig(
      'search a claim reference prefix',
      (await call('claims.list', { filter: { search: 'CL-04213' }, sort: 'value', limit: 100 })).ms,
      1000,
    );
    fig('count and total value, all claims', (await call('claims.count', { filter: {} })).ms, 1000);
    fig(
      'count and total value, individuals with verified KYC',
      (await call('claims.count', { filter: { creditorType: 'individual', kyc: 'verified' } })).ms,
      1000,
    );
    let after: Array<string | number | null> | undefined;
    let last = 0;
    for (let i = 0; i < 50; i++) {
      const p = await call('claims.list', { sort: 'value', dir: 'desc', limit: 100, ...(after ? { after } : {}) });
      after = (p.value as { next: Array<string | number | null> }).next;
      last = p.ms;
    }
    fig('50th keyset page, by value', last, 200);
    fig('claim detail (value, match, history, duplicates)', (await call('claims.get', { ref: 'CL-0500000' })).ms, 200);
    fig('creditors: first page by name', (await call('creditors.list', { limit: 100 })).ms, 200);
    // a bulk change of 1,000 allowed claims and back (the copy keeps its statuses)
    const refs = (
      (await call('claims.list', { filter: { status: 'allowed' }, limit: 500 })).value as { rows: Array<{ ref: string }> }
    ).rows.map((r) => r.ref);
    const more = (
      (await call('claims.list', { filter: { status: 'allowed' }, sort: 'value', limit: 500 })).value as { rows: Array<{ ref: string }> }
    ).rows.map((r) => r.ref);
    const batch = [...new Set([...refs, ...more])];
    const bulk = await call('claims.bulkStatus', { refs: batch, status: 'under_review', reason: 'Bench: reopen for review' });
    await call('claims.bulkStatus', { refs: batch, status: 'allowed', reason: 'Bench: allowed again' });
    fig(`bulk status change of ${batch.length.toLocaleString('en-US')} claims, one audit entry each`, bulk.ms);
  } finally {
    session.close();
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await bench()) console.log(`${f.name.padEnd(70)} ${f.value.padStart(10)}  ${f.target ?? ''}`);
}
