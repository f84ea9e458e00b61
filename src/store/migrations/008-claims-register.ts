import type { Migration } from './types.js';

/**
 * The claims register at a million claims (issue #3). Every page of the
 * register walks one of these indexes in its sort order; each carries the
 * columns the register filters on (status, asset, class, creditor), so a
 * filter is checked inside the index without touching the table, and even a
 * filter that matches nothing costs one pass over an index, not a million
 * table reads. They replace the narrower indexes of 001/002 on the same
 * leading columns (value, filed date, creditor, creditor name).
 *
 * claims_dup serves duplicate candidates: same quantity of the same asset.
 * creditors_reg_type (type, kyc, rowid) answers "creditors of this type and
 * KYC state" from the index alone.
 */
export const m008: Migration = {
  version: 8,
  name: 'claims-register',
  up: (db) => {
    db.exec(`
      DROP INDEX IF EXISTS claims_value;
      DROP INDEX IF EXISTS claims_filed_on;
      DROP INDEX IF EXISTS claims_creditor;
      DROP INDEX IF EXISTS creditors_name;
      DROP INDEX IF EXISTS creditors_type;

      CREATE INDEX claims_reg_ref ON claims(ref, status, asset, class_code, creditor_id);
      CREATE INDEX claims_reg_value ON claims(value_minor, id, status, asset, class_code, creditor_id);
      CREATE INDEX claims_reg_filed ON claims(filed_on, id, status, asset, class_code, creditor_id);
      CREATE INDEX claims_reg_creditor ON claims(creditor_id, id, status, asset, class_code, value_minor);
      CREATE INDEX claims_dup ON claims(asserted, asset);
      CREATE INDEX creditors_reg_name ON creditors(name, id, type, kyc);
      CREATE INDEX creditors_reg_type ON creditors(type, kyc);
    `);
  },
};
