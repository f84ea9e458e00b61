import type { ComponentType } from 'react';
import type { Section } from '../store.js';
import { Dashboard } from './Dashboard.js';
import { AuditLog } from './Audit.js';
import { Settings } from './Settings.js';
import { pending } from './Pending.js';

export const PAGES: Record<Section, ComponentType> = {
  dashboard: Dashboard,
  claims: pending('Claims', 'The claims register lands with the claims capability. Use `recourse import` meanwhile.'),
  creditors: pending('Creditors', 'The creditor list lands with the claims capability.'),
  assets: pending('Assets', 'The asset register lands with the estate capability.'),
  classification: pending('Classification', 'The class ladder and legal review land with the classification capability.'),
  distributions: pending('Distributions', 'The distribution wizard lands with the runs capability.'),
  exports: pending('Exports', 'Spreadsheets and notices land with the exports capability.'),
  audit: AuditLog,
  settings: Settings,
};
