import type { ImportKind } from '../../../../src/api/contract/index.js';
import { useUi } from '../../store.js';
import { openImport } from './store.js';

/** "Import…" for a page header: opens the import wizard for `kind`. */
export function ImportButton({ kind = 'claims', label = 'Import…' }: { kind?: ImportKind; label?: string }) {
  const readOnly = useUi((s) => s.app?.case?.readOnly ?? false);
  return (
    <button type="button" onClick={() => openImport(kind)} disabled={readOnly} title={readOnly ? 'The case is open read-only' : `Import ${kind} from CSV or XLSX`}>
      {label}
    </button>
  );
}
