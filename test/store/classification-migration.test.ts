import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWrite, type WriteDb } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'recourse-mig4-')), 'case.recourse');

/** A file at schema 3 with a ladder and classified claims, as the demo was before classification records. */
function schema3File(): string {
  const p = tmp();
  const raw = new Database(p) as unknown as WriteDb;
  const before = MIGRATIONS.filter((x) => x.version < 4);
  for (const m of before) m.up(raw);
  raw.pragma(`user_version = ${Math.max(...before.map((x) => x.version))}`);
  raw.pragma(`application_id = ${0x52435253}`);
  raw.exec(`INSERT INTO case_meta VALUES ('name','Old'),('currency','USD'),('petition_date','2025-01-01');
    INSERT INTO assets VALUES ('USD','US dollar',2);
    INSERT INTO classes (code, name, rank, position) VALUES ('GUC','General unsecured',1,0),('EQ','Equity',2,1);
    UPDATE classes SET treatment = 'residual' WHERE code = 'EQ';
    INSERT INTO creditors (ref,name,name_key,type,updated_at) VALUES ('C1','A','a','individual','t');
    INSERT INTO claims (ref,creditor_id,asset,asserted,status,class_code,class_status,value_minor,updated_at) VALUES
      ('A',1,'USD','100','allowed','GUC','approved',100,'2025-02-01'),
      ('B',1,'USD','200','allowed','GUC','proposed',200,'2025-02-02'),
      ('C',1,'USD','300','allowed',NULL,NULL,300,'2025-02-03');`);
  raw.close();
  return p;
}

describe('004 classification', () => {
  it('records the classes already on claims as proposed by the import, keeping approvals, and versions the existing ladder', () => {
    const db = openWrite(schema3File());
    const recs = db.prepare('SELECT c.ref, r.class_code, r.proposed_by, r.state, r.reviewer, r.version, r.current FROM classifications r JOIN claims c ON c.id = r.claim_id ORDER BY c.ref').all();
    expect(recs).toEqual([
      { ref: 'A', class_code: 'GUC', proposed_by: 'import', state: 'approved', reviewer: 'import', version: 1n, current: 1n },
      { ref: 'B', class_code: 'GUC', proposed_by: 'import', state: 'proposed', reviewer: null, version: 1n, current: 1n },
    ]);
    const v = db.prepare('SELECT id, author, snapshot FROM class_versions').all() as Array<{ id: bigint; author: string; snapshot: string }>;
    expect(v).toHaveLength(1);
    expect(JSON.parse(v[0]!.snapshot).classes.map((c: { code: string }) => c.code)).toEqual(['GUC', 'EQ']);
    db.close();
  });

  it('records a class written straight into claims (an import) as a new proposal by the import, and closes it when cleared', () => {
    const db = openWrite(schema3File());
    db.exec("INSERT INTO claims (ref,creditor_id,asset,asserted,status,class_code,class_status,value_minor,updated_at) VALUES ('D',1,'USD','5','filed','GUC','proposed',5,'2025-03-01')");
    db.exec("UPDATE claims SET class_code = 'EQ' WHERE ref = 'A'");
    db.exec("UPDATE claims SET class_code = NULL, class_status = NULL WHERE ref = 'B'");
    const cur = db
      .prepare('SELECT c.ref, c.class_status, r.class_code, r.proposed_by, r.state FROM claims c LEFT JOIN classifications r ON r.claim_id = c.id AND r.current = 1 ORDER BY c.ref')
      .all();
    expect(cur).toEqual([
      // A's approval of GUC does not carry over to a new class: EQ is proposed again
      { ref: 'A', class_status: 'proposed', class_code: 'EQ', proposed_by: 'import', state: 'proposed' },
      { ref: 'B', class_status: null, class_code: null, proposed_by: null, state: null },
      { ref: 'C', class_status: null, class_code: null, proposed_by: null, state: null },
      { ref: 'D', class_status: 'proposed', class_code: 'GUC', proposed_by: 'import', state: 'proposed' },
    ]);
    // A's earlier approved record is kept as history
    expect(db.prepare("SELECT count(*) FROM classifications r JOIN claims c ON c.id = r.claim_id WHERE c.ref = 'A'").pluck().get()).toBe(2n);
    db.close();
  });

  it('keeps versions immutable except for one sign-off, and an overridden record needs a reason', () => {
    const db = openWrite(schema3File());
    expect(() => db.exec("UPDATE class_versions SET snapshot = '{}'")).toThrow(/never changes/);
    expect(() => db.exec('DELETE FROM class_versions')).toThrow(/kept for good/);
    db.exec("UPDATE class_versions SET signed_off_by = 'lee', signed_off_at = 't'");
    expect(() => db.exec("UPDATE class_versions SET signed_off_by = 'kim', signed_off_at = 't2'")).toThrow(/already signed off/);
    expect(() => db.exec("UPDATE classifications SET state = 'overridden', reviewer = 'kim', reviewed_at = 't' WHERE current = 1")).toThrow(/CHECK/);
    expect(() => db.exec("INSERT INTO classifications (claim_id, class_code, proposed_class, proposed_by, proposer, proposed_at, state) VALUES (3,'GUC','GUC','import','import','t','proposed')")).not.toThrow();
    // one current record per claim
    expect(() => db.exec("INSERT INTO classifications (claim_id, class_code, proposed_class, proposed_by, proposer, proposed_at, state) VALUES (3,'EQ','EQ','import','import','t','proposed')")).toThrow(/UNIQUE/);
    db.close();
  });

  it('gives a new case empty classification tables and no version until a ladder exists', () => {
    const db = openWrite(tmp(), { create: true });
    expect(db.prepare('SELECT count(*) FROM class_versions').pluck().get()).toBe(0n);
    expect(db.prepare('SELECT count(*) FROM classifications').pluck().get()).toBe(0n);
    db.close();
  });
});
