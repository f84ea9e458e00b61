import type { JobContext } from '../../src/jobs/types.js';
import { cancelled } from '../../src/jobs/runner.js';

/** Counts to n in chunks, yielding between them; honours cancel. */
export async function countTo(args: { n: number; fail?: boolean }, ctx: JobContext): Promise<{ counted: number }> {
  let i = 0;
  while (i < args.n) {
    if (ctx.signal.aborted) throw cancelled();
    i++;
    ctx.progress(i, args.n, `Counting ${i}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  if (args.fail) throw new Error('The fixture failed on purpose');
  return { counted: i };
}
