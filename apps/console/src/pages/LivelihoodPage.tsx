import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { api } from '../api';
import { need, useLoad, useLocale } from '../hooks';
import type { Claims } from '../lib/claims';
import { formatDateTime, formatNumber, formatPercent } from '../lib/format';

const LISTS = ['postings', 'stations', 'services', 'enrolment', 'teams', 'relocation'] as const;
type ListName = (typeof LISTS)[number];

function List({ name, under }: { name: ListName; under: string | undefined }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const q = { limit: 100, offset: 0, ...(under ? { under } : {}) };
  const data = useLoad(async (): Promise<{ head: string[]; rows: ReactNode[][] }> => {
    switch (name) {
      case 'postings': {
        const r = need(await api.GET('/api/v1/employment/postings', { params: { query: q } }));
        return {
          head: [t('livelihood.title_'), t('livelihood.employer'), t('livelihood.openings'), t('livelihood.status')],
          rows: r.items.map((p) => [p.title, p.employerName, formatNumber(p.openings, locale), p.status]),
        };
      }
      case 'stations': {
        const r = need(await api.GET('/api/v1/health/stations', { params: { query: q } }));
        return {
          head: [t('admin.name'), t('livelihood.hours'), t('livelihood.doctors')],
          rows: r.items.map((s) => [s.name, s.openingHours.map((h) => `${h.weekday}: ${h.opens}–${h.closes}`).join('；') || '—', formatNumber(s.doctors.length, locale)]),
        };
      }
      case 'services': {
        const r = need(await api.GET('/api/v1/community-services/requests', { params: { query: q } }));
        return {
          head: [t('livelihood.type'), t('livelihood.resident'), t('livelihood.status'), t('livelihood.received'), t('cases.deadline')],
          rows: r.items.map((s) => [s.typeName, s.residentName, s.state, formatDateTime(s.receivedAt, locale), formatDateTime(s.dueAt, locale)]),
        };
      }
      case 'enrolment': {
        const r = need(await api.GET('/api/v1/schooling/requests', { params: { query: q } }));
        return {
          head: [t('livelihood.child'), t('livelihood.grade'), t('livelihood.status'), t('livelihood.received'), t('cases.deadline')],
          rows: r.items.map((e) => [e.childName, e.grade, e.state, formatDateTime(e.receivedAt, locale), formatDateTime(e.deadline, locale)]),
        };
      }
      case 'teams': {
        const r = need(await api.GET('/api/v1/volunteers/teams', { params: { query: q } }));
        return { head: [t('admin.name'), t('admin.code'), t('livelihood.members')], rows: r.items.map((x) => [x.name, x.nodeCode, formatNumber(x.members.length, locale)]) };
      }
      case 'relocation': {
        const r = need(await api.GET('/api/v1/relocation/projects', { params: { query: q } }));
        return {
          head: [t('admin.name'), t('livelihood.status'), t('livelihood.start'), t('livelihood.households')],
          rows: r.items.map((x) => [x.name, x.status, x.startDate, formatNumber(x.households, locale)]),
        };
      }
    }
  }, [name, under, locale]);
  return (
    <div className="table-wrap">
      {data.error && (
        <p className="error" role="alert">
          {data.error}
        </p>
      )}
      <table>
        <thead>
          <tr>
            {(data.data?.head ?? []).map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(data.data?.rows ?? []).map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (
                <td key={j}>{c}</td>
              ))}
            </tr>
          ))}
          {data.data?.rows.length === 0 && (
            <tr>
              <td colSpan={data.data.head.length}>{t('common.none')}</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** The livelihood services 网格惠民 of the caller's node: the year's figures and the lists of each service. */
export function LivelihoodPage({ claims }: { claims: Claims }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [list, setList] = useState<ListName | null>(null);
  const year = new Date().getFullYear();
  const figures = useLoad(async () => (claims.node ? need(await api.GET('/api/v1/reports/livelihood', { params: { query: { node: claims.node, year } } })) : undefined), [claims.node, year]);
  const f = figures.data;
  const cards: Array<[string, string]> = f
    ? [
        ['placements', `${formatNumber(f.employment.placements.numerator, locale)} / ${formatNumber(f.employment.placements.denominator, locale)}`],
        ['coverage', formatPercent(f.health.households.percent, locale)],
        ['enrolmentOpen', formatNumber(f.schooling.open, locale)],
        ['enrolmentPlaced', formatNumber(f.schooling.placed, locale)],
        ['servicesReceived', formatNumber(f.services.received, locale)],
        ['servicesOnTime', formatPercent(f.services.onTime.percent, locale)],
      ]
    : [];
  return (
    <div className="livelihood-page">
      <h1>{t('livelihood.heading', { year })}</h1>
      {figures.error && (
        <p className="error" role="alert">
          {figures.error}
        </p>
      )}
      <dl className="kpis">
        {cards.map(([k, v]) => (
          <div key={k} className="kpi">
            <dt>{t(`livelihood.figures.${k}`)}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <div className="action-buttons" role="group" aria-label={t('livelihood.lists')}>
        {LISTS.map((l) => (
          <button key={l} type="button" aria-pressed={l === list} onClick={() => setList(l)}>
            {t(`livelihood.tabs.${l}`)}
          </button>
        ))}
      </div>
      {list && <List name={list} under={claims.node ?? undefined} />}
    </div>
  );
}
