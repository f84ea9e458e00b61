// Hostile import files: each gets a clear error (or is read faithfully) in a worker with bounded
// memory and time, and nothing is written to the case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { deflateRawSync, constants } from 'node:zlib';
import fc from 'fast-check';
import { Session } from '../../src/api/session.js';
import { dispatch } from '../../src/api/dispatch.js';
import { JobRunner } from '../../src/jobs/runner.js';
import { importLimits } from '../../src/jobs/limits.js';
import type { JobStatus } from '../../src/jobs/types.js';
import * as H from './fixtures/hostile-files.js';
import type { ParseOutcome } from './fixtures/parse-task.js';
import { parseFiles } from './fixtures/parse-task.js';
import { makeCase, tmpDir } from './helpers.js';

const parseTask = fileURLToPath(new URL('./fixtures/parse-task.ts', import.meta.url));
const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
const GOOD = [H.HEADER, ['C1', 'CR1', 'Zoë Åström', 'USD', '10.00']];
const z = (s: string) => deflateRawSync(Buffer.from(s), { finishFlush: constants.Z_FULL_FLUSH });

let dir: string;
let s: Session;
const files: Record<string, string> = {};

/** Counts that must not move when an import is refused. */
function snapshot() {
  const r = s.requireCase().read;
  const one = (sql: string) => Number(r.prepare(sql).pluck().get());
  return { claims: one('SELECT count(*) FROM claims'), creditors: one('SELECT count(*) FROM creditors'), audit: one('SELECT count(*) FROM audit'), last: r.prepare('SELECT hash FROM audit ORDER BY id DESC LIMIT 1').pluck().get() };
}

async function importJob(path: string, mapping?: Record<string, string | null>): Promise<JobStatus> {
  const started = await dispatch(s, 'import.start', { path, kind: 'claims', ...(mapping ? { mapping } : {}) });
  if (!started.ok) throw new Error(`import.start refused: ${started.error.message}`);
  return s.jobs.wait(started.value.id);
}

/** The import either failed with a clear, non-internal error, or finished without committing. */
function refused(end: JobStatus): string {
  if (end.state === 'failed') {
    expect(end.error!.code).not.toBe('internal');
    expect(end.error!.message.length).toBeGreaterThan(20);
    return end.error!.message;
  }
  const report = end.result as { ok: boolean; committed: boolean; issues?: Array<{ message: string }> };
  expect(report.committed).toBe(false);
  return JSON.stringify(report.issues?.slice(0, 3) ?? report);
}

