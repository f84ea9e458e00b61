/** Filters and search of the register; the search is sent once typing pauses. */
import { useEffect, useRef, useState } from 'react';
import { CLAIM_STATUSES, CREDITOR_TYPES, KYC_STATES } from '../../../../src/domain/claims.js';
import type { ClaimFilter, ClaimOptions } from '../../../../src/api/contract/index.js';
import { label } from '../../format.js';

export function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function FilterBar({
  filter,
  onChange,
  options,
}: {
  filter: ClaimFilter;
  onChange: (f: ClaimFilter) => void;
  options: ClaimOptions | null;
}) {
  const [text, setText] = useState(filter.search ?? '');
  const search = useDebounced(text.trim());
  const latest = useRef(filter);
  latest.current = filter;
  useEffect(() => {
    if ((latest.current.search ?? '') === search) return;
    const { search: _drop, ...rest } = latest.current;
    void _drop;
    onChange(search ? { ...rest, search } : rest);
  }, [search]);
  useEffect(() => {
    // an outside change (a link from a creditor) puts its search in the box
    if ((filter.search ?? '') !== text.trim()) setText(filter.search ?? '');
  }, [filter.search]);

  const set = <K extends keyof ClaimFilter>(k: K, v: string) => {
    const next = { ...filter } as Record<string, unknown>;
    if (v === '*') delete next[k];
    else next[k] = v;
    onChange(next as ClaimFilter);
  };
  const select = (k: 'status' | 'asset' | 'class' | 'creditorType' | 'kyc', title: string, values: Array<[string, string]>) => (
    <label>
      {title}
      <select value={filter[k] ?? '*'} onChange={(e) => set(k, e.target.value)}>
        <option value="*">All</option>
        {values.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
  const active = Object.keys(filter).length > 0;
  return (
    <div className="filters cl-filters" role="search" aria-label="Filter claims">
      <label className="grow">
        Search claim or creditor
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="CL-0001234, CR-…, or a name (any script)"
        />
      </label>
      {select(
        'status',
        'Status',
        CLAIM_STATUSES.map((s) => [s, label(s)]),
      )}
      {select(
        'asset',
        'Asset',
        (options?.assets ?? []).map((a) => [a.code, a.code]),
      )}
      {select('class', 'Class', [
        ['', 'No class yet'],
        ...(options?.classes ?? []).map((c): [string, string] => [c.code, `${c.code} · ${c.name}`]),
      ])}
      {select(
        'creditorType',
        'Creditor type',
        CREDITOR_TYPES.map((s) => [s, label(s)]),
      )}
      {select(
        'kyc',
        'KYC',
        KYC_STATES.map((s) => [s, label(s)]),
      )}
      <button
        type="button"
        disabled={!active}
        onClick={() => {
          setText('');
          onChange({});
        }}
      >
        Clear filters
      </button>
    </div>
  );
}
