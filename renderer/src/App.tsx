import { useEffect, useState, type ReactNode } from 'react';
import { SECTIONS, useUi, type Section } from './store.js';
import { CaseSwitcher } from './components/CaseSwitcher.js';
import { Toasts } from './components/Toasts.js';
import { ImportHost } from './pages/import/index.js';
import { OpenProblemHost } from './components/RestoreOffer.js';
import { ErrorState, Loading } from './components/States.js';
import { Welcome } from './pages/Welcome.js';
import { PAGES } from './pages/index.js';

export function App() {
  const { app, section, go, refresh } = useUi();
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    refresh().catch((e: Error) => setError(e));
  }, [refresh]);

  if (error) return <ErrorState error={error} onRetry={() => window.location.reload()} />;
  if (!app) return <Loading what="Recourse" />;

  const Page = PAGES[section];
  const body: ReactNode = app.case || section === 'settings' ? <Page /> : <Welcome />;

  return (
    <div className="frame">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand" aria-label="Recourse">
          <span className="logo" aria-hidden="true">R</span> Recourse
        </div>
        <nav aria-label="Sections">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.key}>
                <button
                  type="button"
                  className={s.key === section ? 'nav active' : 'nav'}
                  aria-current={s.key === section ? 'page' : undefined}
                  onClick={() => go(s.key as Section)}
                  disabled={!app.case && s.key !== 'settings' && s.key !== 'dashboard'}
                >
                  {s.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div className="workspace">
        <header className="topbar">
          <CaseSwitcher />
        </header>
        <main id="main" tabIndex={-1}>
          {body}
        </main>
        <footer className="statusbar" aria-label="Status bar">
          <span title={app.case?.path}>{app.case ? app.case.path : 'No case open'}</span>
          <span>
            User: <strong>{app.user}</strong>
          </span>
          <span>{app.case ? (app.case.readOnly ? 'Read-only' : 'Open for writing') : '—'}</span>
          <span>{app.mode === 'browser' ? 'Browser mode' : 'Desktop'}</span>
        </footer>
      </div>
      <Toasts />
      <ImportHost />
      <OpenProblemHost />
    </div>
  );
}
