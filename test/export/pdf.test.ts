import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderStatement } from '../../src/export/pdf/statement.js';
import { renderDetermination } from '../../src/export/pdf/determination.js';
import { renderBatch, type RenderJob } from '../../src/export/pdf/pool.js';
import type { DeterminationInput } from '../../src/export/types.js';
import { CASE, CREDITORS, plan, run1 } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'recourse-pdf-'));
const hasZbar = (() => {
  try {
    execFileSync('zbarimg', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const { data } = run1();
const p = plan(data);
const statementOf = (ref: string) => p.build(CREDITORS.get(ref)!, p.creditors.find((c) => c.ref === ref)!.claims);

/** The PDF's text as pdftotext reads it, without the bidi control marks it wraps right-to-left runs in. */
function textOf(pdf: Buffer, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[\u202a-\u202e\u2066-\u2069]/g, '');
}

const determination: DeterminationInput = {
  case: CASE,
  creditor: CREDITORS.get('CR-0004')!,
  claim: { ref: 'G3', asset: 'USD', assetScale: 2, asserted: 30000n, allowed: null, value: 30000n, status: 'disallowed', classCode: 'GUC', className: 'General unsecured', previousClass: null },
  decision: 'disallowed',
  reason: 'No account found in the ledger for this claimant',
  decidedOn: '2026-03-02',
  decidedBy: 'j.tanaka',
  issuedOn: '2026-03-05',
  objectionDeadline: '2026-04-04',
};

describe('PDF notices', () => {
  it('prints an Arabic name with digits, right to left, and the statement figures of spec §8 run 1', async () => {
    const text = textOf(await renderStatement(statementOf('CR-0003')), 'ar.pdf');
    // pdftotext gives right-to-left runs back in logical order: the name reads as written, digits kept
    expect(text).toMatch(/12 محمد العلي|محمد العلي 12/);
    expect(text).toMatch(/شارع الملك فهد/);
    expect(text).toContain('Creditor reference: CR-0003');
    expect(text).toMatch(/G1\s+GUC · General unsecured\s+700\.00\s+280\.00\s+280\.00\s+40\.00%\s+0\.00/);
    expect(text).toMatch(/P1\s+PRIORITY · Priority claims\s+300\.00\s+300\.00\s+300\.00\s+100\.00%\s+0\.00/);
    expect(text).toMatch(/This payment: 580\.00 USD/);
    expect(text).toContain('Payment method: Bank transfer');
    expect(text).toContain(`Run root: ${p.root}`);
    expect(text).toMatch(/Run R-2026-01[\s\S]*Date 2026-06-30[\s\S]*Interim distribution/);
  });

  it('prints Hebrew with digits, Greek, Cyrillic, Chinese, Japanese, Korean and Latin with diacritics', async () => {
    const he = textOf(await renderStatement(statementOf('CR-0004')), 'he.pdf');
    expect(he).toMatch(/345 דוד כהן|דוד כהן 345/);
    expect(he).toContain('Οδός Ερμού 12');
    expect(he).toContain('Αθήνα');
    const cjk = textOf(await renderStatement(statementOf('CR-0005')), 'cjk.pdf');
    expect(cjk).toContain('王伟 佐藤健 김민준');
    expect(cjk).toContain('ул. Ленина 7');
    expect(cjk).toContain('Nguyễn Văn Lefèvre');
    // a disputed claim is reserved for, not paid
    expect(cjk).toMatch(/G3\s+GUC · General unsecured\s+300\.00\s+0\.00\s+0\.00\s+0\.00%\s+120\.00/);
    expect(cjk).toContain('Nothing is paid to you in this run.');
    const de = textOf(await renderStatement(statementOf('CR-0001')), 'de.pdf');
    expect(de).toContain('Jörg Müller');
    expect(de).toContain('Hauptstraße 5');
  });

  // zbarimg (Debian zbar-tools) reads the QR code back; skipped where it is not installed.
  it.skipIf(!hasZbar)('puts the proof JSON in a QR code that scans back to the same data', async () => {
    const st = statementOf('CR-0003');
    const file = join(dir, 'qr.pdf');
    writeFileSync(file, await renderStatement(st));
    execFileSync('pdftoppm', ['-png', '-r', '200', '-f', '1', '-l', '1', file, join(dir, 'qr')]);
    const png = readdirSync(dir).find((f) => f.startsWith('qr') && f.endsWith('.png'))!;
    const scanned = execFileSync('zbarimg', ['-q', '--raw', join(dir, png)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    expect(JSON.parse(scanned)).toEqual(st.proof);
  });

  it('embeds its fonts (subsets), never a standard font', async () => {
    const file = join(dir, 'fonts.pdf');
    writeFileSync(file, await renderStatement(statementOf('CR-0005')));
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSans-Regular/);
    expect(fonts).toMatch(/WenQuanYiMicroHei/);
    expect(fonts).not.toMatch(/Helvetica/);
    for (const line of fonts.split('\n').slice(2).filter(Boolean)) expect(line).toMatch(/\s+yes\s+yes\s+yes\s+/);
  });

  it('gives the same bytes for the same input (dates from the run, fixed document ID)', async () => {
    const a = await renderStatement(statementOf('CR-0003'));
    const b = await renderStatement(statementOf('CR-0003'));
    expect(a.equals(b)).toBe(true);
    const info = execFileSync('pdfinfo', ['-isodates', '-'], { input: a, encoding: 'utf8' });
    expect(info).toMatch(/CreationDate:\s+2026-06-30T00:00:00/);
    expect(info).toMatch(/ModDate:\s+2026-06-30T00:00:00/);
    const other = await renderStatement(statementOf('CR-0004'));
    expect(other.equals(a)).toBe(false);
  });

  it('renders a notice of determination with its reason and objection deadline', async () => {
    const bytes = await renderDetermination(determination);
    expect((await renderDetermination(determination)).equals(bytes)).toBe(true);
    const text = textOf(bytes, 'det.pdf');
    expect(text).toContain('Your claim has been disallowed');
    expect(text).toContain('No account found in the ledger for this claimant');
    expect(text).toMatch(/object to this determination in writing by\s+2026-04-04/);
    expect(text).toMatch(/345 דוד כהן|דוד כהן 345/);
  });

  it('renders a batch over worker threads with the same bytes as in-process rendering', async () => {
    const out = mkdtempSync(join(tmpdir(), 'recourse-batch-'));
    const jobs: RenderJob[] = p.creditors.map((c) => ({ file: `${c.ref}.pdf`, key: c.ref, notice: { kind: 'distribution', input: statementOf(c.ref) } }));
    const files = await renderBatch(jobs, { outDir: out, workers: 2, chunk: 1 });
    expect(files.map((f) => f.key)).toEqual(p.creditors.map((c) => c.ref));
    expect(readdirSync(out).sort()).toEqual(p.creditors.map((c) => `${c.ref}.pdf`).sort());
    const inProcess = await renderStatement(statementOf('CR-0003'));
    expect(readFileSync(join(out, 'CR-0003.pdf')).equals(inProcess)).toBe(true);
  });

  it('stops a batch when cancelled', async () => {
    const out = mkdtempSync(join(tmpdir(), 'recourse-batch-'));
    const ac = new AbortController();
    const many = function* (): Generator<RenderJob> {
      for (let i = 0; i < 2000; i++) yield { file: `n${i}.pdf`, key: String(i), notice: { kind: 'determination', input: determination } };
    };
    const run = renderBatch(many(), { outDir: out, workers: 2, chunk: 4, onProgress: (n) => n >= 8 && ac.abort(), signal: ac.signal });
    await expect(run).rejects.toThrow(/Cancelled/);
    expect(readdirSync(out).length).toBeLessThan(2000);
    expect(existsSync(out)).toBe(true);
  });
});
