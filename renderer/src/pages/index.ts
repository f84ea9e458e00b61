import type { ComponentType } from 'react';
import type { Section } from '../store.js';
import { Dashboard } from './Dashboard.js';
import { AuditLog } from './Audit.js';
import { Settings } from './Settings.js';
import { Assets } from './Assets.js';
import { Claims } from './Claims.js';
import { Creditors } from './Creditors.js';
import { Exports } from './Exports.js';
import { Classification } from './Classification.js';
import { Distributions } from './Distributions.js';

export const PAGES: Record<Section, ComponentType> = {
  dashboard: Dashboard,
  claims: Claims,
  creditors: Creditors,
  assets: Assets,
  classification: Classification,
  distributions: Distributions,
  exports: Exports,
  audit: AuditLog,
  settings: Settings,
};
