/** Where the Distributions page is: kept outside the page so a visit to Settings (to change user) comes back to the same run and step. */
import { create } from 'zustand';

export type WizardStep = 'pool' | 'options' | 'preview' | 'approve' | 'finalize';
export type View =
  | { kind: 'history' }
  | { kind: 'wizard'; step: WizardStep; run: string | null }
  | { kind: 'compare'; a: string; b: string }
  | { kind: 'losses' };

export interface DraftChoices {
  mode: 'amount' | 'all';
  release: string;
  date: string;
  final: boolean;
  deMinimis: string;
  withholdUnverified: boolean;
  includeUnapproved: boolean;
  disputedAs: 'reserve' | '0' | '50' | '100';
}

export const today = () => new Date().toISOString().slice(0, 10);

export const freshChoices = (): DraftChoices => ({
  mode: 'amount',
  release: '',
  date: today(),
  final: false,
  deMinimis: '0',
  withholdUnverified: false,
  includeUnapproved: false,
  disputedAs: 'reserve',
});

interface DistState {
  view: View;
  choices: DraftChoices;
  go: (v: View) => void;
  choose: (c: Partial<DraftChoices>) => void;
  reset: () => void;
}

export const useDist = create<DistState>((set, get) => ({
  view: { kind: 'history' },
  choices: freshChoices(),
  go: (view) => set({ view }),
  choose: (c) => set({ choices: { ...get().choices, ...c } }),
  reset: () => set({ view: { kind: 'history' }, choices: freshChoices() }),
}));

/** The wizard step that fits a run's state. */
export function stepFor(state: string): WizardStep {
  return state === 'approved' ? 'finalize' : state === 'draft' ? 'preview' : 'preview';
}
