/**
 * A prices file: asset, date, price (case currency per whole unit). A new or
 * changed petition-date price re-values every claim in that asset.
 */
import type Database from 'better-sqlite3';
import { appendAudit } from '../../store/audit.js';
import { claimValue } from '../../domain/valuation.js';
import { formatRatio, parseRatio, type Ratio } from '../../money/index.js';
import type { CaseContext } from './context.js';
import type { Counts, RowReader } from './rows.js';
import { assetCodeOf, date, price, textOf } from './values.js';

const sameRatio = (a: Ratio, b: Ratio) => a.num * b.den === b.num * a.den;

export class PricesImport {
  readonly counts: Counts = { rows: 0, new: 0, updated: 0, unchanged: 0 };
  private keys = new Map<string, number>();
  private revalue = new Map<string, Ratio>();
  private revalued = 0;
  private get: Database.Statement;
  private insert: Database.Statement;
  private update: Database.Statement;

  constructor(private readonly c: CaseContext) {
    this.get = c.db.prepare('SELECT price, source FROM prices WHERE asset = ? AND date = ?');
    this.insert = c.db.prepare('INSERT INTO prices (asset, date, price, source) VALUES (?, ?, ?, ?)');
    this.update = c.db.prepare('UPDATE prices SET price = ?, source = ? WHERE asset = ? AND date = ?');
  }

  row(r: RowReader): void {
    const c = this.c;
    this.counts.rows++;
    const asset = r.req('asset', 'Missing: every price needs its asset', assetCodeOf);
    if (asset !== undefined) {
      if (!c.scales.has(asset)) r.bad('asset', `Unknown asset ${asset}; the case has ${[...c.scales.keys()].join(', ')} (add the asset first)`);
      else if (asset === c.currency) r.bad('asset', `${asset} is the case currency: it is worth its quantity and takes no price`);
    }
    const day = r.req('date', 'Missing: every price needs its date (YYYY-MM-DD)', date, r.date1904);
    const p = r.req('price', 'Missing: every row needs a price', price);
    const source = r.opt('source', textOf, 200, 'source');
    if (asset !== undefined && day !== undefined) {
      const key = `${asset} ${day}`;
      const prev = this.keys.get(key);
      if (prev !== undefined) r.bad('date', `Duplicate price: ${asset} on ${day} is also on row ${prev}`);
      else this.keys.set(key, r.line);
    }
    if (r.failed || asset === undefined || day === undefined || p === undefined) return;
    const text = formatRatio(p);
    const old = this.get.get(asset, day) as { price: string; source: string | null } | undefined;
    if (!old) {
      this.insert.run(asset, day, text, source ?? null);
      this.counts.new++;
    } else {
      const samePrice = sameRatio(parseRatio(old.price), p);
      const sameSource = source === undefined || source === old.source;
      if (samePrice && sameSource) {
        this.counts.unchanged++;
        return;
      }
      this.update.run(samePrice ? old.price : text, source ?? old.source, asset, day);
      appendAudit(c.db, {
        actor: c.actor,
        action: 'price.update',
        entity: 'price',
        entityRef: `${asset} ${day}`,
        before: { price: old.price, source: old.source },
        after: { price: samePrice ? old.price : text, source: source ?? old.source },
        reason: `Imported from ${c.fileName}`,
      });
      this.counts.updated++;
      if (samePrice) return;
    }
    if (day === c.petitionDate) this.revalue.set(asset, p);
  }

  /** Re-value the claims of every asset whose petition-date price changed; one audit entry per asset. */
  finish(): void {
    const db = this.c.db;
    const page = db.prepare('SELECT id, asserted, allowed, setoff, value_minor FROM claims WHERE asset = ? AND id > ? ORDER BY id LIMIT 5000').raw();
    const set = db.prepare('UPDATE claims SET value_minor = ?, updated_at = ? WHERE id = ?');
    for (const [asset, p] of this.revalue) {
      const scale = this.c.scales.get(asset)!;
      const before = this.c.prices.get(asset);
      let last = 0n;
      let changed = 0;
      for (;;) {
        const rows = page.all(asset, last) as Array<[bigint, string, string | null, string | null, bigint]>;
        if (rows.length === 0) break;
        for (const [id, asserted, allowed, setoff, value] of rows) {
          const v = claimValue(BigInt(allowed ?? asserted), scale, p, this.c.caseScale, setoff !== null ? BigInt(setoff) : 0n);
          if (v !== value) {
            set.run(v, this.c.at, id);
            changed++;
          }
          last = id;
        }
      }
      this.c.prices.set(asset, p);
      if (changed > 0) {
        appendAudit(db, {
          actor: this.c.actor,
          action: 'claims.revalue',
          entity: 'claims',
          entityRef: asset,
          before: { price: before ? formatRatio(before) : null },
          after: { price: formatRatio(p), date: this.c.petitionDate, claims: changed },
          reason: `Petition-date price of ${asset} imported from ${this.c.fileName}`,
        });
      }
      this.revalued += changed;
    }
  }

  extra(): Record<string, unknown> {
    return { revalued: this.revalued };
  }
}
