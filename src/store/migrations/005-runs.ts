import type { Migration } from './types.js';

/**
 * Distribution runs and loss allocations (issue #6, spec §4 and §7).
 *
 *  - runs: one row per run, its lifecycle (draft → approved → finalized, or
 *    discarded), its options, its input hash and its result (class summary,
 *    totals and the payments per currency; never per claim).
 *  - run_lines: one row per claim portion (claim × class) of a distribution
 *    run; amounts as minor-unit text in the case currency; `portion` keeps the
 *    engine's order of a claim's portions, `value` the part of the claim's
 *    value in that class, `status` the claim's status at the run.
 *  - run_inputs: the canonical serialization of a run's inputs, gzip'd;
 *    `recourse run verify` recomputes from it.
 *  - distributions_ledger(currency, amount): what finalized distribution runs
 *    paid, one row per run and currency (minor units as text): the case
 *    currency, and the units of any asset a class is paid in kind in.
 *
 * A finalized run, its lines and its input never change (triggers); a
 * discarded run keeps its row (history) and nothing else can change it.
 */
export const m005: Migration = {
  version: 5,
  name: 'runs',
  up: (db) => {
    db.exec(`
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        ref TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('distribution','loss')),
        date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        state TEXT NOT NULL CHECK (state IN ('draft','approved','finalized','discarded')),
        final INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0,1)),
        release TEXT NOT NULL DEFAULT '0',
        cumulative TEXT NOT NULL DEFAULT '0',
        de_minimis TEXT NOT NULL DEFAULT '0',
        options TEXT NOT NULL DEFAULT '{}',
        input_hash TEXT,
        result TEXT,
        merkle_root TEXT,
        drafted_by TEXT NOT NULL,
        drafted_at TEXT NOT NULL,
        approved_by TEXT,
        approved_at TEXT,
        finalized_by TEXT,
        finalized_at TEXT,
        discarded_by TEXT,
        discarded_at TEXT,
        discard_reason TEXT
      ) STRICT;
      CREATE INDEX runs_state ON runs(kind, state, id);

      CREATE TABLE run_lines (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        claim_ref TEXT NOT NULL,
        creditor_ref TEXT NOT NULL,
        class_code TEXT NOT NULL,
        portion INTEGER NOT NULL DEFAULT 0,
        status TEXT,
        secured INTEGER NOT NULL DEFAULT 0 CHECK (secured IN (0,1)),
        value TEXT,
        entitled TEXT NOT NULL,
        paid_before TEXT NOT NULL,
        paid TEXT NOT NULL,
        reserved TEXT NOT NULL,
        withheld TEXT NOT NULL,
        forfeited TEXT NOT NULL,
        receivable TEXT NOT NULL,
        in_kind_asset TEXT,
        in_kind_units TEXT,
        in_kind_cash TEXT,
        PRIMARY KEY (run_id, claim_ref, class_code)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE run_inputs (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id),
        format TEXT NOT NULL,
        input BLOB NOT NULL
      ) STRICT;

      CREATE TRIGGER runs_finalized_frozen BEFORE UPDATE ON runs WHEN OLD.state IN ('finalized','discarded')
        BEGIN SELECT RAISE(ABORT, 'A finalized or discarded run never changes; a correction is a new run'); END;
      CREATE TRIGGER runs_finalized_kept BEFORE DELETE ON runs WHEN OLD.state IN ('finalized','discarded')
        BEGIN SELECT RAISE(ABORT, 'A finalized or discarded run is never deleted'); END;
      CREATE TRIGGER run_lines_frozen BEFORE UPDATE ON run_lines
        WHEN (SELECT state FROM runs WHERE id = OLD.run_id) IN ('approved','finalized')
        BEGIN SELECT RAISE(ABORT, 'The lines of an approved or finalized run never change'); END;
      CREATE TRIGGER run_lines_kept BEFORE DELETE ON run_lines
        WHEN (SELECT state FROM runs WHERE id = OLD.run_id) IN ('approved','finalized')
        BEGIN SELECT RAISE(ABORT, 'The lines of an approved or finalized run are never deleted'); END;
      CREATE TRIGGER run_inputs_frozen BEFORE UPDATE ON run_inputs
        WHEN (SELECT state FROM runs WHERE id = OLD.run_id) IN ('approved','finalized')
        BEGIN SELECT RAISE(ABORT, 'The input of an approved or finalized run never changes'); END;
      CREATE TRIGGER run_inputs_kept BEFORE DELETE ON run_inputs
        WHEN (SELECT state FROM runs WHERE id = OLD.run_id) IN ('approved','finalized')
        BEGIN SELECT RAISE(ABORT, 'The input of an approved or finalized run is never deleted'); END;

      -- result.ledger: {"USD": "88000", "BTC": "1234"} — minor units paid per currency by the run
      CREATE VIEW distributions_ledger (currency, amount) AS
        SELECT j.key, CAST(j.value AS TEXT)
        FROM runs r, json_each(r.result, '$.ledger') j
        WHERE r.kind = 'distribution' AND r.state = 'finalized' AND r.result IS NOT NULL;
    `);
  },
};