beforeAll(() => {
  dir = tmpDir('hostile');
  // (the bombs are built from repeated compressed segments: megabytes on disk, gigabytes unpacked)
  const rows = [H.HEADER, ['C1', 'CR1', 'Ann', 'USD', '10.00']];
  const ssHead = '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
  Object.assign(files, {
    'random bytes (.csv)': H.write(dir, 'random.csv', randomBytes(8000)),
    'random bytes (.xlsx)': H.write(dir, 'random.xlsx', randomBytes(8000)),
    'zip bomb, honest directory (2 GB of shared text)': H.write(dir, 'bomb-honest.xlsx', H.xlsx({ data: H.simpleSheet(rows) }, { deflated: H.repeatedDeflate(`<si><t>${'A'.repeat(30000)}</t></si>`, 70000), declaredSize: 2_100_000_000 })),
    'zip bomb, lying directory (shared text)': H.write(dir, 'bomb-ss.xlsx', H.xlsx({ data: H.simpleSheet(rows) }, { deflated: Buffer.concat([z(ssHead), H.repeatedDeflate(`<si><t>${'A'.repeat(30000)}</t></si>`, 70000)]), declaredSize: 2000 })),
    'zip bomb, lying directory (sheet)': H.write(dir, 'bomb-sheet.xlsx', H.xlsx({ deflated: Buffer.concat([z(H.SHEET_OPEN + '<sheetData>' + H.inlineRow(1, H.HEADER)), H.repeatedDeflate('<row><c t="inlineStr"><is><t>x</t></is></c></row>'.repeat(1000), 3000)]), declaredSize: 5000 })),
    'sheet declaring A1:XFD1048576': H.write(dir, 'dims.xlsx', H.xlsx({ data: H.simpleSheet(rows, '<dimension ref="A1:XFD1048576"/>') })),
    'XLSX cell in column 100,000': H.write(dir, 'wide.xlsx', H.xlsx({ data: `${H.SHEET_OPEN}<sheetData><row r="1">${H.HEADER.map((h, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('')}<c r="EQXD1" t="inlineStr"><is><t>far</t></is></c></row></sheetData></worksheet>` })),
    'CSV row of 100,000 columns': H.write(dir, 'wide.csv', csv([H.HEADER.concat(Array.from({ length: 100_000 }, (_, i) => `x${i}`))])),
    'CSV megabyte cell': H.write(dir, 'bigcell.csv', csv([H.HEADER, ['C1', 'CR1', 'A'.repeat(2_000_000), 'USD', '1']])),
    'XLSX megabyte cell': H.write(dir, 'bigcell.xlsx', H.xlsx({ data: H.simpleSheet([H.HEADER, ['C1', 'CR1', 'A'.repeat(1_500_000), 'USD', '1']]) })),
    'UTF-16 LE without BOM': H.write(dir, 'u16le.csv', H.utf16(csv(GOOD), 'le', false)),
    'UTF-16 BE without BOM': H.write(dir, 'u16be.csv', H.utf16(csv(GOOD), 'be', false)),
    'Latin-1 behind a UTF-8 BOM': H.write(dir, 'latin1-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(GOOD), 'latin1')])),
    'XLS (OLE) file': H.write(dir, 'old.xls', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), randomBytes(2000)])),
    'truncated workbook': H.write(dir, 'cut.xlsx', H.xlsx({ data: H.simpleSheet(rows) }).subarray(0, 700)),
  });
}, 60_000);

afterAll(() => s?.close());

