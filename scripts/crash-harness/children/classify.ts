// Crash child: classify every claim by rules, rotating the target class each time (one transaction per run).
// Args: CASE START_CLASS.
import { openWrite } from '../../../src/store/db.js';
import { saveRules } from '../../../src/services/classify-rules.js';
import { classify } from '../../../src/services/classify.js';
import { arg, say } from './common.js';

const CLASSES = ['CUST', 'GUC', 'SUB'];
const db = openWrite(arg(0));
let cur = CLASSES.indexOf(arg(1));
say('READY');
for (let n = 1; n < 100_000; n++) {
  const target = CLASSES[(cur + 1) % CLASSES.length]!;
  saveRules(db, 'crash-harness', [{ name: 'Everything', classCode: target, when: { minValue: '0.00' } }]);
  const r = await classify(db, 'crash-harness', { apply: true });
  cur = (cur + 1) % CLASSES.length;
  say(`COMMITTED class=${target} moved=${r.moved}`);
}
