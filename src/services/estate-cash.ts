/**
 * The estate's cash, per currency, in minor units:
 *   cash      = proceeds − costs − expenses − distributed
 *   available = cash − holdbacks
 * proceeds and costs come from realizations (segregated property returned in
 * kind never produces cash), expenses from the expenses ledger, distributed
 * from the runs area's `distributions_ledger(currency, amount)` when it exists,
 * holdbacks from the active holdbacks the administrator keeps for future costs.
 */
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { tx, type WriteDb } from '../store/db.js';
import { count } from '../store/util.js';
import { EXPENSE_CATEGORIES, type ExpenseCategory } from '../domain/estate.js';
import { amountAt, caseCurrency, fmt, loadAsset, pastDate, relationExists, scaleOf, type Db } from './estate-common.js';

export interface EstateCashLine {
  proceeds: bigint;
  costs: bigint;
  expenses: bigint;
  distributed: bigint;
  cash: bigint;
  holdbacks: bigint;
  available: bigint;
}

const zero = (): EstateCashLine => ({ proceeds: 0n, costs: 0n, expenses: 0n, distributed: 0n, cash: 0n, holdbacks: 0n, available: 0n });

/** Whether distribution payments are being read (the runs area's ledger exists). */
export function distributionsTracked(db: Db): boolean {
  return relationExists(db, 'distributions_ledger');
}

const minor = (t: string): bigint => {
  if (!/^-?\d+$/.test(t)) throw new AppError('case_corrupt', `The estate ledger holds "${t}" where a whole number of minor units belongs`);
  return BigInt(t);
};

/** Cash per currency; the case currency is always present. */
export function estateCash(db: Db): Record<string, EstateCashLine> {
  const out: Record<string, EstateCashLine> = {};
  const line = (c: string) => (out[c] ??= zero());
  line(caseCurrency(db).code);
  const add = (sql: string, apply: (l: EstateCashLine, a: bigint, b: bigint) => void) => {
    for (const [c, a, b] of db.prepare(sql).raw().all() as Array<[string, string, string | null]>) apply(line(c), minor(a), b === null ? 0n : minor(b));
  };
  add('SELECT currency, proceeds, costs FROM estate_realizations WHERE voided_at IS NULL', (l, p, c) => {
    l.proceeds += p;
    l.costs += c;
  });
  add('SELECT currency, amount, NULL FROM estate_expenses WHERE voided_at IS NULL', (l, a) => {
    l.expenses += a;
  });
  add("SELECT currency, amount, NULL FROM estate_holdbacks WHERE status = 'active'", (l, a) => {
    l.holdbacks += a;
  });
  if (distributionsTracked(db)) {
    add('SELECT currency, CAST(amount AS TEXT), NULL FROM distributions_ledger', (l, a) => {
      l.distributed += a;
    });
  }
  for (const l of Object.values(out)) {
    l.cash = l.proceeds - l.costs - l.expenses - l.distributed;
    l.available = l.cash - l.holdbacks;
  }
  return out;
}

/* ---- expenses of administration ---- */

export interface NewExpense {
  date: string;
  category: ExpenseCategory;
  currency: string;
  amount: string;
  payee: string;
  memo?: string | undefined;
  /** The asset the cost relates to (custody of a wallet, say), optional. */
  assetRef?: string | undefined;
}

export interface ExpenseView {
  id: number;
  date: string;
  category: ExpenseCategory;
  currency: string;
  scale: number;
  amount: bigint;
  payee: string;
  memo: string | null;
  assetRef: string | null;
  createdBy: string;
  voided: { at: string; by: string; reason: string } | null;
}

export function addExpense(db: WriteDb, actor: string, e: NewExpense): number {
  return tx(db, () => {
    if (!EXPENSE_CATEGORIES.includes(e.category)) throw new AppError('invalid_args', `Unknown category ${e.category}; use one of ${EXPENSE_CATEGORIES.join(', ')}`);
    const scale = scaleOf(db, e.currency);
    const amount = amountAt(e.amount, scale, 'Amount', { positive: true });
    pastDate(e.date, 'The expense date');
    if (!e.payee.trim()) throw new AppError('invalid_args', 'An expense needs a payee');
    const assetId = e.assetRef ? loadAsset(db, e.assetRef).id : null;
    const at = new Date().toISOString();
    const id = count(
      db
        .prepare('INSERT INTO estate_expenses (date, category, currency, amount, payee, memo, asset_id, created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?)')
        .run(e.date, e.category, e.currency, amount.toString(), e.payee.trim(), e.memo?.trim() || null, assetId, at, actor).lastInsertRowid,
    );
    appendAudit(db, {
      actor,
      action: 'estate.expense',
      entity: 'estate_expense',
      entityRef: `EXP-${id}`,
      at,
      after: { date: e.date, category: e.category, currency: e.currency, amount: fmt(amount, scale), payee: e.payee.trim(), memo: e.memo?.trim() || null, asset: e.assetRef ?? null },
    });
    return id;
  });
}

