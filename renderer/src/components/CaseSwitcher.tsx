import { useEffect, useState } from 'react';
import { useUi } from '../store.js';
import { send } from '../api.js';
import { pickPath } from '../platform.js';
import { NewCaseDialog, PathDialog } from './CaseDialogs.js';
import { isOfferable, offerOpenProblem } from './RestoreOffer.js';

type Dialog = null | 'open' | 'new' | 'copy';

export function CaseSwitcher() {
  const { app, setApp, toast, go } = useUi();
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  useEffect(() => {
    // File > New case… in the desktop menu
    const onNew = () => setDialog('new');
    window.addEventListener('recourse:new-case', onNew);
    return () => window.removeEventListener('recourse:new-case', onNew);
  }, []);
  if (!app) return null;

  const after = async (msg: string) => {
    setApp(await send('app.state', {}));
    toast('success', msg);
    go('dashboard');
  };
  const run = (fn: () => Promise<void>) => {
    setOpen(false);
    fn().catch((e: Error) => toast('error', e.message));
  };
  // Locked elsewhere, damaged or protected: offer read-only, a restore or the passphrase instead of an error.
  const openPath = (path: string) =>
    run(async () => {
      try {
        await after(`Opened ${(await send('case.open', { path })).name}`);
      } catch (e) {
        if (isOfferable(e)) offerOpenProblem(path, e.body);
        else throw e;
      }
    });
  const openFile = () =>
    run(async () => {
      const p = await pickPath({ mode: 'open', title: 'Open case', extensions: ['recourse'] });
      if (p === undefined) setDialog('open');
      else if (p) openPath(p);
    });
  const saveCopy = () =>
    run(async () => {
      const p = await pickPath({ mode: 'save', title: 'Save a copy', extensions: ['recourse'] });
      if (p === undefined) setDialog('copy');
      else if (p) toast('success', `Saved a copy to ${(await send('case.saveCopy', { path: p })).path}`);
    });

  return (
    <div className="case-switcher">
      <button type="button" className="case-button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="case-label">Case</span>
        <strong>{app.case ? app.case.name : 'No case open'}</strong>
        <span aria-hidden="true"> ▾</span>
      </button>
      {open ? (
        <div className="menu" role="menu" aria-label="Case menu" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <button
            role="menuitem"
            type="button"
            onClick={() =>
              run(async () => {
                try {
                  await after(`Opened ${(await send('case.openDemo', {})).name}`);
                } catch (e) {
                  if (isOfferable(e)) offerOpenProblem((e.body.details as { path?: string } | undefined)?.path ?? '', e.body);
                  else throw e;
                }
              })
            }
          >
            Open the demo case
          </button>
          <button role="menuitem" type="button" onClick={() => (setOpen(false), setDialog('new'))}>
            New case…
          </button>
          <button role="menuitem" type="button" onClick={openFile}>
            Open case file…
          </button>
          <button role="menuitem" type="button" disabled={!app.case} onClick={saveCopy}>
            Save a copy…
          </button>
          {app.recent.length ? <div className="menu-heading">Recent</div> : null}
          {app.recent.map((p) => (
            <button key={p} role="menuitem" type="button" title={p} onClick={() => openPath(p)}>
              {p.split(/[\\/]/).pop()}
            </button>
          ))}
        </div>
      ) : null}
      {dialog === 'open' ? (
        <PathDialog title="Open case file" label="Path of the .recourse file" submit="Open" onClose={() => setDialog(null)} onSubmit={(p) => (setDialog(null), openPath(p))} />
      ) : null}
      {dialog === 'copy' ? (
        <PathDialog
          title="Save a copy"
          label="Path for the copy"
          submit="Save copy"
          onClose={() => setDialog(null)}
          onSubmit={(p) => (setDialog(null), run(async () => toast('success', `Saved a copy to ${(await send('case.saveCopy', { path: p })).path}`)))}
        />
      ) : null}
      {dialog === 'new' ? <NewCaseDialog onClose={() => setDialog(null)} onCreated={(name) => (setDialog(null), void after(`Created ${name}`))} /> : null}
    </div>
  );
}
