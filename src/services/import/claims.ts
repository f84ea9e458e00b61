/**
 * A claims file: each row is a claim, created or updated by its reference.
 * Values are computed at the petition-date price (spec §2); a claim that
 * names the claim it amends supersedes it; a class is recorded as proposed.
 */
import type Database from 'better-sqlite3';
import { appendAudit } from '../../store/audit.js';
import { claimValue } from '../../domain/valuation.js';
import { CLAIM_SOURCES, CLAIM_STATUSES, canTransition, transitionError, type ClaimSource, type ClaimStatus } from '../../domain/claims.js';
import { formatDecimal } from '../../money/index.js';
import type { CaseContext } from './context.js';
import { CreditorBook, own, readCreditorFields } from './creditors.js';
import type { Counts, RowReader } from './rows.js';
import { amount, assetCodeOf, choice, date, textOf, wholeNumber } from './values.js';
import { BulkInsert } from './bulk.js';
import { RefIndex } from './refindex.js';

interface ClaimRec {
  id: bigint;
  creditor_id: bigint;
  source: string;
  asset: string;
  asserted: string;
  allowed: string | null;
  status: string;
  secured_by: bigint | null;
  lien: bigint | null;
  setoff: string | null;
  reserve_estimate: string | null;
  filed_on: string | null;
  amends_id: bigint | null;
  class_code: string | null;
  class_status: string | null;
  notes: string | null;
  value_minor: bigint;
  late: bigint;
}
type Field = Exclude<keyof ClaimRec, 'id'>;
const COMPARED: Field[] = ['creditor_id', 'source', 'asset', 'asserted', 'allowed', 'status', 'secured_by', 'lien', 'setoff', 'reserve_estimate', 'filed_on', 'class_code', 'class_status', 'notes', 'value_minor', 'late'];

const CREDITOR_COLS = {
  name: 'creditor_name',
  type: 'creditor_type',
  kyc: 'kyc',
  jurisdiction: 'jurisdiction',
  email: 'email',
  address: 'address',
  tax_form: 'tax_form',
  tags: 'tags',
} as const;

const NO_ALIASES: Record<string, ClaimSource> = {};
const STATUS_ALIASES: Record<string, ClaimStatus> = { in_review: 'under_review', review: 'under_review', rejected: 'disallowed', admitted: 'allowed' };

interface PendingAmend {
  line: number;
  column: string;
  id: bigint;
  ref: string;
  target: string;
  state: 'new' | 'unchanged' | 'updated';
  prev: string | null;
}

const SELECT = 'SELECT id, creditor_id, source, asset, asserted, allowed, status, secured_by, lien, setoff, reserve_estimate, filed_on, amends_id, class_code, class_status, notes, value_minor, late FROM claims';

export class ClaimsImport {
  readonly counts: Counts = { rows: 0, new: 0, updated: 0, unchanged: 0 };
  private creditors: CreditorBook;
  private refs = new RefIndex();
  private pending: PendingAmend[] = [];
  private superseded = 0;
  private proposed = 0;
  private readonly emptyAtStart: boolean;
  private readonly cur: string;
  private get: Database.Statement;
  private insert: BulkInsert;
  private nextId: bigint;
  /** Claims amended by another claim before this import (read once, when first needed). */
  private amended: Set<bigint> | null = null;
  private setStatus: Database.Statement;
  private setAmends: Database.Statement;
  private refOf: Database.Statement;

  constructor(private readonly c: CaseContext) {
    const db = c.db;
    this.cur = `the case currency ${c.currency}`;
    this.creditors = new CreditorBook(c);
    // ids are given here so new claims can be written in bulk: the import holds the write lock
    this.nextId = (db.prepare('SELECT coalesce(max(id), 0) FROM claims').pluck().get() as bigint) + 1n;
    this.emptyAtStart = this.nextId === 1n;
    this.get = db.prepare(`${SELECT} WHERE ref = ?`);
    this.insert = new BulkInsert(
      db,
      'INSERT INTO claims (id, ref, creditor_id, source, asset, asserted, allowed, status, secured_by, lien, setoff, reserve_estimate, filed_on, amends_id, class_code, class_status, notes, value_minor, late, updated_at)',
      20,
    );
    this.setStatus = db.prepare('UPDATE claims SET status = ?, updated_at = ? WHERE id = ?');
    this.setAmends = db.prepare('UPDATE claims SET amends_id = ?, updated_at = ? WHERE id = ?');
    this.refOf = db.prepare('SELECT ref FROM claims WHERE id = ?').pluck();
  }

