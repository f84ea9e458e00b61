import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Session } from '../../src/api/session.js';
import { dispatch, payloadProblem } from '../../src/api/dispatch.js';
import { makeCase, tmpDir } from './helpers.js';

async function session() {
  const s = new Session('cli', tmpDir('data'));
  const p = join(tmpDir(), 'p.recourse');
  makeCase(p);
  await dispatch(s, 'case.open', { path: p });
  return s;
}

const refusal = async (s: Session, name: string, args: unknown) => {
  const r = await dispatch(s, name, args);
  if (r.ok) throw new Error(`${name} accepted ${String(args)}`);
  return r.error;
};

describe('strict payloads at the dispatch door (what IPC can carry and JSON cannot)', () => {
  it('refuses NaN and Infinity wherever they appear', async () => {
    const s = await session();
    for (const bad of [NaN, Infinity, -Infinity]) {
      const e = await refusal(s, 'audit.list', { limit: bad });
      expect(e).toMatchObject({ code: 'invalid_args', message: expect.stringMatching(/not finite/) });
    }
    expect((await refusal(s, 'audit.list', { entity: 'x', beforeId: NaN })).code).toBe('invalid_args');
    s.close();
  });

  it('refuses numbers where decimal strings belong (amounts never travel as floats)', async () => {
    const s = await session();
    const e = await refusal(s, 'case.create', { path: join(tmpDir(), 'x.recourse'), name: 'X', petitionDate: '2026-01-01', interestRate: 0.09 });
    expect(e.code).toBe('invalid_args');
    expect(e.message).toMatch(/interestRate/);
    const sci = await refusal(s, 'case.create', { path: join(tmpDir(), 'x.recourse'), name: 'X', petitionDate: '2026-01-01', interestRate: '9e-2' });
    expect(sci.message).toMatch(/decimal number written with a point/);
    s.close();
  });

  it('refuses strings over 1 MB, nesting deeper than 20 levels, and floods of values', async () => {
    const s = await session();
    expect((await refusal(s, 'app.setUser', { name: 'x'.repeat(1024 * 1024 + 1) })).message).toMatch(/over 1 MB/);
    let deep: unknown = {};
    for (let i = 0; i < 25; i++) deep = { a: deep };
    expect((await refusal(s, 'app.setUser', deep)).message).toMatch(/deeper than 20 levels/);
    expect((await refusal(s, 'app.setUser', { name: 'x', list: new Array(300_000).fill(1) })).message).toMatch(/more than 200000 values/);
    // A long-but-legal value still reaches the schema, which has its own (smaller) limit.
    expect((await refusal(s, 'app.setUser', { name: 'x'.repeat(5000) })).message).toMatch(/name/);
    s.close();
  });

  it('refuses prototype keys, however they arrive, and unknown keys', async () => {
    const s = await session();
    expect((await refusal(s, 'audit.list', JSON.parse('{"__proto__": {"polluted": true}}'))).message).toMatch(/forbidden key/);
    expect((await refusal(s, 'audit.list', { constructor: { prototype: {} } })).message).toMatch(/forbidden key/);
    expect((await refusal(s, 'audit.list', { filters: [{ prototype: 1 }] })).message).toMatch(/forbidden key/);
    expect((await refusal(s, 'audit.list', { limit: 5, extra: true })).message).toMatch(/unknown field extra/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    s.close();
  });

  it('refuses wrong types and unknown calls', async () => {
    const s = await session();
    expect((await refusal(s, 'audit.list', { limit: '10' })).code).toBe('invalid_args');
    expect((await refusal(s, 'audit.list', { limit: 10.5 })).code).toBe('invalid_args');
    expect((await refusal(s, 'case.open', { path: ['a'] })).code).toBe('invalid_args');
    expect((await refusal(s, 'no.such', {})).code).toBe('not_found');
    s.close();
  });

  it('payloadProblem accepts ordinary payloads', () => {
    expect(payloadProblem({ a: [1, 2, { b: 'c' }], d: null, e: true })).toBeNull();
    expect(payloadProblem(undefined)).toBeNull();
  });
});
