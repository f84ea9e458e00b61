/** UI state (zustand): where the user is, the session state, and notices to show. */
import { create } from 'zustand';
import type { AppState } from '../../src/api/contract/index.js';
import { send } from './api.js';

export const SECTIONS = [
  { key: 'dashboard', label: 'Dashboard' },
  { key: 'claims', label: 'Claims' },
  { key: 'creditors', label: 'Creditors' },
  { key: 'assets', label: 'Assets' },
  { key: 'classification', label: 'Classification' },
  { key: 'distributions', label: 'Distributions' },
  { key: 'exports', label: 'Exports' },
  { key: 'audit', label: 'Audit log' },
  { key: 'settings', label: 'Settings' },
] as const;
export type Section = (typeof SECTIONS)[number]['key'];

export interface Toast {
  id: number;
  kind: 'info' | 'error' | 'success';
  text: string;
}

interface UiState {
  section: Section;
  app: AppState | null;
  toasts: Toast[];
  /** Bumped after any change so pages refetch. */
  version: number;
  go: (s: Section) => void;
  refresh: () => Promise<void>;
  setApp: (a: AppState) => void;
  changed: () => void;
  toast: (kind: Toast['kind'], text: string) => void;
  dismiss: (id: number) => void;
}

const fromHash = (): Section => {
  const h = window.location.hash.replace(/^#\/?/, '');
  return (SECTIONS.find((s) => s.key === h)?.key ?? 'dashboard') as Section;
};

let toastId = 0;

export const useUi = create<UiState>((set, get) => ({
  section: fromHash(),
  app: null,
  toasts: [],
  version: 0,
  go: (section) => {
    if (window.location.hash !== `#/${section}`) window.history.replaceState(null, '', `#/${section}`);
    set({ section });
  },
  refresh: async () => set({ app: await send('app.state', {}) }),
  setApp: (app) => set({ app, version: get().version + 1 }),
  changed: () => set({ version: get().version + 1 }),
  toast: (kind, text) => {
    const id = ++toastId;
    set({ toasts: [...get().toasts, { id, kind, text }] });
    if (kind !== 'error') setTimeout(() => get().dismiss(id), 5000);
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
}));

window.addEventListener('hashchange', () => useUi.setState({ section: fromHash() }));
