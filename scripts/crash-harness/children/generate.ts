// Crash child: generate a synthetic case (case creation, then claim batches of 20,000 per transaction).
import { generateCase } from '../../../src/gen/synthetic.js';
import { arg, say } from './common.js';

say('READY');
generateCase({ path: arg(0), claims: Number(arg(1)), seed: 7, onProgress: (done) => say(`COMMITTED claims=${done}`) });
say('COMMITTED done');
setInterval(() => undefined, 1000);
