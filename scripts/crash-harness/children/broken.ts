// A deliberately wrong writer, for the harness's self-test: claims go in one by one outside a
// transaction, and batches are reported before they are written. The checks must catch it.
import { openWrite } from '../../../src/store/db.js';
import { appendAudit } from '../../../src/store/audit.js';
import { arg, say, token } from './common.js';

const db = openWrite(arg(0));
say('READY');
for (let n = 1; n < 1_000_000; n++) {
  const tok = token(arg(1), n, 40);
  say(`COMMITTED ${tok}`);
  const cred = db.prepare("INSERT INTO creditors (ref, name, name_key, type, updated_at) VALUES (?, ?, ?, 'individual', 't')").run(`${tok}-C`, tok, tok).lastInsertRowid;
  for (let i = 0; i < 40; i++) {
    db.prepare("INSERT INTO claims (ref, creditor_id, asset, asserted, status, notes, updated_at) VALUES (?, ?, 'USD', '1', 'filed', ?, 't')").run(`${tok}-${i}`, cred, tok);
  }
  db.transaction(() => appendAudit(db as never, { actor: 'broken', action: 'claims.batch', entity: 'claims', entityRef: tok }))();
}
