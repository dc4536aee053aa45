import type { CaseStateName } from './actions';

/** The case list's filters, kept in the address bar so a list can be shared and reloaded. */
export interface CaseFilters {
  state?: CaseStateName;
  categoryCode?: string;
  under?: string;
  overdue?: boolean;
  source?: CaseSourceName;
  /** Reported on or after (YYYY-MM-DD). */
  from?: string;
  /** Reported on or before (YYYY-MM-DD). */
  to?: string;
  sort: CaseSort;
  page: number;
}

export type CaseSort = 'createdAt:desc' | 'createdAt:asc' | 'deadline:asc';
export const CASE_SORTS: readonly CaseSort[] = ['createdAt:desc', 'createdAt:asc', 'deadline:asc'];
export const PAGE_SIZE = 20;

/** Where a case came from (the API's `CaseSource`). */
export const CASE_SOURCES = ['patrol', 'household_visit', 'citizen', 'hotline_12345', 'open311', 'city_system', 'screening_campaign'] as const;
export type CaseSourceName = (typeof CASE_SOURCES)[number];

const STATES: readonly CaseStateName[] = ['reported', 'filed', 'rejected', 'dispatched', 'accepted', 'returned', 'handled', 'suspended', 'closed', 'cancelled', 'merged'];

export function filtersFromSearch(search: URLSearchParams): CaseFilters {
  const state = search.get('state');
  const sort = search.get('sort');
  const page = Number(search.get('page') ?? '1');
  const text = (k: string) => {
    const v = search.get(k)?.trim();
    return v ? v : undefined;
  };
  const date = (k: string) => {
    const v = text(k);
    return v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
  };
  return {
    ...(state && (STATES as readonly string[]).includes(state) ? { state: state as CaseStateName } : {}),
    ...(text('categoryCode') ? { categoryCode: text('categoryCode') } : {}),
    ...(text('under') ? { under: text('under') } : {}),
    ...(search.get('overdue') === 'true' ? { overdue: true } : {}),
    ...((CASE_SOURCES as readonly string[]).includes(text('source') ?? '') ? { source: text('source') as CaseSourceName } : {}),
    ...(date('from') ? { from: date('from') } : {}),
    ...(date('to') ? { to: date('to') } : {}),
    sort: sort && (CASE_SORTS as readonly string[]).includes(sort) ? (sort as CaseSort) : 'createdAt:desc',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

export function filtersToSearch(f: CaseFilters): URLSearchParams {
  const out = new URLSearchParams();
  if (f.state) out.set('state', f.state);
  if (f.categoryCode) out.set('categoryCode', f.categoryCode);
  if (f.under) out.set('under', f.under);
  if (f.overdue) out.set('overdue', 'true');
  if (f.source) out.set('source', f.source);
  if (f.from) out.set('from', f.from);
  if (f.to) out.set('to', f.to);
  if (f.sort !== 'createdAt:desc') out.set('sort', f.sort);
  if (f.page > 1) out.set('page', String(f.page));
  return out;
}

/** The working time zone's offset: a day of the filter starts at its midnight there (China keeps no summer time). */
const WORK_DAY_OFFSET = '+08:00';

const API_SORT: Record<CaseSort, 'reported_desc' | 'reported_asc' | 'deadline_asc'> = {
  'createdAt:desc': 'reported_desc',
  'createdAt:asc': 'reported_asc',
  'deadline:asc': 'deadline_asc',
};

/** The day after `day` (YYYY-MM-DD). */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The query of one page of the list (`GET /api/v1/cases`): every filter, the sort and the page are the API's. */
export function apiQuery(f: CaseFilters): {
  state?: CaseStateName;
  categoryCode?: string;
  under?: string;
  overdue?: 'true';
  source?: CaseSourceName;
  reportedFrom?: string;
  reportedBefore?: string;
  sort: 'reported_desc' | 'reported_asc' | 'deadline_asc';
  limit: number;
  offset: number;
} {
  return {
    ...(f.state ? { state: f.state } : {}),
    ...(f.categoryCode ? { categoryCode: f.categoryCode } : {}),
    ...(f.under ? { under: f.under } : {}),
    ...(f.overdue ? { overdue: 'true' as const } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(f.from ? { reportedFrom: `${f.from}T00:00:00${WORK_DAY_OFFSET}` } : {}),
    ...(f.to ? { reportedBefore: `${nextDay(f.to)}T00:00:00${WORK_DAY_OFFSET}` } : {}),
    sort: API_SORT[f.sort],
    limit: PAGE_SIZE,
    offset: (f.page - 1) * PAGE_SIZE,
  };
}

/** Pages of a list of `total` rows. */
export function pagesOf(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}
