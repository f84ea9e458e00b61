import { useCallback, useEffect, useRef, useState } from 'react';
import { send, type ApiName } from './api.js';
import type { ArgsIn, ResultOf } from '../../src/api/contract/index.js';
import { useUi } from './store.js';

export interface Query<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  reload: () => void;
}

/** Fetch an API result; refetches when args change or anything in the case changes. */
export function useApi<K extends ApiName>(name: K, args: ArgsIn<K>, enabled = true): Query<ResultOf<K>> {
  const version = useUi((s) => s.version);
  const key = JSON.stringify(args);
  const [state, setState] = useState<{ data: ResultOf<K> | null; error: Error | null; loading: boolean }>({ data: null, error: null, loading: enabled });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    if (!enabled) return;
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    send(name, JSON.parse(key) as ArgsIn<K>).then(
      (data) => mine === seq.current && setState({ data, error: null, loading: false }),
      (error: Error) => mine === seq.current && setState({ data: null, error, loading: false }),
    );
  }, [name, key, version, tick, enabled]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
