import { useState, type FormEvent } from 'react';
import { useUi } from '../store.js';
import { send } from '../api.js';
import { PageHeader } from '../components/States.js';
import { BackupsCard, PassphraseCard } from '../components/BackupsCard.js';

export function Settings() {
  const { app, setApp, toast } = useUi();
  const [name, setName] = useState(app?.user ?? '');
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setApp(await send('app.setUser', { name }));
      toast('success', `You now act as ${name}`);
    } catch (err) {
      toast('error', (err as Error).message);
    }
  };
  return (
    <div className="page">
      <PageHeader title="Settings" subtitle="Who you are, and where Recourse keeps its files" />
      <form className="card form narrow" onSubmit={save}>
        <label>
          Your name (recorded in the audit log with every change you make)
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        </label>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!name.trim() || name === app?.user}>
            Save name
          </button>
        </div>
      </form>
      <section className="card narrow">
        <h2>Files</h2>
        <dl className="facts">
          <dt>Data folder</dt>
          <dd>
            <code>{app?.dataDir}</code>
          </dd>
          <dt>Open case</dt>
          <dd>
            <code>{app?.case?.path ?? '—'}</code>
          </dd>
          <dt>Schema version</dt>
          <dd>{app?.case?.schemaVersion ?? '—'}</dd>
        </dl>
      </section>
      <BackupsCard />
      <PassphraseCard />
    </div>
  );
}
