import type { CaseStateName } from './actions';

/** The case list's filters, kept in the address bar so a list can be shared and reloaded. */
export interface CaseFilters {
  state?: CaseStateName;
  categoryCode?: string;
  under?: string;
  overdue?: boolean;
  source?: string;
  /** Reported on or after (YYYY-MM-DD). */
  from?: string;
  /** Reported on or before (YYYY-MM-DD). */
  to?: string;
  sort: CaseSort;
  page: number;
}

export type CaseSort = 'createdAt:desc' | 'createdAt:asc' | 'deadline:asc' | 'number:asc';
export const CASE_SORTS: readonly CaseSort[] = ['createdAt:desc', 'createdAt:asc', 'deadline:asc', 'number:asc'];
export const PAGE_SIZE = 20;

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
    ...(text('source') ? { source: text('source') } : {}),
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

/** The query the API filters by itself (`GET /api/v1/cases`). */
export function apiQuery(f: CaseFilters): { state?: CaseStateName; categoryCode?: string; under?: string; overdue?: string; limit: number; offset: number } {
  return {
    ...(f.state ? { state: f.state } : {}),
    ...(f.categoryCode ? { categoryCode: f.categoryCode } : {}),
    ...(f.under ? { under: f.under } : {}),
    ...(f.overdue ? { overdue: 'true' } : {}),
    limit: 500,
    offset: 0,
  };
}

interface Listable {
  number: string;
  source: string;
  createdAt: string;
  deadline?: string | null;
}

/**
 * What the API does not filter (source, dates), the sort and the page, applied to what it
 * answered: the rows shown and how many match in all.
 */
export function applyLocal<T extends Listable>(items: readonly T[], f: CaseFilters): { rows: T[]; total: number; pages: number } {
  const from = f.from ? Date.parse(`${f.from}T00:00:00`) : undefined;
  const to = f.to ? Date.parse(`${f.to}T23:59:59.999`) : undefined;
  const matching = items.filter((c) => {
    if (f.source && c.source !== f.source) return false;
    const at = Date.parse(c.createdAt);
    if (from !== undefined && at < from) return false;
    if (to !== undefined && at > to) return false;
    return true;
  });
  const [key, dir] = f.sort.split(':') as ['createdAt' | 'deadline' | 'number', 'asc' | 'desc'];
  const value = (c: T): string => (key === 'deadline' ? (c.deadline ?? '9999') : key === 'number' ? c.number : c.createdAt);
  const sorted = [...matching].sort((a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0) * (dir === 'asc' ? 1 : -1));
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const page = Math.min(f.page, pages);
  return { rows: sorted.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), total: sorted.length, pages };
}
