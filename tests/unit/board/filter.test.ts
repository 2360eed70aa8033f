import { describe, expect, it } from 'vitest';
import { distinctValues, isFilterEmpty, matchesFilter } from '../../../shared/board/filter';
import { clock, row, T0 } from '../renderer/fixtures';

describe('board filters', () => {
  const nanjing = row('JS-1');
  const suzhou = row('JS-2', { city: '苏州', service: 'sdh', center: 'cable', accountManager: '李强', customer: { id: 'c2', name: '苏州工业园区管委会', tier: 'province' } });

  it('treats an empty filter as no filter', () => {
    expect(isFilterEmpty({})).toBe(true);
    expect(isFilterEmpty({ cities: [], text: '' })).toBe(true);
    expect(isFilterEmpty({ cities: ['南京'] })).toBe(false);
  });

  it('matches every chosen field and lets empty lists pass', () => {
    expect(matchesFilter(nanjing, { cities: ['南京'] }, T0)).toBe(true);
    expect(matchesFilter(suzhou, { cities: ['南京'] }, T0)).toBe(false);
    expect(matchesFilter(suzhou, { services: ['sdh'], centers: ['cable'], tiers: ['province'], accountManagers: ['李强'] }, T0)).toBe(true);
    expect(matchesFilter(suzhou, { services: ['sdh'], tiers: ['group'] }, T0)).toBe(false);
  });

  it('filters clock states as they are now, not as last sent', () => {
    const r = row('JS-3', { clocks: [clock({ dueAt: T0 + 1000 })] });
    expect(matchesFilter(r, { clockStates: ['breached'] }, T0)).toBe(false);
    expect(matchesFilter(r, { clockStates: ['breached'] }, T0 + 2000)).toBe(true);
  });

  it('searches every word across ticket, customer, circuit and people, ignoring case', () => {
    expect(matchesFilter(suzhou, { text: '园区 js-2' }, T0)).toBe(true);
    expect(matchesFilter(suzhou, { text: '园区 地铁' }, T0)).toBe(false);
    expect(matchesFilter(nanjing, { text: 'cir-1' }, T0)).toBe(true);
  });

  it('lists the distinct values a picker offers', () => {
    expect(distinctValues([nanjing, suzhou, row('JS-4', { city: null })], (r) => r.city)).toEqual(['南京', '苏州'].sort((a, b) => a.localeCompare(b, 'zh-CN')));
  });
});