  row(r: RowReader): void {
    const c = this.c;
    this.counts.rows++;
    const ref = r.req('ref', 'Missing: every claim needs a reference', textOf, 120, 'reference');
    if (ref !== undefined) {
      const prev = this.refs.get(ref);
      if (prev !== undefined) r.bad('ref', `Duplicate reference: ${ref} is also on row ${prev}`);
      else this.refs.add(own(ref), r.line);
    }
    const creditorRef = r.req('creditor_ref', 'Missing: every claim needs its creditor reference', textOf, 120, 'creditor reference');
    const asset = r.req('asset', 'Missing: every claim needs an asset (USD, BTC…)', assetCodeOf);
    let scale: number | undefined;
    if (asset !== undefined) {
      scale = c.scales.get(asset);
      if (scale === undefined) r.bad('asset', `Unknown asset ${asset}; the case has ${[...c.scales.keys()].join(', ')} (add the asset first)`);
      else if (!c.prices.has(asset)) r.bad('asset', `No price for ${asset} on the petition date ${c.petitionDate}; import prices first`);
    }
    const what = asset ?? 'the asset';
    const asserted = scale === undefined ? undefined : r.req('amount', 'Missing: every claim needs the amount claimed', amount, scale, what);
    const allowed = scale === undefined ? undefined : r.opt('allowed_amount', amount, scale, what);
    const setoff = r.opt('setoff', amount, c.caseScale, this.cur);
    const reserve = r.opt('reserve_estimate', amount, c.caseScale, this.cur);
    const status = r.opt('status', choice<ClaimStatus>, CLAIM_STATUSES, 'status', STATUS_ALIASES);
    const source = r.opt('source', choice<ClaimSource>, CLAIM_SOURCES, 'source', NO_ALIASES);
    const klass = r.opt('class', textOf, 40, 'class code');
    if (klass !== undefined && c.classes.size > 0 && !c.classes.has(klass)) r.bad('class', `Unknown class code ${klass}; the case's classes are ${[...c.classes].join(', ')}`);
    const securedRef = r.opt('secured_by', textOf, 120, 'estate asset reference');
    const securedBy = securedRef === undefined ? undefined : c.estate.get(securedRef);
    if (securedRef !== undefined && securedBy === undefined) r.bad('secured_by', `No estate asset ${securedRef} in the case; secured_by names an asset record's reference`);
    const lien = r.opt('lien', wholeNumber, 1, 1000, 'a lien order');
    const amends = r.opt('amends', textOf, 120, 'amended claim reference');
    if (amends !== undefined && amends === ref) r.bad('amends', 'A claim cannot amend itself');
    const filedOn = r.opt('filed_on', date, r.date1904);
    const notes = r.opt('notes', textOf, 4000, 'note');
    const cf = readCreditorFields(r, CREDITOR_COLS);
    if (r.failed || ref === undefined || creditorRef === undefined || asset === undefined || asserted === undefined || scale === undefined) return;

    const creditorId = this.creditors.resolve(creditorRef, cf, r, CREDITOR_COLS, true);
    if (creditorId === undefined) return;
    const old = this.emptyAtStart ? undefined : (this.get.get(ref) as ClaimRec | undefined);
    const next: ClaimRec = old
      ? { ...old }
      : {
          id: 0n,
          creditor_id: creditorId,
          source: 'filed',
          asset,
          asserted: '',
          allowed: null,
          status: 'filed',
          secured_by: null,
          lien: null,
          setoff: null,
          reserve_estimate: null,
          filed_on: null,
          amends_id: null,
          class_code: null,
          class_status: null,
          notes: null,
          value_minor: 0n,
          late: 0n,
        };
    next.creditor_id = creditorId;
    next.asset = asset;
    next.asserted = asserted.toString();
    if (allowed !== undefined) next.allowed = allowed.toString();
    if (source !== undefined) next.source = source;
    if (securedBy !== undefined) next.secured_by = securedBy;
    if (lien !== undefined) next.lien = BigInt(lien);
    if (setoff !== undefined) next.setoff = setoff.toString();
    if (reserve !== undefined) next.reserve_estimate = reserve.toString();
    if (filedOn !== undefined) next.filed_on = filedOn;
    if (notes !== undefined) next.notes = notes;
    if (status !== undefined && status !== next.status) {
      if (!old) next.status = status;
      else if (!(old.status === 'superseded' && this.isAmendedBefore(old.id))) {
        const msg = transitionError(old.status as ClaimStatus, status);
        if (msg) return r.bad('status', `${ref}: ${msg}`);
        next.status = status;
      }
    }
    if (klass !== undefined && klass !== next.class_code) {
      if (old && (old.class_status === 'approved' || old.class_status === 'overridden')) {
        return r.bad('class', `${ref} is in class ${old.class_code}, ${old.class_status} in review; change its class in Classification, not by import`);
      }
      next.class_code = klass;
      next.class_status = 'proposed';
      this.proposed++;
    }
    // the file's values as numbers where given (next holds their text), else the stored ones
    const qty = allowed ?? (next.allowed !== null ? BigInt(next.allowed) : asserted);
    next.value_minor = claimValue(qty, scale, c.prices.get(asset)!, c.caseScale, setoff ?? (next.setoff !== null ? BigInt(next.setoff) : 0n));
    next.late = next.source === 'filed' && next.filed_on !== null && c.barDate !== null && next.filed_on > c.barDate ? 1n : 0n;

    let state: PendingAmend['state'];
    if (!old) {
      next.id = this.nextId++;
      this.insert.add([
        next.id, ref, next.creditor_id, next.source, next.asset, next.asserted, next.allowed, next.status, next.secured_by, next.lien, next.setoff,
        next.reserve_estimate, next.filed_on, null, next.class_code, next.class_status, next.notes, next.value_minor, next.late, c.at,
      ]);
      if (this.insert.full) this.flush();
      this.counts.new++;
      state = 'new';
    } else {
      const changed = COMPARED.filter((k) => next[k] !== old[k]);
      if (changed.length === 0) {
        this.counts.unchanged++;
        state = 'unchanged';
      } else {
        this.update(ref, old, next, changed);
        this.counts.updated++;
        state = 'updated';
      }
    }
    if (amends !== undefined) {
      const prev = old && old.amends_id !== null ? (this.refOf.get(old.amends_id) as string) : null;
      // resolved once every row is written: the amended claim may come later in the file
      if (prev !== amends) this.pending.push({ line: r.line, column: r.column('amends'), id: next.id, ref, target: amends, state, prev });
    }
  }

