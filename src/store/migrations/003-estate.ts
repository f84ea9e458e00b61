import type { Migration } from './types.js';

/**
 * The estate's side of the ledger (issue #4): structured location fields and a
 * unit ledger on estate_assets, dated valuation marks, realizations,
 * segregated property, expenses of administration and holdbacks.
 *
 * Unit ledger, per asset, in the asset's minor units (text):
 *   registered = quantity (held) + Σ realized + Σ returned + written_off.
 * Secured encumbrances are claims.secured_by / claims.lien (the engine's input);
 * segregated property lives in estate_segregated.
 */
export const m003: Migration = {
  version: 3,
  name: 'estate',
  up: (db) => {
    db.exec(`
      ALTER TABLE estate_assets ADD COLUMN custodian TEXT;
      ALTER TABLE estate_assets ADD COLUMN chain TEXT;
      ALTER TABLE estate_assets ADD COLUMN address TEXT;
      -- every unit ever registered (quantity is what is still held)
      ALTER TABLE estate_assets ADD COLUMN registered TEXT NOT NULL DEFAULT '0';
      ALTER TABLE estate_assets ADD COLUMN written_off TEXT NOT NULL DEFAULT '0';
      UPDATE estate_assets SET registered = quantity;
      UPDATE estate_assets SET written_off = quantity, quantity = '0' WHERE status = 'written_off';
      CREATE INDEX estate_assets_status ON estate_assets(status);

      -- price: decimal text, case currency per one whole unit of the asset
      CREATE TABLE estate_valuations (
        id INTEGER PRIMARY KEY,
        asset_id INTEGER NOT NULL REFERENCES estate_assets(id),
        date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        price TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('price_table','manual')),
        source TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        UNIQUE (asset_id, date, origin)
      ) STRICT;

      -- quantity in the asset's minor units; proceeds and costs in the currency's minor units
      CREATE TABLE estate_realizations (
        id INTEGER PRIMARY KEY,
        asset_id INTEGER NOT NULL REFERENCES estate_assets(id),
        date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        quantity TEXT NOT NULL,
        currency TEXT NOT NULL REFERENCES assets(code),
        proceeds TEXT NOT NULL,
        costs TEXT NOT NULL DEFAULT '0',
        notes TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        voided_at TEXT,
        voided_by TEXT,
        void_reason TEXT
      ) STRICT;
      CREATE INDEX estate_realizations_asset ON estate_realizations(asset_id);
      CREATE INDEX estate_realizations_currency ON estate_realizations(currency);

      -- property held for a named creditor: returned in kind, outside the waterfall
      CREATE TABLE estate_segregated (
        id INTEGER PRIMARY KEY,
        asset_id INTEGER NOT NULL REFERENCES estate_assets(id),
        creditor_id INTEGER NOT NULL REFERENCES creditors(id),
        quantity TEXT NOT NULL,
        notes TEXT,
        status TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('held','returned')),
        returned_on TEXT,
        return_reference TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX estate_segregated_asset ON estate_segregated(asset_id);

      CREATE TABLE estate_expenses (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        category TEXT NOT NULL CHECK (category IN ('professional_fees','custody','legal','other')),
        currency TEXT NOT NULL REFERENCES assets(code),
        amount TEXT NOT NULL,
        payee TEXT NOT NULL,
        memo TEXT,
        asset_id INTEGER REFERENCES estate_assets(id),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        voided_at TEXT,
        voided_by TEXT,
        void_reason TEXT
      ) STRICT;
      CREATE INDEX estate_expenses_currency ON estate_expenses(currency);

      -- cash kept back from distributions for future costs
      CREATE TABLE estate_holdbacks (
        id INTEGER PRIMARY KEY,
        currency TEXT NOT NULL REFERENCES assets(code),
        amount TEXT NOT NULL,
        reason TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','released')),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        released_at TEXT,
        released_by TEXT,
        release_reason TEXT
      ) STRICT;
    `);
  },
};
