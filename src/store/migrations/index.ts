import type { Migration } from './types.js';
import { m001 } from './001-init.js';

/** Every migration, in order. A new one is a new numbered file added here. */
export const MIGRATIONS: readonly Migration[] = [m001];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
