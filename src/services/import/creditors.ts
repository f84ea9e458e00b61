/**
 * Creditors met in an import: looked up once, created when absent (a name is
 * needed), updated when the file gives other details (audited per creditor).
 * Within one claims file every row of a creditor must agree on its details.
 */
import type Database from 'better-sqlite3';
import { appendAudit } from '../../store/audit.js';
import { normaliseName } from '../../domain/names.js';
import { CREDITOR_TYPES, KYC_STATES, type CreditorType, type KycState } from '../../domain/claims.js';
import type { CaseContext } from './context.js';
import type { Counts } from './rows.js';
import { RowReader } from './rows.js';
import { choice, textOf, yesNo } from './values.js';
import { BulkInsert } from './bulk.js';
import { RefIndex } from './refindex.js';

export interface CreditorFields {
  name?: string | undefined;
  type?: CreditorType | undefined;
  kyc?: KycState | undefined;
  jurisdiction?: string | undefined;
  email?: string | undefined;
  address?: string | undefined;
  tax_form?: 0 | 1 | undefined;
  tags?: string | undefined;
}
type Key = keyof CreditorFields;
const KEYS: Key[] = ['name', 'type', 'kyc', 'jurisdiction', 'email', 'address', 'tax_form', 'tags'];

const nameKeys = new Map<string, string>();

/** normaliseName, remembered for names met again (common names repeat across a ledger). */
function nameKey(name: string): string {
  let k = nameKeys.get(name);
  if (k === undefined) {
    k = normaliseName(name);
    if (nameKeys.size >= 50_000) nameKeys.clear();
    nameKeys.set(own(name), k);
  }
  return k;
}

/** A copy of a string that does not keep alive the (much larger) text it was cut from. */
export function own(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}

/** cyrb53: a 53-bit hash of a string (fields of creditors met earlier in a file are kept as hashes, not text). */
function hash53(str: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0) + 1;
}

/** Per-creditor memory of a claims file, in flat arrays: id, and per detail the hash and row of its first value. */
class Seen {
  size = 0;
  ids = new Float64Array(1024);
  hashes = new Float64Array(1024 * 8);
  lines = new Int32Array(1024 * 8);

  add(id: bigint): number {
    if (this.size === this.ids.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.ids = grow(this.ids);
      this.hashes = grow(this.hashes);
      this.lines = grow(this.lines);
    }
    this.ids[this.size] = Number(id);
    return this.size++;
  }
}

const NO_TYPE_ALIASES: Record<string, CreditorType> = {};
const KYC_ALIASES: Record<string, KycState> = { notstarted: 'not_started', none: 'not_started', done: 'verified', ok: 'verified' };

/** Read the creditor detail fields of a row (field names differ between a claims and a creditors file). */
export function readCreditorFields(r: RowReader, names: Record<Key, string>): CreditorFields {
  const email = r.opt(names.email, textOf, 254, 'email');
  if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) r.bad(names.email, `"${email}" is not an email address`);
  return {
    name: r.opt(names.name, textOf, 200, 'name'),
    type: r.opt(names.type, choice<CreditorType>, CREDITOR_TYPES, 'creditor type', NO_TYPE_ALIASES),
    kyc: r.opt(names.kyc, choice<KycState>, KYC_STATES, 'KYC state', KYC_ALIASES),
    jurisdiction: r.opt(names.jurisdiction, textOf, 100, 'jurisdiction'),
    email,
    address: r.opt(names.address, textOf, 1000, 'address'),
    tax_form: r.opt(names.tax_form, yesNo),
    tags: r.opt(names.tags, textOf, 500, 'tags'),
  };
}

interface DbCreditor extends Omit<CreditorFields, 'tax_form'> {
  id: bigint;
  tax_form: bigint | number;
}

export class CreditorBook {
  /** Claims files: creditor ref → slot in `seen`. */
  private known = new RefIndex();
  private seen = new Seen();
  private updatedIds = new Set<bigint>();
  readonly counts: Counts = { rows: 0, new: 0, updated: 0, unchanged: 0 };
  private get: Database.Statement;
  private byId: Database.Statement;
  private insert: BulkInsert;
  private nextId: bigint;
  private readonly emptyAtStart: boolean;

  constructor(private readonly c: CaseContext) {
    const cols = 'id, name, type, kyc, jurisdiction, email, address, tax_form, tags';
    this.get = c.db.prepare(`SELECT ${cols} FROM creditors WHERE ref = ?`);
    this.byId = c.db.prepare(`SELECT ${cols} FROM creditors WHERE id = ?`);
    // ids are given here, so new creditors can be written in bulk: the import holds the write lock
    this.nextId = (c.db.prepare('SELECT coalesce(max(id), 0) FROM creditors').pluck().get() as bigint) + 1n;
    this.emptyAtStart = this.nextId === 1n;
    this.insert = new BulkInsert(c.db, 'INSERT INTO creditors (id, ref, name, name_key, type, address, email, jurisdiction, kyc, tax_form, tags, updated_at)', 12);
  }

  /** Write the creditors created so far (before claims that point at them). */
  flush(): void {
    this.insert.flush();
  }

  get full(): boolean {
    return this.insert.full;
  }

  private current(id: bigint): CreditorFields {
    this.flush();
    const row = this.byId.get(id) as DbCreditor;
    return { ...row, tax_form: Number(row.tax_form) as 0 | 1 };
  }

