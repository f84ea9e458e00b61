/** The import wizard is a modal without a route: any page opens it with `openImport(kind)`. */
import { create } from 'zustand';
import type { ImportKind } from '../../../../src/api/contract/index.js';

interface ImportWizardState {
  open: ImportKind | null;
  show: (kind?: ImportKind) => void;
  hide: () => void;
}

export const useImportWizard = create<ImportWizardState>((set) => ({
  open: null,
  show: (kind = 'claims') => set({ open: kind }),
  hide: () => set({ open: null }),
}));

export const openImport = (kind?: ImportKind) => useImportWizard.getState().show(kind);
