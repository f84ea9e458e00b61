import { randomBytes } from 'node:crypto';
import type { Migration } from './types.js';

/**
 * Exports and notices (issue #7): the log of generated notices (one row per
 * PDF: which run, creditor and claim, its file name and SHA-256), and two
 * case settings: the proof secret that salts each creditor's leaves in a
 * run's Merkle tree (docs/proof-format.md), and the objection period in days.
 * Letterhead, payment method and a fixed objection deadline are optional
 * case_meta keys (letterhead_name, letterhead_address, letterhead_contact,
 * payment_method, objection_deadline) with defaults when absent.
 */
export const m006: Migration = {
  version: 6,
  name: 'exports',
  up: (db) => {
    db.exec(`
      CREATE TABLE notices (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('distribution','determination')),
        run_ref TEXT,
        creditor_ref TEXT NOT NULL,
        claim_ref TEXT,
        batch TEXT NOT NULL,
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        generated_at TEXT NOT NULL,
        generated_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX notices_run ON notices(run_ref, creditor_ref);
      CREATE INDEX notices_creditor ON notices(creditor_ref);
      CREATE INDEX notices_batch ON notices(batch);
    `);
    const set = db.prepare('INSERT OR IGNORE INTO case_meta (key, value) VALUES (?, ?)');
    set.run('proof_secret', randomBytes(32).toString('hex'));
    set.run('objection_days', '30');
  },
};
