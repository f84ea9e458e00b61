/** Runs one bench module in its own process (so peak memory is its own) and prints its figures as JSON. */
import { pathToFileURL } from 'node:url';

interface Figure {
  name: string;
  value: string;
  target?: string;
}

const file = process.argv[2];
if (!file) throw new Error('usage: run-one FILE');
const mod = (await import(pathToFileURL(file).href)) as { bench: () => Promise<Figure[]> };
const figures = await mod.bench();
process.stdout.write('\n@@FIGURES@@' + JSON.stringify(figures) + '\n');