  private isAmendedBefore(id: bigint): boolean {
    this.amended ??= new Set(this.c.db.prepare('SELECT DISTINCT amends_id FROM claims WHERE amends_id IS NOT NULL').pluck().all() as bigint[]);
    return this.amended.has(id);
  }

  private view(k: Field, rec: ClaimRec): unknown {
    const v = rec[k];
    if (v === null) return null;
    const scale = this.c.scales.get(rec.asset) ?? 0;
    switch (k) {
      case 'asserted':
      case 'allowed':
        return formatDecimal(BigInt(v as string), scale);
      case 'setoff':
      case 'reserve_estimate':
        return formatDecimal(BigInt(v as string), this.c.caseScale);
      case 'value_minor':
        return formatDecimal(v as bigint, this.c.caseScale);
      default:
        return typeof v === 'bigint' ? v.toString() : v;
    }
  }

  private update(ref: string, old: ClaimRec, next: ClaimRec, changed: Field[]): void {
    const db = this.c.db;
    db.prepare(`UPDATE claims SET ${changed.map((k) => `${k} = ?`).join(', ')}, updated_at = ? WHERE id = ?`).run(...changed.map((k) => next[k]), this.c.at, old.id);
    const reason = `Imported from ${this.c.fileName}`;
    if (changed.includes('status')) {
      appendAudit(db, { actor: this.c.actor, action: 'claim.status', entity: 'claim', entityRef: ref, before: { status: old.status }, after: { status: next.status }, reason });
    }
    const rest = changed.filter((k) => k !== 'status');
    if (rest.length) {
      const before = Object.fromEntries(rest.map((k) => [k, this.view(k, old)]));
      const after = Object.fromEntries(rest.map((k) => [k, this.view(k, next)]));
      appendAudit(db, {
        actor: this.c.actor,
        action: 'claim.update',
        entity: 'claim',
        entityRef: ref,
        before,
        after,
        reason: rest.includes('class_code') ? `${reason}; class proposed by import` : reason,
      });
    }
  }

  /** Point the amending claim at its target and supersede the target; false when the target cannot be superseded. */
  private amend(p: PendingAmend): boolean {
    const db = this.c.db;
    const target = this.get.get(p.target) as ClaimRec | undefined;
    if (!target) return false;
    if (target.status !== 'superseded') {
      if (!canTransition(target.status as ClaimStatus, 'superseded')) {
        this.c.issues.add(p.line, p.column, `${p.ref} amends ${p.target}, which is ${target.status.replace('_', ' ')} and cannot be superseded`);
        return true;
      }
      this.setStatus.run('superseded', this.c.at, target.id);
      appendAudit(db, {
        actor: this.c.actor,
        action: 'claim.status',
        entity: 'claim',
        entityRef: p.target,
        before: { status: target.status },
        after: { status: 'superseded', amendedBy: p.ref },
        reason: `Amended by ${p.ref} (import of ${this.c.fileName})`,
      });
      this.superseded++;
    }
    this.setAmends.run(target.id, this.c.at, p.id);
    if (p.state === 'unchanged') {
      this.counts.unchanged--;
      this.counts.updated++;
    }
    if (p.state !== 'new') {
      appendAudit(db, { actor: this.c.actor, action: 'claim.update', entity: 'claim', entityRef: p.ref, before: { amends: p.prev }, after: { amends: p.target }, reason: `Imported from ${this.c.fileName}` });
    }
    return true;
  }

  private flush(): void {
    this.creditors.flush();
    this.insert.flush();
  }

  finish(): void {
    this.flush();
    for (const p of this.pending) {
      if (!this.amend(p)) this.c.issues.add(p.line, p.column, `Amended claim ${p.target} is not in the case or in this file`);
    }
    this.pending = [];
  }

  extra(): Record<string, unknown> {
    return { creditors: { new: this.creditors.counts.new, updated: this.creditors.counts.updated }, superseded: this.superseded, classesProposed: this.proposed };
  }
}
