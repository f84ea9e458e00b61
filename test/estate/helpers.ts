/** A fresh case for estate tests, with prices, a creditor and a secured claim to work with. */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeCase, createCase, openCase, type OpenCase } from '../../src/services/case.js';

let template: string | null = null;

/** A fresh copy of the test case (built once per test file, then copied: creating a case file is slow). */
export function tmpCase(): OpenCase {
  if (!template) {
    const t = buildCase();
    template = t.path;
    closeCase(t);
  }
  const path = join(mkdtempSync(join(tmpdir(), 'recourse-estate-')), 'case.recourse');
  copyFileSync(template, path);
  return openCase(path);
}

function buildCase(): OpenCase {
  const dir = mkdtempSync(join(tmpdir(), 'recourse-estate-'));
  const c = createCase({ path: join(dir, 'case.recourse'), name: 'Estate test', currency: 'USD', petitionDate: '2025-11-14' }, 'tester');
  const db = c.db;
  const price = db.prepare('INSERT INTO prices (asset, date, price, source) VALUES (?,?,?,?)');
  price.run('BTC', '2025-11-14', '91234.56', 'petition close');
  price.run('BTC', '2026-03-31', '104500', 'quarter close');
  price.run('USDT', '2025-11-14', '0.9987', 'petition close');
  price.run('ETH', '2025-11-14', '3120.4455', 'petition close');
  db.prepare("INSERT INTO creditors (ref, name, name_key, type, updated_at) VALUES ('CR-1','Ada Lovelace','ada lovelace','individual','t')").run();
  db.prepare("INSERT INTO creditors (ref, name, name_key, type, updated_at) VALUES ('CR-2','Bank of Tests','bank tests','entity','t')").run();
  db.prepare("INSERT INTO claims (ref, creditor_id, asset, asserted, status, value_minor, updated_at) VALUES ('CL-1', 2, 'USD', '50000000', 'allowed', 50000000, 't')").run();
  db.prepare("INSERT INTO claims (ref, creditor_id, asset, asserted, status, value_minor, updated_at) VALUES ('CL-2', 1, 'USD', '1000000', 'filed', 1000000, 't')").run();
  return c;
}

/** The audit entries of one entity, oldest first. */
export function auditOf(c: OpenCase, entity: string, ref: string) {
  return c.db.prepare('SELECT action, actor, before, after, reason FROM audit WHERE entity = ? AND entity_ref = ? ORDER BY id').all(entity, ref) as Array<{
    action: string;
    actor: string;
    before: string | null;
    after: string | null;
    reason: string | null;
  }>;
}
