/**
 * The estate at a large administration's scale (issue #4): 2,000 assets with
 * 20,000 sales, 5,000 expenses and a distributions ledger of 200 run payments,
 * then the cash per currency, the estate summary, the unit ledger and one
 * asset's page. Own temporary case; nothing shared is written.
 *
 *   npx tsx scripts/bench/estate.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCase, closeCase } from '../../src/services/case.js';
import { tx } from '../../src/store/db.js';
import { estateCash } from '../../src/services/estate-cash.js';
import { estateLedger } from '../../src/services/estate.js';
import { assetDetail, estateSummary } from '../../src/services/estate-view.js';
import { realize } from '../../src/services/estate-realize.js';

const ASSETS = 2_000;
const SALES_PER_ASSET = 10;

async function time<T>(fn: () => T): Promise<[T, number]> {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

export async function bench(): Promise<Array<{ name: string; value: string; target?: string }>> {
  const dir = mkdtempSync(join(tmpdir(), 'recourse-bench-estate-'));
  try {
    const c = createCase({ path: join(dir, 'estate.recourse'), name: 'Bench estate', currency: 'USD', petitionDate: '2025-01-01' }, 'bench');
    const db = c.db;
    try {
      tx(db, () => {
        db.prepare("INSERT INTO prices (asset, date, price, source) VALUES ('BTC', '2025-01-01', '90000', 'bench')").run();
        const ea = db.prepare(
          "INSERT INTO estate_assets (ref, kind, asset, quantity, registered, location, status, updated_at) VALUES (?, 'wallet', 'BTC', ?, ?, 'bench', 'under_control', 't')",
        );
        for (let i = 1; i <= ASSETS; i++) ea.run(`EA-${String(i).padStart(5, '0')}`, '100000000000', '100000000000');
        const ex = db.prepare("INSERT INTO estate_expenses (date, category, currency, amount, payee, created_at, created_by) VALUES ('2025-06-01', 'custody', 'USD', ?, 'Custodian', 't', 'bench')");
        for (let i = 0; i < 5_000; i++) ex.run(String(1000 + i));
        db.exec('DROP VIEW IF EXISTS distributions_ledger; CREATE TABLE distributions_ledger (currency TEXT NOT NULL, amount TEXT NOT NULL)');
        const pay = db.prepare("INSERT INTO distributions_ledger VALUES ('USD', ?)");
        for (let i = 0; i < 200; i++) pay.run(String(100_000_000 + i)); // one row per finalized run and currency
      });
      const [, tSales] = await time(() =>
        tx(db, () => {
          for (let i = 1; i <= ASSETS; i++) {
            for (let k = 0; k < SALES_PER_ASSET; k++) {
              realize(db, 'bench', { ref: `EA-${String(i).padStart(5, '0')}`, quantity: '10', proceeds: '950000', costs: '125.5', date: '2025-06-01' });
            }
          }
        }),
      );
      const [, tCash] = await time(() => estateCash(c.read));
      const [, tLedger] = await time(() => estateLedger(c.read));
      const [summary, tSummary] = await time(() => estateSummary(c.read));
      const [, tDetail] = await time(() => assetDetail(c.read, 'EA-01000'));
      if (!summary.ledger.balanced) throw new Error('bench estate: the unit ledger does not balance');
      const n = (ASSETS * SALES_PER_ASSET).toLocaleString('en-US');
      return [
        { name: `estate: record ${n} sales (audited, one transaction)`, value: `${(tSales / 1000).toFixed(2)} s` },
        { name: `estate: cash per currency (${n} sales, 5,000 expenses, 200 run payments)`, value: `${tCash.toFixed(0)} ms`, target: '≤ 500 ms' },
        { name: `estate: unit ledger of ${ASSETS.toLocaleString('en-US')} assets`, value: `${tLedger.toFixed(0)} ms` },
        { name: `estate: summary (book value, gain/loss, ledger) of ${ASSETS.toLocaleString('en-US')} assets`, value: `${tSummary.toFixed(0)} ms`, target: '≤ 2 s' },
        { name: 'estate: one asset page', value: `${tDetail.toFixed(0)} ms`, target: '≤ 200 ms' },
      ];
    } finally {
      closeCase(c);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await bench()) console.log(`${r.name.padEnd(80)} ${r.value.padStart(10)}${r.target ? `  (target ${r.target})` : ''}`);
}
