import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { JobRunner } from '../../src/jobs/runner.js';

const task = fileURLToPath(new URL('./fixture-task.ts', import.meta.url));

describe('job runner (worker threads)', () => {
  it('runs a task off the main thread and returns its result', async () => {
    const r = new JobRunner();
    const j = r.start('count', task, 'countTo', { n: 20 });
    expect(j.state).toBe('running');
    const end = await r.wait(j.id);
    expect(end.state).toBe('done');
    expect(end.result).toEqual({ counted: 20 });
  });

  it('cancels a running task', async () => {
    const r = new JobRunner();
    const j = r.start('count', task, 'countTo', { n: 100000 });
    await new Promise((res) => setTimeout(res, 300));
    r.cancel(j.id);
    const end = await r.wait(j.id);
    expect(end.state).toBe('cancelled');
    expect(end.done).toBeLessThan(100000);
  });

  it('reports a failure with its message', async () => {
    const r = new JobRunner();
    const j = r.start('count', task, 'countTo', { n: 3, fail: true });
    const end = await r.wait(j.id);
    expect(end.state).toBe('failed');
    expect(end.error?.message).toMatch(/failed on purpose/);
  });
});