export function voidExpense(db: WriteDb, actor: string, id: number, reason: string): void {
  tx(db, () => {
    const r = db.prepare('SELECT date, category, currency, amount, payee, voided_at FROM estate_expenses WHERE id = ?').get(id) as
      | { date: string; category: string; currency: string; amount: string; payee: string; voided_at: string | null }
      | undefined;
    if (!r) throw new AppError('not_found', `No expense with id ${id}`);
    if (r.voided_at) throw new AppError('invalid_state', `Expense EXP-${id} is already void`);
    const at = new Date().toISOString();
    db.prepare('UPDATE estate_expenses SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?').run(at, actor, reason, id);
    const { voided_at: _v, ...before } = r;
    appendAudit(db, { actor, action: 'estate.expense_void', entity: 'estate_expense', entityRef: `EXP-${id}`, at, before: { ...before, amount: fmt(BigInt(r.amount), scaleOf(db, r.currency)) }, reason });
  });
}

export function listExpenses(db: Db): ExpenseView[] {
  const rows = db
    .prepare(
      `SELECT x.id, x.date, x.category, x.currency, s.scale, x.amount, x.payee, x.memo, e.ref AS asset_ref, x.created_by, x.voided_at, x.voided_by, x.void_reason
       FROM estate_expenses x JOIN assets s ON s.code = x.currency LEFT JOIN estate_assets e ON e.id = x.asset_id ORDER BY x.date DESC, x.id DESC`,
    )
    .all() as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    id: count(r.id),
    date: r.date as string,
    category: r.category as ExpenseCategory,
    currency: r.currency as string,
    scale: count(r.scale),
    amount: BigInt(r.amount as string),
    payee: r.payee as string,
    memo: (r.memo as string | null) ?? null,
    assetRef: (r.asset_ref as string | null) ?? null,
    createdBy: r.created_by as string,
    voided: r.voided_at ? { at: r.voided_at as string, by: r.voided_by as string, reason: r.void_reason as string } : null,
  }));
}

/* ---- holdbacks ---- */

export interface HoldbackView {
  id: number;
  currency: string;
  scale: number;
  amount: bigint;
  reason: string;
  status: 'active' | 'released';
  createdAt: string;
  createdBy: string;
  released: { at: string; by: string; reason: string } | null;
}

export function addHoldback(db: WriteDb, actor: string, currency: string, amountText: string, reason: string): number {
  return tx(db, () => {
    const scale = scaleOf(db, currency);
    const amount = amountAt(amountText, scale, 'Amount held back', { positive: true });
    const at = new Date().toISOString();
    const id = count(
      db.prepare('INSERT INTO estate_holdbacks (currency, amount, reason, created_at, created_by) VALUES (?,?,?,?,?)').run(currency, amount.toString(), reason, at, actor)
        .lastInsertRowid,
    );
    appendAudit(db, { actor, action: 'estate.holdback', entity: 'estate_holdback', entityRef: `HB-${id}`, at, after: { currency, amount: fmt(amount, scale) }, reason });
    return id;
  });
}

export function releaseHoldback(db: WriteDb, actor: string, id: number, reason: string): void {
  tx(db, () => {
    const r = db.prepare('SELECT currency, amount, reason, status FROM estate_holdbacks WHERE id = ?').get(id) as
      | { currency: string; amount: string; reason: string; status: string }
      | undefined;
    if (!r) throw new AppError('not_found', `No holdback with id ${id}`);
    if (r.status === 'released') throw new AppError('invalid_state', `Holdback HB-${id} is already released`);
    const at = new Date().toISOString();
    db.prepare("UPDATE estate_holdbacks SET status = 'released', released_at = ?, released_by = ?, release_reason = ? WHERE id = ?").run(at, actor, reason, id);
    appendAudit(db, {
      actor,
      action: 'estate.holdback_release',
      entity: 'estate_holdback',
      entityRef: `HB-${id}`,
      at,
      before: { currency: r.currency, amount: fmt(BigInt(r.amount), scaleOf(db, r.currency)), reason: r.reason },
      reason,
    });
  });
}

export function listHoldbacks(db: Db): HoldbackView[] {
  const rows = db
    .prepare(
      `SELECT h.id, h.currency, s.scale, h.amount, h.reason, h.status, h.created_at, h.created_by, h.released_at, h.released_by, h.release_reason
       FROM estate_holdbacks h JOIN assets s ON s.code = h.currency ORDER BY h.status, h.id DESC`,
    )
    .all() as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    id: count(r.id),
    currency: r.currency as string,
    scale: count(r.scale),
    amount: BigInt(r.amount as string),
    reason: r.reason as string,
    status: r.status as 'active' | 'released',
    createdAt: r.created_at as string,
    createdBy: r.created_by as string,
    released: r.released_at ? { at: r.released_at as string, by: r.released_by as string, reason: r.release_reason as string } : null,
  }));
}
