/** A case's backups as a table, newest first, each with a Restore button. */
import { fmtDate } from '../format.js';
import type { BackupEntry } from '../../../src/api/contract/index.js';

export function fmtSize(n: number): string {
  if (n < 1024 * 1024) return `${Math.max(1, Math.round(n / 1024))} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export function BackupsTable(props: { backups: BackupEntry[]; disabled: boolean; onRestore: (b: BackupEntry) => void; highlightNewest?: boolean }) {
  return (
    <table className="data backups">
      <thead>
        <tr>
          <th scope="col">Taken</th>
          <th scope="col">Why</th>
          <th scope="col" className="num">
            Size
          </th>
          <th scope="col">
            <span className="visually-hidden">Action</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.backups.map((b, i) => (
          <tr key={b.name}>
            <td className="nowrap">{fmtDate(b.at)}</td>
            <td>{b.reason}</td>
            <td className="num">{fmtSize(b.size)}</td>
            <td>
              <button
                type="button"
                className={props.highlightNewest && i === 0 ? 'primary small' : 'small'}
                disabled={props.disabled}
                aria-label={`Restore the backup taken ${fmtDate(b.at)}`}
                onClick={() => props.onRestore(b)}
              >
                Restore
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
