import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, firstMatch, parseTags, ruleFromInput, describe as describeRule, type RuleProblem } from '../../src/domain/class-rules.js';
import { firstMatchSql } from '../../src/services/classify-sql.js';
import { ruleInput, type RuleConditions } from '../../src/api/contract/classes.js';
import { makeCase, closeCase, type ClaimSpec } from './fixture.js';
import type { OpenCase } from '../../src/services/case.js';

const TYPES = ['individual', 'entity', 'insider', 'employee', 'government', 'affiliate'] as const;
const ASSETS = ['USD', 'BTC', 'ETH'] as const;
const JURS = ['US', 'gb', ' KY ', null] as const;
const TAGS = [null, 'vip', 'VIP, litigation', '["equity","hold"]', 'hold;  fraud'] as const;

describe('rule conditions (the reference matcher)', () => {
  const ctx = { scale: 2, classes: new Set(['GUC', 'PRIO', 'CONV']), assets: new Set(['USD', 'BTC']) };
  const rule = (when: object, classCode = 'GUC') => {
    const problems: RuleProblem[] = [];
    const r = ruleFromInput(ruleInput.parse({ classCode, when }), 0, ctx, problems);
    return { r, problems };
  };

  it('reads value bounds as exact case-currency amounts and names the rule from its conditions', () => {
    const { r } = rule({ creditorTypes: ['employee'], maxValue: '17150.00' }, 'PRIO');
    expect(r.when.maxValue).toBe('1715000');
    expect(r.name).toBe('Creditor employee · value ≤ 17,150.00');
    expect(describeRule({}, 2)).toBe('every claim');
  });

  it('refuses what it cannot apply exactly, saying which rule and why', () => {
    expect(rule({ maxValue: '10.001' }).problems[0]!.message).toMatch(/Rule 1: .*3 decimals/);
    expect(rule({ minValue: '50', maxValue: '10' }).problems[0]!.message).toMatch(/lowest value is above the highest/);
    expect(rule({ assets: ['DOGE'] }).problems[0]!.message).toMatch(/DOGE is not an asset of this case/);
    expect(rule({}, 'NOPE').problems[0]!.message).toMatch(/class NOPE is not in the ladder/);
  });

  it('lets the first matching rule win, with inclusive value bounds', () => {
    const rules = compile([
      { id: 1, name: 'small', classCode: 'CONV', when: { maxValue: '100000' } },
      { id: 2, name: 'employees', classCode: 'PRIO', when: { creditorTypes: ['employee'] } },
      { id: 3, name: 'rest', classCode: 'GUC', when: {} },
    ]);
    const facts = (value: bigint, creditorType = 'individual') => ({ asset: 'USD', source: 'filed', value, secured: false, creditorType, jurisdiction: null, tags: () => new Set<string>() });
    expect(firstMatch(rules, facts(100000n, 'employee'))?.classCode).toBe('CONV');
    expect(firstMatch(rules, facts(100001n, 'employee'))?.classCode).toBe('PRIO');
    expect(firstMatch(rules, facts(100001n))?.classCode).toBe('GUC');
  });

  it('reads tags written as a list or as JSON, case-folded', () => {
    expect(parseTags('VIP, litigation')).toEqual(['vip', 'litigation']);
    expect(parseTags('["Equity","hold"]')).toEqual(['equity', 'hold']);
    expect(parseTags('hold;  fraud|x')).toEqual(['hold', 'fraud', 'x']);
    expect(parseTags(null)).toEqual([]);
  });
});

describe('rules evaluated in SQLite agree with the reference matcher', () => {
  let c: OpenCase;
  const specs: ClaimSpec[] = [];
  beforeAll(() => {
    let i = 0;
    for (const type of TYPES)
      for (const asset of ASSETS)
        for (const jur of JURS)
          for (const tags of TAGS) {
            i++;
            specs.push({
              ref: `C${String(i).padStart(4, '0')}`,
              cents: BigInt((i * 7919) % 500_000),
              type,
              asset,
              jurisdiction: jur,
              creditorTags: i % 2 ? tags : null,
              tags: i % 2 ? null : tags,
              source: i % 3 ? 'filed' : 'scheduled',
              secured: i % 5 === 0,
            });
          }
    c = makeCase(specs);
  });
  afterAll(() => c && closeCase(c));

  const cond: fc.Arbitrary<RuleConditions> = fc.record(
    {
      creditorTypes: fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 3 }),
      assets: fc.uniqueArray(fc.constantFrom(...ASSETS), { minLength: 1, maxLength: 2 }),
      sources: fc.uniqueArray(fc.constantFrom('scheduled' as const, 'filed' as const), { minLength: 1, maxLength: 1 }),
      minValue: fc.integer({ min: 0, max: 500_000 }).map(String),
      maxValue: fc.integer({ min: 0, max: 500_000 }).map(String),
      jurisdictions: fc.uniqueArray(fc.constantFrom('US', 'GB', 'KY'), { minLength: 1, maxLength: 2 }),
      tags: fc.uniqueArray(fc.constantFrom('vip', 'equity', 'hold', 'fraud'), { minLength: 1, maxLength: 2 }),
      secured: fc.boolean(),
    },
    { requiredKeys: [] },
  );

  it('for any list of rules, every claim gets the same first matching rule', () => {
    const rows = c.db
      .prepare(
        'SELECT c.ref, c.asset, c.source, c.value_minor, c.secured_by IS NOT NULL s, c.tags, cr.type, cr.jurisdiction, cr.tags ctags FROM claims c JOIN creditors cr ON cr.id = c.creditor_id ORDER BY c.ref',
      )
      .all() as Array<{ ref: string; asset: string; source: string; value_minor: bigint; s: bigint; tags: string | null; type: string; jurisdiction: string | null; ctags: string | null }>;
    fc.assert(
      fc.property(fc.array(cond, { minLength: 1, maxLength: 6 }), (conds) => {
        const rules = compile(conds.map((when, i) => ({ id: i + 1, name: `r${i}`, classCode: 'GUC', when })));
        const sql = firstMatchSql(c.db, rules);
        const got = c.db
          .prepare(`SELECT c.ref, ${sql.expr} k FROM claims c JOIN creditors cr ON cr.id = c.creditor_id ORDER BY c.ref`)
          .all(sql.params) as Array<{ ref: string; k: bigint | null }>;
        rows.forEach((r, i) => {
          const want = firstMatch(rules, {
            asset: r.asset,
            source: r.source,
            value: r.value_minor,
            secured: r.s === 1n,
            creditorType: r.type,
            jurisdiction: r.jurisdiction,
            tags: () => new Set([...parseTags(r.tags), ...parseTags(r.ctags)]),
          });
          expect(got[i]!.k === null ? null : Number(got[i]!.k), `${r.ref} under ${JSON.stringify(conds)}`).toBe(want ? want.index : null);
        });
      }),
      { numRuns: 150 },
    );
  });
});
