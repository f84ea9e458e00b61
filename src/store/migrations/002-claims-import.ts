import type { Migration } from './types.js';

/**
 * Claims register and imports: duplicate reviews, claim tags and the late flag,
 * a filed-date index, saved import mappings and the log of imports.
 */
export const m002: Migration = {
  version: 2,
  name: 'claims-import',
  up: (db) => {
    db.exec(`
      ALTER TABLE claims ADD COLUMN tags TEXT;
      ALTER TABLE claims ADD COLUMN late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0,1));
      CREATE INDEX claims_filed_on ON claims(filed_on);

      -- a reviewer's decision on a duplicate candidate pair
      CREATE TABLE duplicate_reviews (
        id INTEGER PRIMARY KEY,
        claim_id INTEGER NOT NULL REFERENCES claims(id),
        candidate_id INTEGER NOT NULL REFERENCES claims(id),
        state TEXT NOT NULL CHECK (state IN ('confirmed','dismissed')),
        reviewer TEXT NOT NULL,
        at TEXT NOT NULL,
        reason TEXT,
        UNIQUE (claim_id, candidate_id)
      ) STRICT;
      CREATE INDEX duplicate_reviews_candidate ON duplicate_reviews(candidate_id);

      -- a column mapping saved by name: mapping is JSON {"column in file": "field"}
      CREATE TABLE saved_mappings (
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('claims','creditors','prices')),
        mapping TEXT NOT NULL,
        PRIMARY KEY (name, kind)
      ) STRICT;

      -- every committed import, with the file's hash and what it changed
      CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('claims','creditors','prices')),
        file_name TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        rows INTEGER NOT NULL,
        new INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX imports_sha ON imports(file_sha256);
    `);
  },
};
