/**
 * Buffered multi-row INSERTs. One statement execution per row costs more than
 * the row itself once a table has many indexes and triggers; a statement of a
 * few hundred rows amortises that. Rows are written in the order added.
 */
import type Database from 'better-sqlite3';
import type { WriteDb } from '../../store/db.js';

export class BulkInsert {
  private rows: unknown[][] = [];
  private flat: unknown[];
  private readonly width: number;
  private readonly stmts = new Map<number, Database.Statement>();

  constructor(
    private readonly db: WriteDb,
    private readonly sqlHead: string,
    columns: number,
    private readonly perStatement = 200,
    private readonly flushAt = 2000,
  ) {
    this.width = columns;
    this.flat = new Array<unknown>(perStatement * columns);
  }

  get pending(): number {
    return this.rows.length;
  }

  private stmt(rows: number): Database.Statement {
    let s = this.stmts.get(rows);
    if (!s) {
      const one = `(${new Array(this.width).fill('?').join(',')})`;
      s = this.db.prepare(`${this.sqlHead} VALUES ${new Array(rows).fill(one).join(',')}`);
      this.stmts.set(rows, s);
    }
    return s;
  }

  /** Queue one row (exactly `columns` values). */
  add(values: unknown[]): void {
    this.rows.push(values);
  }

  get full(): boolean {
    return this.rows.length >= this.flushAt;
  }

  flush(): void {
    const rows = this.rows;
    const w = this.width;
    const per = this.perStatement;
    let at = 0;
    while (at < rows.length) {
      const k = Math.min(per, rows.length - at);
      const flat = k === per ? this.flat : new Array<unknown>(k * w);
      for (let r = 0; r < k; r++) {
        const row = rows[at + r]!;
        for (let c = 0; c < w; c++) flat[r * w + c] = row[c];
      }
      this.stmt(k).run(flat);
      at += k;
    }
    this.rows = [];
  }
}
