/**
 * Notice figures for `npm run bench`: distribution statements (embedded fonts,
 * names in many scripts, a QR code and Merkle proof each) rendered over worker
 * threads, one per core. Target: ≥ 300 notices per second on 2 cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeRun, type ClaimStatus } from '../../src/engine/index.js';
import { fromEngineResult } from '../../src/export/load-run.js';
import { planStatements } from '../../src/export/notices.js';
import { renderBatch, type RenderJob } from '../../src/export/pdf/pool.js';
import type { CaseInfo, CreditorBlock } from '../../src/export/types.js';
import { GIVEN, STREETS, JURISDICTIONS } from '../../src/gen/names.js';
import { Rng } from '../../src/gen/rng.js';

const CASE: CaseInfo = {
  name: 'Meridian Derivatives Ltd (in liquidation)', currency: 'USD', currencyScale: 2, petitionDate: '2025-11-14',
  letterhead: { name: 'Meridian Derivatives Ltd (in liquidation)', address: 'c/o Joint Liquidators, 1 King Street, London EC2V 8AU', contact: 'claims@meridian-liquidation.example' },
  paymentMethod: 'Bank transfer to the account you registered with the administrator', objectionDays: 30, objectionDeadline: null,
};

/** A realistic batch: `creditors` creditors with one to three claims each, computed by the engine. */
export function benchStatements(creditors: number): RenderJob[] {
  const rng = new Rng(7);
  const blocks = new Map<string, CreditorBlock>();
  const claims: Array<{ ref: string; creditorRef: string; classCode: string; status: ClaimStatus; value: bigint }> = [];
  for (let i = 1; i <= creditors; i++) {
    const ref = `CR-${String(i).padStart(7, '0')}`;
    const script = rng.weighted<'latin' | 'cyrillic' | 'greek' | 'cjk' | 'arabic' | 'hebrew'>([['latin', 60], ['cyrillic', 10], ['greek', 4], ['cjk', 16], ['arabic', 6], ['hebrew', 4]]);
    const name = script === 'latin' ? `${rng.pick(GIVEN.latin)} ${rng.pick(GIVEN.latinFamily)}` : rng.pick(GIVEN[script]);
    blocks.set(ref, { ref, name, address: `${rng.int(1, 400)} ${rng.pick(STREETS)}, ${rng.pick(JURISDICTIONS)}`, email: `creditor${i}@example.org` });
    for (let k = rng.int(1, 3); k > 0; k--) {
      const status = rng.weighted<ClaimStatus>([['allowed', 80], ['disputed', 20]]);
      claims.push({ ref: `CL-${String(claims.length + 1).padStart(7, '0')}`, creditorRef: ref, classCode: rng.weighted([['GUC', 80], ['PRIORITY', 15], ['ADMIN', 5]]), status, value: rng.digits(4, 9) });
    }
  }
  const classes = [{ code: 'ADMIN', name: 'Administrative expenses', rank: 1 }, { code: 'PRIORITY', name: 'Priority claims', rank: 2 }, { code: 'GUC', name: 'General unsecured', rank: 3 }];
  const total = claims.reduce((a, c) => a + c.value, 0n);
  const result = computeRun({
    currencyScale: 2, classes: classes.map((c) => ({ code: c.code, rank: c.rank, treatment: 'pro_rata' as const })), claims,
    cumulativeReleased: (total * 2n) / 5n, runDate: '2026-06-30', petitionDate: '2025-11-14', final: false,
  });
  const data = fromEngineResult(result, {
    id: 1, ref: 'R-2026-01', date: '2026-06-30', state: 'finalized', final: false, release: (total * 2n) / 5n, deMinimis: 0n, options: null,
    inputHash: null, merkleRoot: null, draftedBy: 'a', approvedBy: 'b', finalizedBy: 'b', createdAt: null,
  }, 'USD');
  const plan = planStatements(data, CASE, classes, new Map([['USD', 2]]), '5e'.repeat(32));
  return plan.creditors.map((c) => ({ file: `${c.ref}.pdf`, key: c.ref, notice: { kind: 'distribution', input: plan.build(blocks.get(c.ref)!, c.claims) } }));
}

export async function bench(): Promise<Array<{ name: string; value: string; target?: string }>> {
  const jobs = benchStatements(3000);
  const out = mkdtempSync(join(tmpdir(), 'recourse-bench-notices-'));
  const workers = Math.min(2, availableParallelism());
  try {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let first = 0;
    let firstDone = 0;
    await renderBatch(jobs, {
      outDir: out, workers,
      onProgress: (n) => {
        if (!first) {
          first = performance.now();
          firstDone = n;
        }
      },
    });
    const t1 = performance.now();
    const cu = process.cpuUsage(c0);
    const cpuMs = (cu.user + cu.system) / 1000 / jobs.length;
    const overall = jobs.length / ((t1 - t0) / 1000);
    const steady = (jobs.length - firstDone) / ((t1 - first) / 1000);
    return [
      { name: `notices: distribution statements on ${workers} workers (embedded fonts, QR, proof), steady rate`, value: `${steady.toFixed(0)} /s`, target: '≥ 300 /s' },
      { name: `notices: ${jobs.length.toLocaleString('en-US')} statements including worker start-up`, value: `${overall.toFixed(0)} /s` },
      { name: 'notices: CPU time per statement (all threads; a busy machine inflates wall-clock rates, not this)', value: `${cpuMs.toFixed(1)} ms` },
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await bench()) console.log(`${r.name}: ${r.value}${r.target ? ` (target ${r.target})` : ''}`);
}
