import type { Migration } from './types.js';
import { ensureBaseline } from '../ladder-versions.js';

/**
 * Classification (issue #5): ladder versions, classification rules and the
 * per-claim classification records with their legal review.
 *
 * claims.class_code / claims.class_status stay the summary other areas read:
 * the class of the claim's current record and its state. A class written
 * straight into claims (the claims import's `class` column, the generator) is
 * recorded by trigger as proposed by 'import'.
 */
export const m004: Migration = {
  version: 4,
  name: 'classification',
  up: (db) => {
    db.exec(`
      -- every change of the ladder or the rules: the whole ladder and rule list as canonical JSON
      CREATE TABLE class_versions (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        author TEXT NOT NULL,
        summary TEXT NOT NULL,
        snapshot TEXT NOT NULL,
        hash TEXT NOT NULL,
        signed_off_by TEXT,
        signed_off_at TEXT,
        CHECK ((signed_off_by IS NULL) = (signed_off_at IS NULL))
      ) STRICT;
      CREATE TRIGGER class_versions_frozen BEFORE UPDATE OF id, at, author, summary, snapshot, hash ON class_versions
        BEGIN SELECT RAISE(ABORT, 'a ladder version never changes; a change makes a new version'); END;
      CREATE TRIGGER class_versions_signed BEFORE UPDATE OF signed_off_by, signed_off_at ON class_versions
        WHEN OLD.signed_off_by IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'this ladder version is already signed off'); END;
      CREATE TRIGGER class_versions_no_delete BEFORE DELETE ON class_versions
        BEGIN SELECT RAISE(ABORT, 'ladder versions are kept for good'); END;

      -- ordered rules; conditions: JSON (value bounds in case-currency minor units as text).
      -- AUTOINCREMENT: an id is never reused, so 'rule:<id>' in a record always names the same rule.
      CREATE TABLE class_rules (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        class_code TEXT NOT NULL REFERENCES classes(code),
        conditions TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      -- one record per proposal of a class for a claim, with its review; current = 1 marks the claim's present one.
      -- proposed_by: 'import', 'rule:<id>' or a person; proposer: the person accountable (who ran the rules or
      -- the import; 'import' when not known). class_code: the class the record puts the claim in (the reviewer's
      -- class when overridden); proposed_class: the class proposed.
      CREATE TABLE classifications (
        id INTEGER PRIMARY KEY,
        claim_id INTEGER NOT NULL REFERENCES claims(id),
        class_code TEXT NOT NULL,
        proposed_class TEXT NOT NULL,
        proposed_by TEXT NOT NULL,
        proposer TEXT NOT NULL,
        proposed_at TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('proposed','approved','overridden')),
        reviewer TEXT,
        reviewed_at TEXT,
        reason TEXT,
        citation TEXT,
        version INTEGER REFERENCES class_versions(id),
        current INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0,1)),
        CHECK ((state = 'proposed') = (reviewer IS NULL)),
        CHECK (state <> 'overridden' OR reason IS NOT NULL)
      ) STRICT;
      CREATE UNIQUE INDEX classifications_current ON classifications(claim_id) WHERE current = 1;
      CREATE INDEX classifications_claim ON classifications(claim_id, id);
      CREATE INDEX classifications_pending ON classifications(proposer) WHERE current = 1 AND state = 'proposed';
      -- the few claims a person proposed a class for by hand: rules leave them alone
      CREATE INDEX classifications_manual ON classifications(claim_id)
        WHERE current = 1 AND proposed_by <> 'import' AND proposed_by NOT LIKE 'rule:%';
    `);

    ensureBaseline(db);

    // Classes already on claims become records proposed by the import (approved ones as approved in the data).
    db.exec(`
      INSERT INTO classifications (claim_id, class_code, proposed_class, proposed_by, proposer, proposed_at, state, reviewer, reviewed_at, reason, version, current)
      SELECT id, class_code, class_code, 'import', 'import', updated_at,
             CASE WHEN class_status = 'approved' THEN 'approved' ELSE 'proposed' END,
             CASE WHEN class_status = 'approved' THEN 'import' END,
             CASE WHEN class_status = 'approved' THEN updated_at END,
             NULL,
             (SELECT max(id) FROM class_versions), 1
      FROM claims WHERE class_code IS NOT NULL;
      UPDATE claims SET class_status = 'proposed' WHERE class_code IS NOT NULL AND (class_status IS NULL OR class_status = 'overridden');
      UPDATE claims SET class_status = NULL WHERE class_code IS NULL AND class_status IS NOT NULL;
    `);

    db.exec(`
      CREATE TRIGGER claims_class_on_insert AFTER INSERT ON claims
      WHEN NEW.class_code IS NOT NULL
      BEGIN
        INSERT INTO classifications (claim_id, class_code, proposed_class, proposed_by, proposer, proposed_at, state, reviewer, reviewed_at, version, current)
        VALUES (NEW.id, NEW.class_code, NEW.class_code, 'import', 'import', NEW.updated_at,
                CASE WHEN NEW.class_status = 'approved' THEN 'approved' ELSE 'proposed' END,
                CASE WHEN NEW.class_status = 'approved' THEN 'import' END,
                CASE WHEN NEW.class_status = 'approved' THEN NEW.updated_at END,
                (SELECT max(id) FROM class_versions), 1);
      END;
      CREATE TRIGGER claims_class_on_update AFTER UPDATE OF class_code ON claims
      WHEN NEW.class_code IS NOT NULL AND NEW.class_code IS NOT OLD.class_code
        AND NOT EXISTS (SELECT 1 FROM classifications WHERE claim_id = NEW.id AND current = 1 AND class_code = NEW.class_code)
      BEGIN
        UPDATE classifications SET current = 0 WHERE claim_id = NEW.id AND current = 1;
        INSERT INTO classifications (claim_id, class_code, proposed_class, proposed_by, proposer, proposed_at, state, version, current)
        VALUES (NEW.id, NEW.class_code, NEW.class_code, 'import', 'import', NEW.updated_at, 'proposed', (SELECT max(id) FROM class_versions), 1);
        UPDATE claims SET class_status = 'proposed' WHERE id = NEW.id AND class_status IS NOT 'proposed';
      END;
      CREATE TRIGGER claims_class_on_clear AFTER UPDATE OF class_code ON claims
      WHEN NEW.class_code IS NULL AND OLD.class_code IS NOT NULL
      BEGIN
        UPDATE classifications SET current = 0 WHERE claim_id = NEW.id AND current = 1;
      END;
    `);
  },
};
