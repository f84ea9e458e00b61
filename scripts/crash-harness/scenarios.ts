/**
 * The crash scenarios: each is a child script (./children) and the checks the
 * parent runs after every kill. Scenarios waiting for a service are listed in
 * PENDING with what they need.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Raw from 'better-sqlite3-multiple-ciphers';
import type { Scenario } from '../crash-harness.js';
import { createCase, closeCase, openCase, type OpenCase } from '../../src/services/case.js';
import { verifyAuditChain } from '../../src/store/audit.js';
import { setCaseAccess, userVersion } from '../../src/store/db.js';
import { checkFile, listBackups } from '../../src/store/backup.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { count } from '../../src/store/util.js';

function fail(msg: string): never {
  throw new Error(msg);
}

/** Open the case as the app does (quick_check, stale lock take-over), then the full checks. Caller closes. */
export function openAndCheck(path: string): OpenCase {
  const c = openCase(path);
  try {
    const integ = (c.read.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    if (integ.join() !== 'ok') fail(`integrity_check: ${integ.slice(0, 3).join('; ')}`);
    const fk = c.read.pragma('foreign_key_check') as unknown[];
    if (fk.length) fail(`foreign_key_check: ${fk.length} broken references`);
    const chain = verifyAuditChain(c.read);
    if (!chain.ok) fail(`audit chain broken at ${chain.brokenAt?.id}: ${chain.brokenAt?.problem}`);
    return c;
  } catch (err) {
    closeCase(c);
    throw err;
  }
}

const TOKEN = /^(?:[A-Za-z0-9]+)B\d+K(\d+)$/;

/** Every batch in the file is whole (its K claims and its audit entry), and every reported one is there. */
export function checkBatches(c: OpenCase, all: string[]): number {
  const rows = c.read.prepare("SELECT notes AS tok, count(*) AS n FROM claims WHERE notes GLOB '*B*K*' GROUP BY notes").all() as Array<{ tok: string; n: bigint }>;
  const present = new Map(rows.map((r) => [r.tok, count(r.n)]));
  const audited = new Set(c.read.prepare("SELECT entity_ref FROM audit WHERE action = 'claims.batch'").pluck().all() as string[]);
  for (const [tok, n] of present) {
    const k = Number(TOKEN.exec(tok)?.[1] ?? NaN);
    if (n !== k) fail(`batch ${tok} is partial: ${n} of ${k} claims`);
    if (!audited.has(tok)) fail(`batch ${tok} has its claims but no audit entry`);
  }
  for (const tok of audited) if (!present.has(tok)) fail(`audit entry for batch ${tok} without its claims`);
  const creditors = count(c.read.prepare("SELECT count(*) FROM creditors WHERE ref GLOB '*B*K*-C'").pluck().get());
  if (creditors !== present.size) fail(`${creditors} batch creditors for ${present.size} batches`);
  for (const tok of all) if (TOKEN.test(tok) && !present.has(tok)) fail(`committed batch ${tok} is missing`);
  return present.size;
}

function newCase(path: string, passphrase?: string): void {
  closeCase(createCase({ path, name: 'Crash test estate', currency: 'USD', petitionDate: '2026-01-15', ...(passphrase ? { passphrase } : {}) }, 'crash-harness'));
}

/* ---------------------------------------------------------------------------------------------- */

const claims: Scenario<{ path: string }> = {
  name: 'claims',
  child: 'scripts/crash-harness/children/claims.ts',
  setup: (dir) => {
    const path = join(dir, 'claims.recourse');
    newCase(path);
    return { path };
  },
  args: (ctx, point) => [ctx.path, `R${point}`, String(point * 7919)],
  maxDelayMs: 400,
  check: (ctx, _r, all) => {
    const c = openAndCheck(ctx.path);
    try {
      checkBatches(c, all);
    } finally {
      closeCase(c);
    }
  },
};

const PASS = 'crash test passphrase';
const encrypted: Scenario<{ path: string }> = {
  ...claims,
  name: 'encrypted',
  setup: (dir) => {
    const path = join(dir, 'encrypted.recourse');
    newCase(path, PASS);
    return { path };
  },
  env: () => ({ RECOURSE_CRASH_PASSPHRASE: PASS }),
  check: (ctx, r, all) => {
    // Plaintext never reaches the disk, not even in the WAL the killed writer left behind.
    for (const f of [ctx.path, ctx.path + '-wal']) {
      if (existsSync(f) && readFileSync(f).includes('Zebulon Crashworthy')) fail(`plaintext creditor name in ${f}`);
    }
    setCaseAccess(ctx.path, { passphrase: PASS });
    claims.check(ctx, r, all);
  },
};

const backup: Scenario<{ path: string }> = {
  ...claims,
  name: 'backup',
  setup: (dir) => {
    const path = join(dir, 'backup.recourse');
    newCase(path);
    return { path };
  },
  args: (ctx, point) => [ctx.path, `R${point}`, String(point * 104729), '2'],
  maxDelayMs: 600,
  check: (ctx, r, all) => {
    claims.check(ctx, r, all);
    // Every listed backup is whole, checks out, and holds whole batches only.
    for (const b of listBackups(ctx.path)) {
      const problems = checkFile(b.path, null);
      if (problems.length) fail(`backup ${b.name}: ${problems[0]}`);
      const db = new Raw(b.path, { readonly: true });
      try {
        const rows = db.prepare("SELECT notes AS tok, count(*) AS n FROM claims WHERE notes GLOB '*B*K*' GROUP BY notes").all() as Array<{ tok: string; n: number }>;
        for (const row of rows) if (row.n !== Number(TOKEN.exec(row.tok)?.[1])) fail(`backup ${b.name} holds a partial batch ${row.tok}`);
      } finally {
        db.close();
      }
    }
    const last = r.lines.filter((l) => l.startsWith('BACKUP ')).pop()?.slice(7);
    if (last && !listBackups(ctx.path).some((b) => b.name === last)) fail(`reported backup ${last} is missing`);
  },
};

/** A case at schema 1 with many claims, so the backup and migration take a while. */
function oldCase(path: string, claimsN: number): void {
  const db = new Raw(path);
  db.pragma('journal_mode = WAL');
  MIGRATIONS[0]!.up(db as never);
  db.pragma('user_version = 1');
  db.pragma('application_id = 1380143699');
  db.exec("INSERT INTO case_meta VALUES ('name','Old estate'),('currency','USD'),('petition_date','2025-01-01')");
  db.exec("INSERT INTO assets VALUES ('USD','US dollar',2)");
  const cred = db.prepare("INSERT INTO creditors (ref, name, name_key, type, updated_at) VALUES (?, ?, ?, 'individual', 't')");
  const claim = db.prepare("INSERT INTO claims (ref, creditor_id, asset, asserted, status, updated_at) VALUES (?, ?, 'USD', ?, 'filed', 't')");
  db.transaction(() => {
    for (let i = 1; i <= claimsN; i++) {
      cred.run(`C${i}`, `Creditor ${i}`, `creditor ${i}`);
      claim.run(`CL${i}`, i, String(i * 100));
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

const MIGRATION_CLAIMS = 15_000;
const migration: Scenario<{ template: string; path: string }> = {
  name: 'migration',
  child: 'scripts/crash-harness/children/migrate.ts',
  setup: (dir) => {
    const template = join(dir, 'template.sqlite');
    oldCase(template, MIGRATION_CLAIMS);
    return { template, path: join(dir, 'migrate.recourse') };
  },
  beforePoint: (ctx) => {
    for (const ext of ['', '-wal', '-shm', '.lock']) rmSync(ctx.path + ext, { force: true });
    rmSync(ctx.path + '.backups', { recursive: true, force: true });
    copyFileSync(ctx.template, ctx.path);
  },
  args: (ctx) => [ctx.path],
  maxDelayMs: 1800,
  check: (ctx, r) => {
    const raw = new Raw(ctx.path, { readonly: true });
    const v = userVersion(raw);
    raw.close();
    if (v !== 1 && v !== SCHEMA_VERSION) fail(`schema version ${v}: neither before (1) nor after (${SCHEMA_VERSION})`);
    if (r.committed.length && v !== SCHEMA_VERSION) fail('the child reported the migration committed but the file is at schema 1');
    for (const b of listBackups(ctx.path)) {
      const problems = checkFile(b.path, null);
      if (problems.length) fail(`backup ${b.name}: ${problems[0]}`);
    }
    const c = openAndCheck(ctx.path); // completes the migration if the kill stopped it
    try {
      if (userVersion(c.read) !== SCHEMA_VERSION) fail('not migrated on reopen');
      const n = count(c.read.prepare('SELECT count(*) FROM claims').pluck().get());
      if (n !== MIGRATION_CLAIMS) fail(`${n} claims after migration, expected ${MIGRATION_CLAIMS}`);
    } finally {
      closeCase(c);
    }
  },
};

const GEN_CLAIMS = 8_000;
const generate: Scenario<{ path: string; dir: string }> = {
  name: 'generate',
  child: 'scripts/crash-harness/children/generate.ts',
  setup: (dir) => ({ dir, path: join(dir, 'generated.recourse') }),
  beforePoint: (ctx) => {
    for (const f of readdirSync(ctx.dir)) rmSync(join(ctx.dir, f), { recursive: true, force: true });
  },
  args: (ctx) => [ctx.path, String(GEN_CLAIMS)],
  maxDelayMs: 9000,
  check: (ctx, r) => {
    if (!existsSync(ctx.path)) {
      // Killed while the case was being created: it must not appear half-made under its name.
      if (r.committed.length) fail('the child reported claims but the case file does not exist');
      return;
    }
    const c = openAndCheck(ctx.path);
    try {
      const n = count(c.read.prepare('SELECT count(*) FROM claims').pluck().get());
      const reported = Math.max(0, ...r.committed.filter((t) => t.startsWith('claims=')).map((t) => Number(t.slice(7))));
      if (n !== GEN_CLAIMS && n !== 0) fail(`${n} claims: the ${GEN_CLAIMS} claims are one transaction`);
      if (n < reported) fail(`${n} claims but ${reported} were reported committed`);
      const logged = c.read.prepare("SELECT after FROM audit WHERE action = 'claims.generate'").pluck().all() as string[];
      const upTo = Math.max(0, ...logged.map((a) => (JSON.parse(a) as { to: number }).to));
      if (upTo !== n) fail(`audit says claims up to ${upTo}, the file has ${n}`);
    } finally {
      closeCase(c);
    }
  },
};

const KEYS = ['first crash passphrase', 'second crash passphrase'];
const rekey: Scenario<{ path: string; key: number }> = {
  name: 'rekey',
  child: 'scripts/crash-harness/children/rekey.ts',
  setup: (dir) => {
    const path = join(dir, 'rekey.recourse');
    newCase(path, KEYS[0]);
    return { path, key: 0 };
  },
  args: (ctx) => [ctx.path, KEYS[0]!, KEYS[1]!, String(ctx.key)],
  maxDelayMs: 5000,
  check: (ctx, r, all) => {
    const reported = r.committed.filter((t) => t.startsWith('key=')).map((t) => Number(t.slice(4)));
    const expect = reported.length ? reported[reported.length - 1]! : ctx.key;
    // The key in force is the last one reported, or the next one if that rekey committed before the kill.
    let opened: OpenCase | null = null;
    let lastErr = '';
    for (const k of [expect, 1 - expect]) {
      setCaseAccess(ctx.path, { passphrase: KEYS[k]! });
      try {
        opened = openAndCheck(ctx.path);
        ctx.key = k;
        break;
      } catch (err) {
        lastErr = (err as Error).message;
      }
    }
    if (!opened) fail(`opens with neither passphrase: ${lastErr}`);
    try {
      checkBatches(opened, all);
    } finally {
      closeCase(opened);
    }
    // Backups follow the key; one caught mid-rekey is under one of the two.
    for (const b of listBackups(ctx.path)) {
      const a = checkFile(b.path, KEYS[ctx.key]!);
      if (a.length && checkFile(b.path, KEYS[1 - ctx.key]!).length) fail(`backup ${b.name} opens with neither passphrase: ${a[0]}`);
    }
  },
};

/* ---- the services' own writes: import, classification, run finalization, export ---- */

const importing: Scenario<{ path: string; dir: string }> = {
  name: 'import',
  child: 'scripts/crash-harness/children/import.ts',
  setup: (dir) => {
    const path = join(dir, 'import.recourse');
    newCase(path);
    return { path, dir };
  },
  args: (ctx, point) => [ctx.path, `I${point}`, String(point * 31337), ctx.dir],
  maxDelayMs: 2500,
  check: (ctx, _r, all) => {
    const c = openAndCheck(ctx.path);
    try {
      // A file's claims are all there or none is, and an import entry in the audit log exactly for the ones there.
      const rows = c.read.prepare("SELECT notes AS tok, count(*) AS n FROM claims WHERE notes GLOB 'I*B*K*' GROUP BY notes").all() as Array<{ tok: string; n: bigint }>;
      const present = new Map(rows.map((r) => [r.tok, count(r.n)]));
      for (const [tok, n] of present) if (n !== Number(TOKEN.exec(tok)?.[1])) fail(`import ${tok} is partial: ${n} claims`);
      for (const tok of all) if (!present.has(tok)) fail(`committed import ${tok} is missing`);
      const strip = (xs: string[]) => new Set(xs.map((x) => x.replace(/\.csv$/, '')));
      const audited = strip(c.read.prepare("SELECT entity_ref FROM audit WHERE action = 'import.claims'").pluck().all() as string[]);
      const logged = strip(c.read.prepare('SELECT file_name FROM imports').pluck().all() as string[]);
      for (const tok of present.keys()) if (!audited.has(tok) || !logged.has(tok)) fail(`import ${tok} landed without its audit entry or imports row`);
      for (const tok of audited) if (!present.has(tok)) fail(`audit entry for import ${tok} without its claims`);
    } finally {
      closeCase(c);
    }
  },
};

const CLASSIFY_CLAIMS = 4000;
const ROTATION = ['CUST', 'GUC', 'SUB'];
const classifying: Scenario<{ path: string; cls: string }> = {
  name: 'classification',
  child: 'scripts/crash-harness/children/classify.ts',
  setup: async (dir) => {
    const path = join(dir, 'classify.recourse');
    const c = createCase({ path, name: 'Crash classification', currency: 'USD', petitionDate: '2026-01-15' }, 'crash-harness');
    const { saveLadder } = await import('../../src/services/classes.js');
    saveLadder(c.db, 'setup', [
      { code: 'CUST', name: 'Customers', rank: 1 },
      { code: 'GUC', name: 'General unsecured', rank: 2 },
      { code: 'SUB', name: 'Subordinated', rank: 3 },
    ]);
    c.db.transaction(() => {
      const cred = c.db.prepare("INSERT INTO creditors (ref, name, name_key, type, updated_at) VALUES (?, ?, ?, 'individual', 't')");
      const claim = c.db.prepare("INSERT INTO claims (ref, creditor_id, asset, asserted, status, class_code, class_status, value_minor, updated_at) VALUES (?, ?, 'USD', ?, 'allowed', 'CUST', 'proposed', ?, 't')");
      for (let i = 1; i <= CLASSIFY_CLAIMS; i++) {
        cred.run(`CR${i}`, `Creditor ${i}`, `creditor ${i}`);
        claim.run(`CL${i}`, i, String(i * 100), i * 100);
      }
    })();
    closeCase(c);
    return { path, cls: 'CUST' };
  },
  args: (ctx) => [ctx.path, ctx.cls],
  maxDelayMs: 3000,
  check: (ctx, r) => {
    const c = openAndCheck(ctx.path);
    try {
      const classes = c.read.prepare('SELECT class_code AS cc, count(*) AS n FROM claims GROUP BY class_code').all() as Array<{ cc: string; n: bigint }>;
      // One transaction per application: every claim moved, or none.
      if (classes.length !== 1 || count(classes[0]!.n) !== CLASSIFY_CLAIMS) fail(`claims split across classes: ${JSON.stringify(classes.map((x) => [x.cc, count(x.n)]))}`);
      const now = classes[0]!.cc;
      // The classes rotate CUST → GUC → SUB: the file holds the last reported one, or the next if that commit landed unreported.
      const reported = r.committed.map((t) => /^class=(\w+)/.exec(t)?.[1]).filter(Boolean);
      const last = reported[reported.length - 1] ?? ctx.cls;
      const next = ROTATION[(ROTATION.indexOf(last) + 1) % ROTATION.length];
      if (now !== last && now !== next) fail(`claims are in ${now}; the last committed classification moved them to ${last}`);
      const history = count(c.read.prepare("SELECT count(*) FROM classifications WHERE claim_id = 1").pluck().get());
      const perClaim = count(c.read.prepare('SELECT count(*) FROM classifications WHERE claim_id = 2').pluck().get());
      if (history !== perClaim) fail(`claims have different classification histories (${history} vs ${perClaim})`);
      ctx.cls = now;
    } finally {
      closeCase(c);
    }
  },
};

const finalize: Scenario<{ path: string }> = {
  name: 'finalize',
  child: 'scripts/crash-harness/children/finalize.ts',
  setup: async (dir) => {
    const path = join(dir, 'finalize.recourse');
    const c = createCase({ path, name: 'Crash runs', currency: 'USD', petitionDate: '2025-01-15' }, 'setup');
    c.db.transaction(() => {
      const cls = c.db.prepare("INSERT INTO classes (code, name, rank, treatment, position) VALUES (?, ?, ?, 'pro_rata', ?)");
      cls.run('ADMIN', 'Administrative', 1, 0);
      cls.run('GUC', 'General unsecured', 2, 1);
      const cred = c.db.prepare("INSERT INTO creditors (ref, name, name_key, type, kyc, updated_at) VALUES (?, ?, ?, 'individual', 'verified', 't')");
      const claim = c.db.prepare("INSERT INTO claims (ref, creditor_id, asset, asserted, status, class_code, class_status, value_minor, updated_at) VALUES (?, ?, 'USD', ?, 'allowed', ?, 'approved', ?, 't')");
      for (let i = 1; i <= 300; i++) {
        cred.run(`CR${i}`, `Creditor ${i}`, `creditor ${i}`);
        claim.run(`CL${i}`, i, String(i * 1000), i % 7 === 0 ? 'ADMIN' : 'GUC', i * 1000);
      }
    })();
    closeCase(c);
    return { path };
  },
  args: (ctx) => [ctx.path],
  maxDelayMs: 2500,
  check: async (ctx, _r, all) => {
    const { verifyRuns } = await import('../../src/services/runs-verify.js');
    const c = openAndCheck(ctx.path);
    try {
      const problems = verifyRuns(c.read);
      if (problems.length) fail(`finalized runs do not verify: ${problems[0]}`);
      const finalized = new Set(c.read.prepare("SELECT ref FROM runs WHERE state = 'finalized'").pluck().all() as string[]);
      for (const t of all) if (t.startsWith('run=') && !finalized.has(t.slice(4))) fail(`committed finalization of ${t.slice(4)} is missing`);
      const logged = count(c.read.prepare("SELECT count(*) FROM audit WHERE action = 'run.finalize'").pluck().get());
      if (logged !== finalized.size) fail(`${logged} finalize audit entries for ${finalized.size} finalized runs`);
    } finally {
      closeCase(c);
    }
  },
};

const exporting: Scenario<{ path: string; out: string; data: string }> = {
  name: 'export',
  child: 'scripts/crash-harness/children/export.ts',
  setup: (dir) => {
    const path = join(dir, 'export.recourse');
    const c = createCase({ path, name: 'Crash export', currency: 'USD', petitionDate: '2026-01-15' }, 'setup');
    c.db.transaction(() => {
      const cred = c.db.prepare("INSERT INTO creditors (ref, name, name_key, type, updated_at) VALUES (?, ?, ?, 'individual', 't')");
      const claim = c.db.prepare("INSERT INTO claims (ref, creditor_id, asset, asserted, status, value_minor, updated_at) VALUES (?, ?, 'USD', ?, 'filed', ?, 't')");
      for (let i = 1; i <= 3000; i++) {
        cred.run(`CR${i}`, `Creditor ${i}`, `creditor ${i}`);
        claim.run(`CL${i}`, i, String(i * 100), i * 100);
      }
    })();
    closeCase(c);
    const out = join(dir, 'out');
    const data = join(dir, 'data');
    mkdirSync(out, { recursive: true });
    return { path, out, data };
  },
  args: (ctx) => [ctx.path, ctx.out, ctx.data],
  maxDelayMs: 3000,
  check: async (ctx, _r, all) => {
    const { zipDirectory } = await import('../../src/services/import/zipdir.js');
    // Every workbook under its final name is whole (a killed export leaves no half file there).
    for (const f of readdirSync(ctx.out).filter((x) => x.endsWith('.xlsx'))) {
      const entries = await zipDirectory(join(ctx.out, f));
      if (!entries || !entries.some((e) => e.name === 'xl/workbook.xml')) fail(`${f} is a partial workbook`);
    }
    for (const t of all) if (t.startsWith('file=') && !existsSync(t.slice(5))) fail(`reported export ${t.slice(5)} is missing`);
    closeCase(openAndCheck(ctx.path));
  },
};

/** The harness's self-test: a writer without transactions that reports too early. Its kills must fail the checks. */
export const BROKEN: Scenario<{ path: string }> = { ...claims, name: 'broken', child: 'scripts/crash-harness/children/broken.ts', maxDelayMs: 300 };

export const SCENARIOS = [claims, encrypted, backup, migration, generate, rekey, importing, classifying, finalize, exporting];

/** Share of the kill points per scenario (npm run test:crash splits RECOURSE_CRASH_POINTS by these). */
export const WEIGHTS: Record<string, number> = { claims: 40, encrypted: 20, backup: 20, migration: 20, generate: 10, rekey: 15, import: 25, classification: 20, finalize: 20, export: 15 };

/** Scenarios that wait for a service, and what they need from it. */
export const PENDING: Record<string, string> = {};
