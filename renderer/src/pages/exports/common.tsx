import { useState } from 'react';
import { isElectron } from '../../api.js';
import { pickPath } from '../../platform.js';

/** The URL of a file the browser-mode server wrote into <dataDir>/exports. */
export function downloadUrl(name: string): string {
  return '/download/' + name.split('/').map(encodeURIComponent).join('/');
}

export function DownloadLink({ name, children }: { name: string | null | undefined; children: string }) {
  if (!name) return null;
  return (
    <a className="download" href={downloadUrl(name)} download={name.split('/').pop()}>
      {children}
    </a>
  );
}

/**
 * Where an export goes. In the desktop app: a native save dialog. In browser
 * mode the server writes into its data folder and the page offers a download.
 * Returns undefined for "the data folder", null when the user cancelled.
 */
export async function chooseDestination(title: string, defaultName: string, extensions: string[]): Promise<string | null | undefined> {
  if (!isElectron()) return undefined;
  return pickPath({ mode: 'save', title, defaultPath: defaultName, extensions });
}

export function Destination({ folder }: { folder: string }) {
  return (
    <p className="muted small-print">
      {isElectron() ? 'You choose where to save it.' : (
        <>
          Saved in <code>{folder}</code>; a download link appears when it is ready.
        </>
      )}
    </p>
  );
}

/** Whether a job is running, and its id; `run` starts one and reports failures. */
export function useJob() {
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return { jobId, setJobId, error, setError };
}
