import type { Migration } from './types.js';

/** The case file's base: settings, assets and prices, creditors, claims, estate assets, classes, documents, audit. */
export const m001: Migration = {
  version: 1,
  name: 'init',
  up: (db) => {
    db.exec(`
      CREATE TABLE case_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE assets (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        scale INTEGER NOT NULL CHECK (scale BETWEEN 0 AND 30)
      ) STRICT;

      -- price: decimal text, case currency per one whole unit of the asset
      CREATE TABLE prices (
        asset TEXT NOT NULL REFERENCES assets(code),
        date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        price TEXT NOT NULL,
        source TEXT,
        PRIMARY KEY (asset, date)
      ) STRICT;

      CREATE TABLE creditors (
        id INTEGER PRIMARY KEY,
        ref TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('individual','entity','insider','employee','government','affiliate')),
        address TEXT,
        email TEXT,
        jurisdiction TEXT,
        kyc TEXT NOT NULL DEFAULT 'not_started' CHECK (kyc IN ('not_started','pending','verified','failed','restricted')),
        tax_form INTEGER NOT NULL DEFAULT 0 CHECK (tax_form IN (0,1)),
        tags TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX creditors_name ON creditors(name);
      CREATE INDEX creditors_name_key ON creditors(name_key);
      CREATE INDEX creditors_type ON creditors(type);
      CREATE INDEX creditors_kyc ON creditors(kyc);

      -- quantity: whole number of the asset's minor units, as text (an 18-decimal token overflows 64 bits)
      CREATE TABLE estate_assets (
        id INTEGER PRIMARY KEY,
        ref TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('wallet','exchange_account','bank_account','receivable','litigation_claim','other')),
        asset TEXT NOT NULL REFERENCES assets(code),
        quantity TEXT NOT NULL,
        location TEXT,
        status TEXT NOT NULL CHECK (status IN ('identified','frozen','under_control','realizing','realized','written_off')),
        notes TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE classes (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        rank INTEGER NOT NULL CHECK (rank >= 1),
        treatment TEXT NOT NULL DEFAULT 'pro_rata' CHECK (treatment IN ('pro_rata','fixed_pct','residual')),
        pct TEXT,
        cap TEXT,
        secured INTEGER NOT NULL DEFAULT 0 CHECK (secured IN (0,1)),
        deficiency_class TEXT,
        portion_cap TEXT,
        overflow_class TEXT,
        interest_bearing INTEGER NOT NULL DEFAULT 0 CHECK (interest_bearing IN (0,1)),
        in_kind_asset TEXT REFERENCES assets(code),
        position INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      -- amounts: minor units as text; value_minor: value in case-currency minor units (spec §2), kept for sorting and sums
      CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        ref TEXT NOT NULL UNIQUE,
        creditor_id INTEGER NOT NULL REFERENCES creditors(id),
        source TEXT NOT NULL DEFAULT 'filed' CHECK (source IN ('scheduled','filed')),
        asset TEXT NOT NULL REFERENCES assets(code),
        asserted TEXT NOT NULL,
        allowed TEXT,
        status TEXT NOT NULL CHECK (status IN ('filed','under_review','allowed','disputed','disallowed','withdrawn','superseded','duplicate')),
        secured_by INTEGER REFERENCES estate_assets(id),
        lien INTEGER,
        setoff TEXT,
        reserve_estimate TEXT,
        filed_on TEXT,
        amends_id INTEGER REFERENCES claims(id),
        duplicate_of INTEGER REFERENCES claims(id),
        class_code TEXT,
        class_status TEXT CHECK (class_status IN ('proposed','approved','overridden')),
        notes TEXT,
        value_minor INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX claims_creditor ON claims(creditor_id);
      CREATE INDEX claims_status_value ON claims(status, value_minor, id);
      CREATE INDEX claims_asset_value ON claims(asset, value_minor, id);
      CREATE INDEX claims_class_value ON claims(class_code, value_minor, id);
      CREATE INDEX claims_value ON claims(value_minor, id);
      CREATE INDEX claims_amends ON claims(amends_id);
      CREATE INDEX claims_secured ON claims(secured_by);

      CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        content BLOB NOT NULL,
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX documents_entity ON documents(entity, entity_id);

      -- append-only; each entry carries the hash of the one before (tamper evidence)
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_ref TEXT,
        before TEXT,
        after TEXT,
        reason TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_entity ON audit(entity, entity_ref);
      CREATE INDEX audit_action ON audit(action);
      CREATE INDEX audit_actor ON audit(actor);
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
    `);
  },
};
