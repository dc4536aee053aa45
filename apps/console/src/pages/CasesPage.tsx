import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';

import { api, type CaseView } from '../api';
import { loadCasePage, loadCategories } from '../data';
import { need, useLoad, useLocale } from '../hooks';
import type { Claims } from '../lib/claims';
import { apiQuery, CASE_SORTS, CASE_SOURCES, filtersFromSearch, filtersToSearch, pagesOf, type CaseFilters } from '../lib/filters';
import { formatDateTime, formatNumber } from '../lib/format';

const STATES = ['reported', 'filed', 'rejected', 'dispatched', 'accepted', 'returned', 'handled', 'suspended', 'closed', 'cancelled', 'merged'] as const;

function CaseTable({ rows, caption }: { rows: readonly CaseView[]; caption: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cases.number')}</th>
            <th scope="col">{t('cases.state')}</th>
            <th scope="col">{t('cases.category')}</th>
            <th scope="col">{t('cases.address')}</th>
            <th scope="col">{t('cases.reportedAt')}</th>
            <th scope="col">{t('cases.deadline')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id} data-testid="case-row" data-number={c.number}>
              <td>
                <Link to={`/cases/${c.id}`}>{c.number}</Link>
              </td>
              <td>{t(`states.${c.state}`)}</td>
              <td>{c.categoryCode}</td>
              <td>{c.address}</td>
              <td>{formatDateTime(c.createdAt, locale)}</td>
              <td>{formatDateTime(c.deadline, locale)}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={6}>{t('common.none')}</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function WorkQueue() {
  const { t } = useTranslation();
  const locale = useLocale();
  const work = useLoad(async () => need(await api.GET('/api/v1/me/work')), []);
  return (
    <section aria-labelledby="work-title" data-testid="work-queue">
      <h2 id="work-title">{t('cases.workQueue', { count: work.data?.total ?? 0, formatted: formatNumber(work.data?.total ?? 0, locale) })}</h2>
      {work.error && (
        <p role="alert" className="error">
          {work.error}
        </p>
      )}
      <ul className="work">
        {(work.data?.items ?? []).map((w) => (
          <li key={`${w.kind}-${w.case.id}`} className={w.overdue ? 'overdue' : ''}>
            <span className="badge">{t(`work.${w.kind}`)}</span> <Link to={`/cases/${w.case.id}`}>{w.case.number}</Link> · {w.case.address} · {formatDateTime(w.case.deadline, locale)}
            {w.overdue && <strong> {t('cases.overdue')}</strong>}
          </li>
        ))}
        {work.data?.items.length === 0 && <li>{t('cases.nothingToDo')}</li>}
      </ul>
    </section>
  );
}

export function CasesPage({ claims: _claims }: { claims: Claims }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const q = useMemo(() => apiQuery(filters), [filters]);
  const cases = useLoad(() => loadCasePage(q), [JSON.stringify(q)]);
  const categories = useLoad(loadCategories, []);
  const total = cases.data?.total ?? 0;
  const shown = { rows: cases.data?.items ?? [], total, pages: pagesOf(total) };
  const update = (change: Partial<CaseFilters>) => setSearch(filtersToSearch({ ...filters, page: 1, ...change }));

  return (
    <div className="cases-page">
      <h1>{t('cases.title')}</h1>
      <WorkQueue />
      <section aria-labelledby="list-title">
        <h2 id="list-title">{t('cases.list')}</h2>
        <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('cases.filters')}>
          <label>
            {t('cases.state')}
            <select value={filters.state ?? ''} onChange={(e) => update({ state: (e.target.value || undefined) as CaseFilters['state'] })}>
              <option value="">{t('common.all')}</option>
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`states.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('cases.category')}
            <select value={filters.categoryCode ?? ''} onChange={(e) => update({ categoryCode: e.target.value || undefined })}>
              <option value="">{t('common.all')}</option>
              {(categories.data ?? []).map((c) => (
                <option key={c.code} value={c.code}>
                  {c.code} {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('cases.grid')}
            <input value={filters.under ?? ''} inputMode="numeric" pattern="\d{6,16}" onChange={(e) => update({ under: e.target.value || undefined })} />
          </label>
          <label>
            {t('cases.source')}
            <select value={filters.source ?? ''} onChange={(e) => update({ source: (e.target.value || undefined) as CaseFilters['source'] })}>
              <option value="">{t('common.all')}</option>
              {CASE_SOURCES.map((s) => (
                <option key={s} value={s}>
                  {t(`sources.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('cases.from')}
            <input type="date" value={filters.from ?? ''} onChange={(e) => update({ from: e.target.value || undefined })} />
          </label>
          <label>
            {t('cases.to')}
            <input type="date" value={filters.to ?? ''} onChange={(e) => update({ to: e.target.value || undefined })} />
          </label>
          <label className="check">
            <input type="checkbox" checked={filters.overdue ?? false} onChange={(e) => update({ overdue: e.target.checked || undefined })} />
            {t('cases.overdueOnly')}
          </label>
          <label>
            {t('cases.sort')}
            <select value={filters.sort} onChange={(e) => update({ sort: e.target.value as CaseFilters['sort'] })}>
              {CASE_SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`sorts.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </form>
        {cases.error && (
          <p role="alert" className="error">
            {cases.error}
          </p>
        )}
        <CaseTable rows={shown.rows} caption={t('cases.matching', { count: shown.total, formatted: formatNumber(shown.total, locale) })} />
        <nav className="pager" aria-label={t('cases.pages')}>
          <button type="button" disabled={filters.page <= 1} onClick={() => setSearch(filtersToSearch({ ...filters, page: filters.page - 1 }))}>
            {t('cases.previous')}
          </button>
          <span>{t('cases.page', { page: formatNumber(Math.min(filters.page, shown.pages), locale), pages: formatNumber(shown.pages, locale) })}</span>
          <button type="button" disabled={filters.page >= shown.pages} onClick={() => setSearch(filtersToSearch({ ...filters, page: filters.page + 1 }))}>
            {t('cases.next')}
          </button>
        </nav>
      </section>
    </div>
  );
}
