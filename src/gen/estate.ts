/**
 * The demo estate's side of the ledger: the unit ledger of the generated
 * assets, the sales behind the realized and realizing ones, expenses of
 * administration, a holdback, marks and a segregated escrow. Fixed dates and
 * timestamps, so the same seed gives the same file.
 */
import { appendAudit } from '../store/audit.js';
import { tx, type WriteDb } from '../store/db.js';

const SALES = [
  // ref, date, quantity (asset minor units), currency, proceeds, costs (currency minor units), notes
  ['EA-004', '2026-01-12', null, 'USD', '1275000000', '0', 'Balance swept to the estate account'],
  ['EA-012', '2026-02-20', null, 'USD', '64915500', '65000', 'Converted to USD on the OKX institutional desk'],
  ['EA-006', '2026-05-14', '30000000000000', 'USD', '412800000', '825600', 'First tranche unstaked and sold OTC'],
] as const;

const EXPENSES = [
  ['2026-03-31', 'professional_fees', '185000000', 'Examiner & Partners LLP', 'Fees to 31 March 2026'],
  ['2026-04-30', 'custody', '4250000', 'Anchor Custody', 'Cold storage, January–April'],
  ['2026-05-31', 'legal', '61500000', 'Hartley Chambers', 'Freezing orders and recognition proceedings'],
  ['2026-06-15', 'other', '1280000', 'Companies Court', 'Filing and hearing fees'],
] as const;

const MARKS = [
  ['EA-001', '2026-01-31', '97850.25', 'Anchor Custody month-end statement'],
  ['EA-001', '2026-03-31', '88412.10', 'Anchor Custody quarter-end statement'],
  ['EA-009', '2026-06-30', '0.2', "Counsel's assessment of the clawback action"],
  ['EA-008', '2026-06-30', '0.5', 'Recoverability review of the affiliate loan'],
] as const;

export function seedEstate(db: WriteDb, at: string, actor: string): void {
  tx(db, () => {
    db.exec("UPDATE estate_assets SET registered = quantity WHERE registered = '0'");
    db.exec("UPDATE estate_assets SET written_off = quantity, quantity = '0' WHERE status = 'written_off'");
    const asset = db.prepare('SELECT id, quantity FROM estate_assets WHERE ref = ?');
    const sale = db.prepare(
      'INSERT INTO estate_realizations (asset_id, date, quantity, currency, proceeds, costs, notes, created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?)',
    );
    const held = db.prepare('UPDATE estate_assets SET quantity = ? WHERE id = ?');
    for (const [ref, date, qty, currency, proceeds, costs, notes] of SALES) {
      const a = asset.get(ref) as { id: bigint; quantity: string } | undefined;
      if (!a) continue;
      const q = qty ?? a.quantity;
      sale.run(a.id, date, q, currency, proceeds, costs, notes, at, actor);
      held.run((BigInt(a.quantity) - BigInt(q)).toString(), a.id);
      appendAudit(db, { actor, action: 'estate_asset.realize', entity: 'estate_asset', entityRef: ref, at, after: { date, quantity: q, currency, proceeds, costs }, reason: notes });
    }
    const exp = db.prepare("INSERT INTO estate_expenses (date, category, currency, amount, payee, memo, created_at, created_by) VALUES (?,?,'USD',?,?,?,?,?)");
    for (const [date, category, amount, payee, memo] of EXPENSES) {
      const id = exp.run(date, category, amount, payee, memo, at, actor).lastInsertRowid;
      appendAudit(db, { actor, action: 'estate.expense', entity: 'estate_expense', entityRef: `EXP-${id}`, at, after: { date, category, currency: 'USD', amount, payee } });
    }
    const reason = 'Clawback litigation against the former CFO, through trial';
    const hb = db.prepare("INSERT INTO estate_holdbacks (currency, amount, reason, created_at, created_by) VALUES ('USD', '250000000', ?, ?, ?)").run(reason, at, actor).lastInsertRowid;
    appendAudit(db, { actor, action: 'estate.holdback', entity: 'estate_holdback', entityRef: `HB-${hb}`, at, after: { currency: 'USD', amount: '2500000.00' }, reason });
    const mark = db.prepare("INSERT INTO estate_valuations (asset_id, date, price, origin, source, created_at, created_by) VALUES (?,?,?,'manual',?,?,?)");
    for (const [ref, date, price, source] of MARKS) {
      const a = asset.get(ref) as { id: bigint } | undefined;
      if (!a) continue;
      mark.run(a.id, date, price, source, at, actor);
      appendAudit(db, { actor, action: 'estate_asset.valuation', entity: 'estate_asset', entityRef: ref, at, after: { date, price, origin: 'manual', source } });
    }
    const escrow = asset.get('EA-005') as { id: bigint } | undefined;
    const owner = db.prepare("SELECT id, ref FROM creditors WHERE ref = 'CR-0000007'").get() as { id: bigint; ref: string } | undefined;
    if (escrow && owner) {
      db.prepare("INSERT INTO estate_segregated (asset_id, creditor_id, quantity, notes, created_at, created_by) VALUES (?, ?, '100000000', ?, ?, ?)").run(
        escrow.id,
        owner.id,
        'Client money in the escrow, held on trust',
        at,
        actor,
      );
      appendAudit(db, { actor, action: 'estate_asset.segregate', entity: 'estate_asset', entityRef: 'EA-005', at, after: { creditor: owner.ref, quantity: '1000000.00' }, reason: 'Escrow terms: held on trust for the client' });
    }
  });
}
