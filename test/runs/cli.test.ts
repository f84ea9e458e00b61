/** The spec's §8 worked example THROUGH THE CLI on a real case file, as two people; the JSON amounts checked. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { closeCase, openCase } from '../../src/services/case.js';
import { computeRun, serializeRun } from '../../src/engine/index.js';
import { decodeInput } from '../../src/services/runs-decode.js';
import { addClaims, WORKED } from './fixture.js';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, mkdtempSync(join(tmpdir(), 'h-runs-cli-data-')));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

interface Json {
  run: { ref: string; state: string; final: boolean; drafted_by: string };
  claims: Array<{
    ref: string;
    portions: Array<{ class: string; entitled: string; paid_before: string; paid: string; reserved: string; withheld: string }>;
    entitled: string;
    paid_before: string;
    paid: string;
    reserved: string;
    withheld: string;
  }>;
  totals: Record<string, string>;
}
const claim = (j: Json, ref: string) => j.claims.find((c) => c.ref === ref)!;

describe('recourse run: the worked example through the command line', () => {
  it('drafts, approves and finalizes three runs as two users with the exact amounts of spec §8', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'h-runs-cli-'));
    const f = join(dir, 'worked.recourse');
    expect((await cli('case', 'new', f, '--name', 'Worked example', '--currency', 'USD', '--petition-date', '2025-01-15')).code).toBe(0);
    const c = openCase(f);
    addClaims(c, WORKED, true);
    closeCase(c);

    const d1 = await cli('run', 'draft', f, '--release', '1000.00', '--date', '2026-03-01', '--json', '--as', 'alice');
    expect(d1.code, d1.err).toBe(0);
    const j1 = JSON.parse(d1.out) as Json;
    expect(j1.run).toMatchObject({ ref: 'R-001', state: 'draft', final: false, drafted_by: 'alice' });
    expect(claim(j1, 'A1')).toMatchObject({ entitled: '100.00', paid: '100.00' });
    expect(claim(j1, 'P1')).toMatchObject({ paid: '300.00' });
    expect(claim(j1, 'G1')).toMatchObject({ entitled: '280.00', paid_before: '0.00', paid: '280.00', reserved: '0.00' });
    expect(claim(j1, 'G2').paid).toBe('200.00');
    expect(claim(j1, 'G3')).toMatchObject({ paid: '0.00', reserved: '120.00' });
    expect(claim(j1, 'G3').portions).toEqual([
      { class: 'GUC', entitled: '120.00', paid_before: '0.00', paid: '0.00', reserved: '120.00', withheld: '0.00' },
    ]);
    expect(j1.totals).toEqual({
      cumulative: '1000.00',
      paid_this_run: '880.00',
      paid_cumulative: '880.00',
      reserved: '120.00',
      withheld: '0.00',
      residue: '0.00',
      undistributed: '0.00',
    });

    const same = await cli('run', 'approve', f, 'R-001', '--as', 'alice');
    expect(same.code).toBe(1);
    expect(same.err).toMatch(/drafted by alice; another person must approve it/);
    expect((await cli('run', 'approve', f, 'R-001', '--as', 'bob')).out).toBe('R-001 approved by bob');
    const fin1 = await cli('run', 'finalize', f, 'R-001', '--as', 'bob');
    expect(fin1.out).toMatch(/^R-001 finalized by bob: paid 880.00 USD \(root [0-9a-f]{64}\)$/);

    expect(
      (await cli('claim', 'update', f, 'G3', '--status', 'disallowed', '--reason', 'No account in the ledger', '--as', 'bob')).code,
    ).toBe(0);
    const d2 = await cli('run', 'draft', f, '--release', '500', '--date', '2026-04-01', '--as', 'alice');
    expect(d2.out).toBe('R-002');
    await cli('run', 'approve', f, 'R-002', '--as', 'bob');
    await cli('run', 'finalize', f, 'R-002', '--as', 'alice');
    const j2 = JSON.parse((await cli('run', 'show', f, 'R-002', '--json')).out) as Json;
    expect(claim(j2, 'G1')).toMatchObject({ entitled: '641.66', paid_before: '280.00', paid: '361.66' });
    expect(claim(j2, 'G2')).toMatchObject({ entitled: '458.33', paid_before: '200.00', paid: '258.33' });
    expect(claim(j2, 'G3')).toMatchObject({ entitled: '0.00', paid: '0.00', reserved: '0.00' });
    expect(j2.totals).toMatchObject({
      cumulative: '1500.00',
      paid_this_run: '619.99',
      paid_cumulative: '1499.99',
      reserved: '0.00',
      residue: '0.01',
    });

    const d3 = await cli('run', 'draft', f, '--release', '0', '--final', '--date', '2026-05-01', '--as', 'alice');
    expect(d3.out).toBe('R-003');
    await cli('run', 'approve', f, 'R-003', '--as', 'bob');
    await cli('run', 'finalize', f, 'R-003', '--as', 'bob');
    const j3 = JSON.parse((await cli('run', 'show', f, 'R-003', '--json')).out) as Json;
    expect(j3.run.final).toBe(true);
    expect(claim(j3, 'G1')).toMatchObject({ entitled: '641.67', paid_before: '641.66', paid: '0.01' });
    expect(claim(j3, 'G2')).toMatchObject({ paid: '0.00' });
    expect(j3.totals).toMatchObject({ paid_this_run: '0.01', paid_cumulative: '1500.00', residue: '0.00', undistributed: '0.00' });

    const list = JSON.parse((await cli('run', 'list', f, '--json')).out) as Array<{ ref: string; state: string }>;
    expect(list.map((r) => [r.ref, r.state])).toEqual([
      ['R-003', 'finalized'],
      ['R-002', 'finalized'],
      ['R-001', 'finalized'],
    ]);
    for (const r of ['R-001', 'R-002', 'R-003']) expect((await cli('run', 'verify', f, r)).code).toBe(0);
    const estate = JSON.parse((await cli('estate', f, '--json')).out) as { cash: Array<{ currency: string; distributed: string }> };
    expect(estate.cash.find((x) => x.currency === 'USD')!.distributed).toBe('1500.00');
  });

  it('the JSON of a stored run is the engine serializeRun text for its stored input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'h-runs-cli-'));
    const f = join(dir, 'w.recourse');
    await cli('case', 'new', f, '--name', 'W', '--petition-date', '2025-01-15');
    const c = openCase(f);
    addClaims(c, WORKED, true);
    closeCase(c);
    const out = (await cli('run', 'draft', f, '--release', '1234.57', '--date', '2026-03-01', '--json')).out;
    const again = (await cli('run', 'show', f, 'R-001', '--json')).out;
    expect(again).toBe(out);
    const c2 = openCase(f);
    const blob = c2.read.prepare('SELECT input FROM run_inputs').pluck().get() as Buffer;
    closeCase(c2);
    const engineText = serializeRun(computeRun(decodeInput(blob).input));
    expect(out.slice(out.indexOf('"claims":')) + '\n').toBe(engineText.slice(1));
  });

  it('allocates a loss from a layers CSV and saves it as a loss run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'h-runs-cli-'));
    const f = join(dir, 'l.recourse');
    await cli('case', 'new', f, '--name', 'L', '--petition-date', '2025-01-15');
    const csv = join(dir, 'layers.csv');
    writeFileSync(
      csv,
      'layer,layer_name,contributor,capacity\n1,Margin,DEF,100.00\n2,Insurance fund,IF,50.00\n3,Socialized,A,30.00\n3,Socialized,B,10.00\n',
    );
    const r = await cli('losses', f, csv, '--shortfall', '170.00', '--json', '--save', '--as', 'alice');
    expect(r.code, r.err).toBe(0);
    const v = JSON.parse(r.out) as {
      uncovered: string;
      run: string;
      layers: Array<{ contributors: Array<{ ref: string; amount: string; haircut: string }> }>;
    };
    expect(v.uncovered).toBe('0.00');
    expect(v.run).toBe('L-001');
    expect(v.layers[2]!.contributors).toEqual([
      { ref: 'A', capacity: '30.00', amount: '15.00', haircut: '50.00%' },
      { ref: 'B', capacity: '10.00', amount: '5.00', haircut: '50.00%' },
    ]);
    expect((await cli('run', 'verify', f, 'L-001')).code).toBe(0);
    const bad = await cli('losses', f, csv, '--shortfall', '1,000');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/shortfall must be a decimal number written with a point/);
    writeFileSync(csv, 'layer,layer_name,contributor,capacity\n1,Margin,DEF,100.00\n2,Fund,IF,"1,234"\n');
    const amb = await cli('losses', f, csv, '--shortfall', '10');
    expect(amb.code).toBe(1);
    expect(amb.err).toMatch(/Row 3, column capacity: "1,234" is ambiguous/);
  });
});
