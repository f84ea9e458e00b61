import { describe, expect, it } from 'vitest';
import { addClass, fromGroups, moveDown, moveTo, moveUp, setShared, sharesAbove, toGroups, type Groups } from '../../renderer/src/pages/classification/ladderModel.js';
import type { ClassView } from '../../src/api/contract/classes.js';

const k = (code: string, rank: number, position: number, treatment: ClassView['treatment'] = 'pro_rata'): ClassView => ({
  code,
  name: code,
  rank,
  treatment,
  pct: null,
  cap: null,
  secured: false,
  deficiencyClass: null,
  portionCap: null,
  overflowClass: null,
  interestBearing: false,
  inKindAsset: null,
  position,
});
const DEMO = [k('ADMIN', 1, 0), k('SEC', 2, 1), k('PRIO', 3, 2), k('CONV', 5, 3), k('GUC', 5, 4), k('EQ', 7, 5, 'residual')];
const show = (g: Groups) => fromGroups(g).map((c) => `${c.rank}:${c.code}`).join(' ');

describe('the ladder editor model', () => {
  it('keeps the ranks of an untouched ladder, gaps included, and groups shared ranks', () => {
    const g = toGroups(DEMO);
    expect(g.map((x) => x.map((c) => c.code))).toEqual([['ADMIN'], ['SEC'], ['PRIO'], ['CONV', 'GUC'], ['EQ']]);
    expect(show(g)).toBe('1:ADMIN 2:SEC 3:PRIO 5:CONV 5:GUC 7:EQ');
    expect(sharesAbove(g, 'GUC')).toBe(true);
    expect(sharesAbove(g, 'CONV')).toBe(false);
  });

  it('moves a class alone in its rank above or below its neighbour, renumbering the ranks', () => {
    const g = toGroups(DEMO);
    expect(show(moveUp(g, 'PRIO'))).toBe('1:ADMIN 2:PRIO 3:SEC 4:CONV 4:GUC 5:EQ');
    expect(show(moveDown(g, 'ADMIN'))).toBe('1:SEC 2:ADMIN 3:PRIO 4:CONV 4:GUC 5:EQ');
    expect(moveUp(g, 'ADMIN')).toBe(g);
    expect(moveDown(g, 'EQ')).toBe(g);
  });

  it('moves within a shared rank first, then out of it to rank alone', () => {
    const g = toGroups(DEMO);
    const swapped = moveUp(g, 'GUC');
    expect(show(swapped)).toBe('1:ADMIN 2:SEC 3:PRIO 5:GUC 5:CONV 7:EQ');
    expect(show(moveUp(swapped, 'GUC'))).toBe('1:ADMIN 2:SEC 3:PRIO 4:GUC 5:CONV 6:EQ');
    expect(show(moveDown(g, 'GUC'))).toBe('1:ADMIN 2:SEC 3:PRIO 4:CONV 5:GUC 6:EQ');
  });

  it('joins a class to the rank above, or splits it off', () => {
    const g = toGroups(DEMO);
    expect(show(setShared(g, 'SEC', true))).toBe('1:ADMIN 1:SEC 2:PRIO 3:CONV 3:GUC 4:EQ');
    expect(show(setShared(g, 'GUC', false))).toBe('1:ADMIN 2:SEC 3:PRIO 4:CONV 5:GUC 6:EQ');
  });

  it('drops a dragged class into the place of the one it is dropped on', () => {
    const g = toGroups(DEMO);
    expect(show(moveTo(g, 'PRIO', 'ADMIN'))).toBe('1:PRIO 2:ADMIN 3:SEC 4:CONV 4:GUC 5:EQ');
    expect(show(moveTo(g, 'ADMIN', 'PRIO'))).toBe('1:SEC 2:PRIO 3:ADMIN 4:CONV 4:GUC 5:EQ');
    expect(show(moveTo(g, 'GUC', 'SEC'))).toBe('1:ADMIN 2:GUC 3:SEC 4:PRIO 5:CONV 6:EQ');
  });

  it('adds a new class above the residual class', () => {
    expect(show(addClass(toGroups(DEMO), k('SUB', 0, 9)))).toBe('1:ADMIN 2:SEC 3:PRIO 4:CONV 4:GUC 5:SUB 6:EQ');
  });
});
