/** Links into the Claims page from elsewhere (a creditor's claim): which claim to open, which search to show. */
import { create } from 'zustand';

interface ClaimsNav {
  open: { ref: string; search?: string } | null;
  show: (ref: string, search?: string) => void;
  take: () => { ref: string; search?: string } | null;
}

export const useClaimsNav = create<ClaimsNav>((set, get) => ({
  open: null,
  show: (ref, search) => set({ open: { ref, ...(search ? { search } : {}) } }),
  take: () => {
    const o = get().open;
    if (o) set({ open: null });
    return o;
  },
}));