describe('hostile import files', () => {
  it('each is refused with a clear message by the reader, in a worker with bounded memory and time', async () => {
    const r = new JobRunner();
    const end = await r.wait(r.start('import', parseTask, 'parseFiles', { files: Object.values(files) }).id);
    expect(end.state).toBe('done');
    const messages: Record<string, string> = {};
    (end.result as ParseOutcome[]).forEach((o, i) => {
      const what = Object.keys(files)[i]!;
      expect({ what, ok: o.ok, code: o.error?.code }).toEqual({ what, ok: false, code: 'import_rejected' });
      messages[what] = o.error!.message;
    });
    expect(messages['zip bomb, honest directory (2 GB of shared text)']).toMatch(/shared text is 2003 MB unpacked/);
    expect(messages['zip bomb, lying directory (shared text)']).toMatch(/unpacks to more than the 2,000 bytes its directory declares.*zip bomb/);
    expect(messages['zip bomb, lying directory (sheet)']).toMatch(/unpacks to more than .* declares.*zip bomb/);
    expect(messages['sheet declaring A1:XFD1048576']).toMatch(/A1:XFD1048576.*at most 256 columns/);
    expect(messages['XLSX cell in column 100,000']).toMatch(/column EQXD.*at most 256 columns/);
    expect(messages['CSV row of 100,000 columns']).toMatch(/more than 256 columns/);
    expect(messages['CSV megabyte cell']).toMatch(/longer than 1,048,576 characters/);
    expect(messages['XLSX megabyte cell']).toMatch(/too long/);
    expect(messages['UTF-16 LE without BOM']).toMatch(/UTF-16 without a byte order mark/);
    expect(messages['Latin-1 behind a UTF-8 BOM']).toMatch(/byte order mark but is not valid UTF-8/);
    expect(messages['XLS (OLE) file']).toMatch(/Excel 97–2003/);
  });

  it('through the API: imports and previews of hostile files fail clearly and write nothing', async () => {
    s = new Session('cli', tmpDir('data'));
    const p = join(tmpDir(), 'target.recourse');
    makeCase(p, { claims: 3 });
    expect((await dispatch(s, 'case.open', { path: p })).ok).toBe(true);
    const before = snapshot();
    for (const what of ['zip bomb, lying directory (shared text)', 'sheet declaring A1:XFD1048576', 'CSV row of 100,000 columns', 'UTF-16 BE without BOM', 'truncated workbook']) {
      refused(await importJob(files[what]!));
      expect(snapshot(), what).toEqual(before);
    }
    // Previews run in a bounded worker as well.
    const pv = await dispatch(s, 'import.preview', { path: files['zip bomb, lying directory (shared text)']!, kind: 'claims' });
    expect(!pv.ok && pv.error).toMatchObject({ code: 'import_rejected', message: expect.stringMatching(/zip bomb/) });
  });

  it('stops a reader that outgrows its memory allowance with a clear error (what the size checks do not catch)', async () => {
    // 90 MB of shared text: under the ratio check, so only the heap limit stops it.
    const f = H.write(dir, 'heavy.xlsx', H.xlsx({ data: H.simpleSheet([H.HEADER]) }, { deflated: Buffer.concat([z('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'), H.repeatedDeflate(`<si><t>${'B'.repeat(30000)}</t></si>`, 3000)]), declaredSize: 90_100_000 }));
    const r = new JobRunner();
    const end = await r.wait(r.start('import', parseTask, 'parseFiles', { files: [f] }, { resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 16 } }).id);
    expect(end.state).toBe('failed');
    expect(end.error).toMatchObject({ code: 'import_rejected', message: expect.stringMatching(/more than its 48 MB memory allowance.*nothing was written/) });
  });

  it('stops a reader that runs past its time limit', async () => {
    const r = new JobRunner();
    const end = await r.wait(r.start('import', parseTask, 'parseFiles', { files: [files['CSV row of 100,000 columns']!] }, { ...importLimits(), timeLimitMs: 1 }).id);
    expect(end).toMatchObject({ state: 'failed', error: { code: 'import_rejected', message: expect.stringMatching(/time limit.*nothing was written/) } });
  });

  it('reads formulas as their stored text, never evaluating them', async () => {
    const xlsxFile = H.write(
      dir,
      'formula.xlsx',
      H.xlsx({
        data: `${H.SHEET_OPEN}<sheetData>${H.inlineRow(1, H.HEADER)}<row r="2"><c r="A2" t="inlineStr"><is><t>F1</t></is></c><c r="B2" t="inlineStr"><is><t>CRF1</t></is></c><c r="C2" t="str"><f>CONCAT("Ev","il")</f><v>Stored name</v></c><c r="D2" t="inlineStr"><is><t>USD</t></is></c><c r="E2"><f>1+1</f><v>7</v></c></row></sheetData></worksheet>`,
      }),
    );
    const csvFile = H.write(dir, 'formula.csv', csv([H.HEADER, ['F2', 'CRF2', '=HYPERLINK("http://evil.example")', 'USD', '3']]));
    const [x, c] = await parseFiles({ files: [xlsxFile, csvFile] });
    expect(x!.sample![0]).toEqual(['F1', 'CRF1', 'Stored name', 'USD', '7']);
    expect(c!.sample![0]![2]).toBe('=HYPERLINK("http://evil.example")');
    // Through a real import: the stored values land as written.
    for (const f of [xlsxFile, csvFile]) expect((await importJob(f)).state).toBe('done');
    const rows = s.requireCase().read.prepare("SELECT c.ref, c.asserted, k.name FROM claims c JOIN creditors k ON k.id = c.creditor_id WHERE c.ref IN ('F1','F2') ORDER BY c.ref").all();
    expect(rows).toEqual([
      { ref: 'F1', asserted: '700', name: 'Stored name' },
      { ref: 'F2', asserted: '300', name: '=HYPERLINK("http://evil.example")' },
    ]);
  });

  it('treats __proto__ and constructor headers as plain column names and pollutes nothing', async () => {
    const f = H.write(dir, 'proto.csv', csv([['__proto__', 'constructor', 'prototype', ...H.HEADER], ['{"polluted":1}', 'x', 'y', 'P1', 'CRP1', 'Proto Person', 'USD', '1.00']]));
    const [o] = await parseFiles({ files: [f] });
    expect(o!.headers!.slice(0, 3)).toEqual(['__proto__', 'constructor', 'prototype']);
    const end = await importJob(f);
    expect(end.state).toBe('done');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(s.requireCase().read.prepare("SELECT count(*) FROM claims WHERE ref = 'P1'").pluck().get()).toBe(1n);
    // A mapping naming __proto__ never reaches the importer.
    const r = await dispatch(s, 'import.start', { path: f, kind: 'claims', mapping: JSON.parse('{"__proto__":"ref"}') });
    expect(!r.ok && r.error.message).toMatch(/forbidden key/);
  });

  it('decodes UTF-16 (with a BOM) and Latin-1 exactly', async () => {
    const enc: Array<[string, Buffer, RegExp]> = [
      ['u16le-bom.csv', H.utf16(csv(GOOD), 'le', true), /UTF-16 LE/],
      ['u16be-bom.csv', H.utf16(csv(GOOD), 'be', true), /UTF-16 BE/],
      ['latin1.csv', Buffer.from(csv(GOOD), 'latin1'), /Latin-1/],
      ['utf8-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(GOOD), 'utf8')]), /UTF-8/],
    ];
    const out = await parseFiles({ files: enc.map(([n, b]) => H.write(dir, n, b)) });
    out.forEach((o, i) => {
      expect(o.encoding).toMatch(enc[i]![2]);
      expect(o.headers).toEqual(H.HEADER);
      expect(o.sample).toEqual([GOOD[1]]);
    });
  });

  it('fuzz: truncated, bit-flipped and random files end in a clear rejection or a faithful read, never an internal error', async () => {
    const rows = [H.HEADER, ...Array.from({ length: 30 }, (_, i) => [`C${i}`, `CR${i}`, `Name ${i}`, 'USD', `${i}.00`])];
    const base = H.xlsx({ data: H.simpleSheet(rows) });
    const corpus: string[] = [];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: base.length - 1 }),
        fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.uint8Array({ maxLength: 4000 }),
        (cut, flips, rnd) => {
          const i = corpus.length;
          const m = Buffer.from(base);
          for (const [at, v] of flips) m[at] = v;
          corpus.push(H.write(dir, `fz-${i}-cut.xlsx`, base.subarray(0, cut)), H.write(dir, `fz-${i}-flip.xlsx`, m), H.write(dir, `fz-${i}-rnd.csv`, Buffer.from(rnd)));
          return true;
        },
      ),
      { numRuns: 15, seed: 20260115 },
    );
    const stalled: string[] = [];
    const results: ParseOutcome[] = [];
    for (const f of corpus) {
      const o = await Promise.race([parseFiles({ files: [f] }).then((x) => x[0]!), new Promise<null>((r) => setTimeout(() => r(null), 3000))]);
      if (o) results.push(o);
      else stalled.push(f);
    }
    for (const o of results) {
      if (!o.ok) expect({ file: o.file, code: o.error!.code }).toEqual({ file: o.file, code: 'import_rejected' });
    }
    // A reader that waits forever on a damaged workbook: in the import worker that is a clear rejection too.
    for (const f of stalled.slice(0, 2)) {
      const r = new JobRunner();
      const end = await r.wait(r.start('import', parseTask, 'parseFiles', { files: [f] }).id);
      expect(end.error).toMatchObject({ code: 'import_rejected', message: expect.stringMatching(/damaged|half-way/) });
    }
    expect(results.length + stalled.length).toBe(corpus.length);
  });
});
