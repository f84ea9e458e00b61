import type { WriteDb } from '../db.js';

export interface Migration {
  /** The schema version this migration brings the file to (PRAGMA user_version). */
  version: number;
  name: string;
  up: (db: WriteDb) => void;
}