  /** Apply the details in `given` that differ from `db` (audited); false when nothing changed. */
  private update(ref: string, id: bigint, db: CreditorFields, given: CreditorFields, keys: readonly Key[]): boolean {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const key of keys) {
      const v = given[key];
      if (v !== undefined && v !== (db[key] ?? undefined)) {
        before[key] = db[key] ?? null;
        after[key] = v;
      }
    }
    const changed = Object.keys(after);
    if (!changed.length) return false;
    this.flush();
    const sets = changed.map((x) => `${x} = ?`);
    const vals = changed.map((x) => after[x] as string | number);
    if (after.name !== undefined) {
      sets.push('name_key = ?');
      vals.push(nameKey(after.name as string));
    }
    this.c.db.prepare(`UPDATE creditors SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`).run(...vals, this.c.at, id);
    appendAudit(this.c.db, { actor: this.c.actor, action: 'creditor.update', entity: 'creditor', entityRef: ref, before, after, reason: `Imported from ${this.c.fileName}` });
    if (!this.updatedIds.has(id)) {
      this.updatedIds.add(id);
      this.counts.updated++;
    }
    return true;
  }

  /** A creditor met before in this claims file: its details must agree with the ones given first; new details are applied. */
  private again(ref: string, slot: number, given: CreditorFields, r: RowReader, names: Record<Key, string>): bigint | undefined {
    const s = this.seen;
    const id = BigInt(s.ids[slot]!);
    let fresh: Key[] | null = null;
    let stored: CreditorFields | null = null;
    for (let i = 0; i < KEYS.length; i++) {
      const key = KEYS[i]!;
      const v = given[key];
      if (v === undefined) continue;
      const h = hash53(String(v));
      const at = slot * 8 + i;
      const first = s.hashes[at]!;
      if (first === 0) {
        s.hashes[at] = h;
        s.lines[at] = r.line;
        (fresh ??= []).push(key);
      } else if (first !== h) {
        stored ??= this.current(id);
        r.bad(names[key], `Creditor ${ref} has ${key.replace('_', ' ')} "${stored[key] ?? ''}" on row ${s.lines[at]}; this row says "${v}"`);
      }
    }
    if (r.failed) return undefined;
    if (fresh) this.update(ref, id, stored ?? this.current(id), given, fresh);
    return id;
  }

  private remember(ref: string, id: bigint, given: CreditorFields, line: number): void {
    const slot = this.seen.add(id);
    for (let i = 0; i < KEYS.length; i++) {
      const v = given[KEYS[i]!];
      if (v === undefined) continue;
      this.seen.hashes[slot * 8 + i] = hash53(String(v));
      this.seen.lines[slot * 8 + i] = line;
    }
    this.known.add(own(ref), slot);
  }

  /**
   * The creditor's id, creating or updating it from `given`; undefined when the
   * row cannot be used (the problem is recorded). `consistent`: rows of the
   * same creditor must agree (claims files).
   */
  resolve(ref: string, given: CreditorFields, r: RowReader, names: Record<Key, string>, consistent: boolean): bigint | undefined {
    if (consistent) {
      const slot = this.known.get(ref);
      if (slot !== undefined) return this.again(ref, slot, given, r, names);
    }
    if (r.failed) return undefined;
    const row = this.emptyAtStart ? undefined : (this.get.get(ref) as DbCreditor | undefined);
    let id: bigint;
    if (!row) {
      if (!given.name) {
        r.bad(names.name, `Creditor ${ref} is not in the case; give its name to create it`);
        return undefined;
      }
      id = this.nextId++;
      this.insert.add([
        id, ref, given.name, nameKey(given.name), given.type ?? 'individual', given.address ?? null, given.email ?? null, given.jurisdiction ?? null,
        given.kyc ?? 'not_started', given.tax_form ?? 0, given.tags ?? null, this.c.at,
      ]);
      this.counts.new++;
    } else {
      id = row.id;
      const db: CreditorFields = { ...row, tax_form: Number(row.tax_form) as 0 | 1 };
      if (!this.update(ref, id, db, given, KEYS) && !consistent) this.counts.unchanged++;
    }
    if (consistent) this.remember(ref, id, given, r.line);
    return id;
  }
}

const CREDITOR_FILE_NAMES: Record<Key, string> = {
  name: 'name',
  type: 'type',
  kyc: 'kyc',
  jurisdiction: 'jurisdiction',
  email: 'email',
  address: 'address',
  tax_form: 'tax_form',
  tags: 'tags',
};

/** A creditors file: one row per creditor. */
export class CreditorsImport {
  private book: CreditorBook;
  private refs = new RefIndex();
  readonly counts: Counts;

  constructor(c: CaseContext) {
    this.book = new CreditorBook(c);
    this.counts = this.book.counts;
  }

  row(r: RowReader): void {
    this.counts.rows++;
    const ref = r.req('ref', 'Missing: every creditor needs a reference', textOf, 120, 'reference');
    if (ref !== undefined) {
      const prev = this.refs.get(ref);
      if (prev !== undefined) r.bad('ref', `Duplicate reference: ${ref} is also on row ${prev}`);
      else this.refs.add(own(ref), r.line);
    }
    const given = readCreditorFields(r, CREDITOR_FILE_NAMES);
    if (r.failed || ref === undefined) return;
    this.book.resolve(ref, given, r, CREDITOR_FILE_NAMES, false);
    if (this.book.full) this.book.flush();
  }

  finish(): void {
    this.book.flush();
  }

  extra(): Record<string, unknown> {
    return {};
  }
}
