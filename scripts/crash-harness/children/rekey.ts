// Crash child: change a case's passphrase back and forth (with a write between), reporting the key in force.
// Args: CASE KEY_A KEY_B START (0 or 1: which key the file has now).
import { openWrite, setCaseAccess } from '../../../src/store/db.js';
import { changePassphrase } from '../../../src/store/crypto.js';
import { arg, say, token, writeBatch } from './common.js';

const path = arg(0);
const keys = [arg(1), arg(2)];
let cur = Number(arg(3));
say('READY');
for (let n = 1; n < 100_000; n++) {
  setCaseAccess(path, { passphrase: keys[cur]! });
  const db = openWrite(path);
  const tok = token(`K${process.pid}`, n, 5);
  writeBatch(db, tok, 5);
  db.close();
  say(`COMMITTED ${tok}`);
  changePassphrase(path, keys[cur]!, keys[1 - cur]!);
  cur = 1 - cur;
  say(`COMMITTED key=${cur}`);
}
