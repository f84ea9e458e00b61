import { send } from '../api.js';
import { useUi } from '../store.js';

export function Welcome() {
  const { setApp, toast, go } = useUi();
  const openDemo = async () => {
    try {
      const c = await send('case.openDemo', {});
      setApp(await send('app.state', {}));
      toast('success', `Opened ${c.name}`);
      go('dashboard');
    } catch (e) {
      toast('error', (e as Error).message);
    }
  };
  return (
    <section className="welcome">
      <h1>Welcome to Recourse</h1>
      <p>Each case, one defaulted estate, lives in its own file. Open the demo case to look around, or use the Case menu above to create or open a case file.</p>
      <button type="button" className="primary" onClick={openDemo}>
        Open the demo case
      </button>
    </section>
  );
}
