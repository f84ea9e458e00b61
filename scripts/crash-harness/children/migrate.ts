// Crash child: open an old-schema case for writing, which backs it up and migrates it; then idle until killed.
import { openWrite, userVersion } from '../../../src/store/db.js';
import { arg, say } from './common.js';

say('READY');
const db = openWrite(arg(0));
say(`COMMITTED migrated-to-v${userVersion(db)}`);
setInterval(() => undefined, 1000);
