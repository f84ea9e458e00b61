/** Build the bundled demo case, assets/demo/demo.recourse, deterministically. */
import { rmSync, mkdirSync } from 'node:fs';
import { generateCase } from '../src/gen/synthetic.js';

const out = new URL('../assets/demo/demo.recourse', import.meta.url).pathname;
mkdirSync(new URL('../assets/demo/', import.meta.url).pathname, { recursive: true });
for (const ext of ['', '-wal', '-shm']) rmSync(out + ext, { force: true });
const r = generateCase({ path: out, claims: 3000, seed: 20251114, history: true, actor: 'demo-builder' });
// Fold the WAL into the file and switch the bundled copy to rollback mode so it is a single file.
const Database = (await import('better-sqlite3')).default;
const db = new Database(out);
db.pragma('wal_checkpoint(TRUNCATE)');
db.pragma('journal_mode = DELETE');
db.exec('VACUUM');
db.close();
console.log(`Demo case: ${r.creditors} creditors, ${r.claims} claims → ${out}`);
