import { availableActions } from './actions';
import type { Claims } from './claims';
import { apiQuery, filtersFromSearch, filtersToSearch, pagesOf, PAGE_SIZE } from './filters';
import { formatDateTime, formatNumber, formatPercent, isoDay, quarterOf } from './format';
import { countsByGrid } from './geo';
import { fieldError, toProblem } from './problem';

const who = (c: Partial<Claims>): Claims => ({ sub: 'x', name: 'x', roles: [], node: '410102005', dept: null, exp: 0, ...c });
const path = ['410100', '410102', '410102005', '410102005001', '41010200500101', '4101020050010101'];

describe('the lifecycle buttons a caller is shown', () => {
  it('offers an operator filing, then dispatching; the department officer accepting, then handling; grid staff verifying', () => {
    const operator = who({ roles: ['community_operator'], node: '410102005001' });
    const officer = who({ roles: ['department_officer'], dept: 'lsz-police' });
    const member = who({ roles: ['grid_member'], node: '4101020050010101' });
    expect(availableActions(operator, { state: 'reported', gridPath: path })).toEqual(['file', 'reject', 'merge', 'cancel']);
    expect(availableActions(operator, { state: 'filed', gridPath: path })).toEqual(['dispatch', 'escalate', 'push-down', 'merge', 'cancel']);
    const dispatched = { state: 'dispatched' as const, gridPath: path, dispatchTarget: 'department', departmentCode: 'lsz-police' };
    expect(availableActions(officer, dispatched)).toEqual(['accept', 'return', 'extend', 'suspend', 'escalate']);
    expect(availableActions(who({ roles: ['department_officer'], dept: 'lsz-cm' }), dispatched)).toEqual([]);
    expect(availableActions(officer, { ...dispatched, state: 'accepted' })).toContain('handle');
    expect(availableActions(member, { ...dispatched, state: 'handled' })).toEqual(['verify']);
    expect(availableActions(operator, { ...dispatched, state: 'closed' })).toEqual(['reopen']);
    expect(availableActions(operator, { ...dispatched, pendingRequest: { kind: 'extension' } })).toContain('approve-extension');
  });

  it('offers an auditor, and anyone outside the case grid, nothing', () => {
    const auditor = who({ roles: ['auditor'] });
    for (const state of ['reported', 'filed', 'dispatched', 'accepted', 'handled', 'closed'] as const) expect(availableActions(auditor, { state, gridPath: path })).toEqual([]);
    expect(availableActions(who({ roles: ['community_operator'], node: '410102005002' }), { state: 'reported', gridPath: path })).toEqual([]);
  });
});

describe('case list filters', () => {
  it('round-trips through the address bar and ignores what is not a filter', () => {
    const f = filtersFromSearch(new URLSearchParams('state=filed&overdue=true&source=citizen&from=2026-12-01&sort=deadline:asc&page=2&state2=x&to=bad'));
    expect(f).toEqual({ state: 'filed', overdue: true, source: 'citizen', from: '2026-12-01', sort: 'deadline:asc', page: 2 });
    expect(filtersFromSearch(filtersToSearch(f))).toEqual(f);
    expect(filtersFromSearch(new URLSearchParams('state=lost&page=-3'))).toEqual({ sort: 'createdAt:desc', page: 1 });
    expect(apiQuery(f)).toEqual({ state: 'filed', overdue: 'true', source: 'citizen', reportedFrom: '2026-12-01T00:00:00+08:00', sort: 'deadline_asc', limit: PAGE_SIZE, offset: PAGE_SIZE });
  });

  it('asks the API for one page, its days counted from midnight in the working time zone', () => {
    const q = apiQuery({ source: 'hotline_12345', from: '2026-12-01', to: '2026-12-31', sort: 'deadline:asc', page: 3 });
    expect(q).toEqual({
      source: 'hotline_12345',
      reportedFrom: '2026-12-01T00:00:00+08:00',
      reportedBefore: '2027-01-01T00:00:00+08:00',
      sort: 'deadline_asc',
      limit: PAGE_SIZE,
      offset: 2 * PAGE_SIZE,
    });
    expect(pagesOf(0)).toBe(1);
    expect(pagesOf(PAGE_SIZE * 2 + 1)).toBe(3);
  });
});

describe('formatting by locale', () => {
  it('writes dates, numbers and rates the way each language reads them', () => {
    const at = '2026-12-03T01:30:00Z';
    expect(formatDateTime(at, 'zh-CN', 'Asia/Shanghai')).toBe('2026年12月3日 09:30');
    expect(formatDateTime(at, 'en', 'Asia/Shanghai')).toBe('Dec 3, 2026, 9:30 AM');
    expect(formatDateTime(null, 'en')).toBe('—');
    expect(formatNumber(12345, 'en')).toBe('12,345');
    expect(formatPercent('99.22', 'zh-CN')).toBe('99.22%');
    expect(formatPercent(null, 'en')).toBe('—');
  });

  it('counts today and the quarter on the working calendar’s clock', () => {
    // 17:30 UTC on 31 December is already 1 January in Zhengzhou
    expect(isoDay(new Date('2026-12-31T17:30:00Z'), 'Asia/Shanghai')).toBe('2027-01-01');
    expect(quarterOf('2027-01-01')).toBe('2027-Q1');
    expect(quarterOf('2026-12-03')).toBe('2026-Q4');
    expect(quarterOf('2026-06-30')).toBe('2026-Q2');
  });
});

describe('map figures', () => {
  it('counts open and overdue cases per grid', () => {
    const now = Date.parse('2026-12-03T00:00:00Z');
    const counts = countsByGrid(
      [
        { gridCode: 'a', state: 'dispatched', deadline: '2026-12-02T00:00:00Z' },
        { gridCode: 'a', state: 'filed', deadline: null },
        { gridCode: 'a', state: 'closed', deadline: '2026-12-01T00:00:00Z' },
        { gridCode: 'b', state: 'accepted', deadline: '2026-12-04T00:00:00Z' },
      ],
      now,
    );
    expect(Object.fromEntries(counts)).toEqual({ a: { open: 2, overdue: 1 }, b: { open: 1, overdue: 0 } });
  });
});

describe('problem+json', () => {
  it('gives each form field the reason the API named', () => {
    const p = toProblem({ title: 'Bad Request', status: 400, errors: [{ field: 'reporter.phone', reason: 'must be a phone number' }] }, 400);
    expect(fieldError(p, 'reporter.phone')).toBe('must be a phone number');
    expect(fieldError(p, 'reporter')).toBe('must be a phone number');
    expect(fieldError(p, 'address')).toBeUndefined();
    expect(toProblem({ error: 'invalid_grant', error_description: 'expired' }, 400)).toEqual({ title: 'invalid_grant', status: 400, detail: 'expired' });
  });
});
