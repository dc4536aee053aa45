import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';

import { api, download, type KpiFigures } from '../api';
import { BarChart } from '../components/BarChart';
import { Rankings } from '../components/Rankings';
import { need, useLoad, useLocale } from '../hooks';
import type { Claims } from '../lib/claims';
import { formatDateTime, formatNumber, formatPercent } from '../lib/format';

const PERIODS = ['today', 'week', 'month', 'quarter', 'year'] as const;
type PeriodKey = (typeof PERIODS)[number];

function Kpis({ figures }: { figures: KpiFigures }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const cards: Array<[string, string]> = [
    ['found', formatNumber(figures.found, locale)],
    ['closed', formatNumber(figures.closed, locale)],
    ['open', formatNumber(figures.open, locale)],
    ['overdueNow', formatNumber(figures.overdueNow, locale)],
    ['closureRate', formatPercent(figures.closureRate.percent, locale)],
    ['onTimeRate', formatPercent(figures.onTimeRate.percent, locale)],
  ];
  return (
    <dl className="kpis" data-testid="kpis">
      {cards.map(([key, value]) => (
        <div key={key} className="kpi" data-kpi={key}>
          <dt>{t(`kpi.${key}`)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The KPIs of the caller's node (or one beneath it), its children's figures as a chart and a table to drill into, and the exports. */
export function DashboardPage({ claims }: { claims: Claims }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [search, setSearch] = useSearchParams();
  const [period, setPeriod] = useState<PeriodKey>('today');
  const [tick, setTick] = useState(0);
  const root = useLoad(async () => {
    if (claims.node) return claims.node;
    const cities = need(await api.GET('/api/v1/nodes', { params: { query: { kind: 'city', limit: 1, offset: 0 } } }));
    return cities.items[0]?.code ?? '';
  }, [claims.node]);
  const node = search.get('node') ?? root.data ?? '';
  // the figures follow the event stream: look again every 15 s
  useEffect(() => {
    const h = setInterval(() => setTick((x) => x + 1), 15_000);
    return () => clearInterval(h);
  }, []);
  const dash = useLoad(async () => (node ? need(await api.GET('/api/v1/reports/dashboard', { params: { query: { node } } })) : undefined), [node, tick]);
  const current = dash.data?.periods.find((p) => p.key === period);
  const periodQuery = current ? { from: current.period.from, to: current.period.to } : undefined;
  const children = useLoad(
    async () => (node && periodQuery ? need(await api.GET('/api/v1/reports/kpis', { params: { query: { node, ...periodQuery, groupBy: 'child' } } })) : undefined),
    [node, periodQuery?.from, periodQuery?.to, tick],
  );
  const rows = useMemo(() => children.data?.rows ?? [], [children.data]);
  const chartCats = useMemo(() => rows.map((r) => r.name ?? r.key), [rows]);
  const chartSeries = useMemo(
    () => [
      { name: t('kpi.found'), data: rows.map((r) => r.figures.found) },
      { name: t('kpi.closed'), data: rows.map((r) => r.figures.closed) },
      { name: t('kpi.open'), data: rows.map((r) => r.figures.open) },
    ],
    [rows, t],
  );
  const drill = (code: string) => setSearch(new URLSearchParams({ node: code }));
  const exportQuery = periodQuery ? new URLSearchParams({ node, ...periodQuery, groupBy: 'child' }).toString() : '';
  const path = dash.data?.node.path ?? [];

  return (
    <div className="dashboard">
      <h1>{t('reports.title', { name: dash.data?.node.name ?? node })}</h1>
      <nav aria-label={t('reports.breadcrumb')} className="crumbs">
        {path
          .filter((code) => !claims.node || code.length >= claims.node.length)
          .map((code) => (
            <button type="button" key={code} onClick={() => drill(code)} aria-current={code === node ? 'page' : undefined}>
              {code}
            </button>
          ))}
      </nav>
      <div className="toolbar">
        <label>
          {t('reports.period')}
          <select value={period} onChange={(e) => setPeriod(e.target.value as PeriodKey)} data-testid="period">
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`periods.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setTick((x) => x + 1)}>
          {t('reports.refresh')}
        </button>
        <button type="button" disabled={!exportQuery} onClick={() => void download(`/api/v1/reports/kpis.csv?${exportQuery}`, `kpis-${node}.csv`)}>
          {t('reports.exportCsv')}
        </button>
        <button type="button" disabled={!exportQuery} onClick={() => void download(`/api/v1/reports/kpis.xlsx?${exportQuery}`, `kpis-${node}.xlsx`)}>
          {t('reports.exportXlsx')}
        </button>
      </div>
      {(dash.error ?? children.error) && (
        <p role="alert" className="error">
          {dash.error ?? children.error}
        </p>
      )}
      {current ? <Kpis figures={current.figures} /> : <p>{t('common.loading')}</p>}
      {dash.data && <p className="muted">{t('reports.computedAt', { at: formatDateTime(dash.data.computedAt, locale) })}</p>}
      <h2>{t('reports.children')}</h2>
      <BarChart categories={chartCats} series={chartSeries} label={t('reports.chartLabel')} onPick={(i) => rows[i] && drill(rows[i].key)} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('reports.node')}</th>
              <th scope="col">{t('kpi.found')}</th>
              <th scope="col">{t('kpi.closed')}</th>
              <th scope="col">{t('kpi.open')}</th>
              <th scope="col">{t('kpi.closureRate')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td>
                  <button type="button" className="link" onClick={() => drill(r.key)}>
                    {r.name ?? r.key}
                  </button>
                </td>
                <td>{formatNumber(r.figures.found, locale)}</td>
                <td>{formatNumber(r.figures.closed, locale)}</td>
                <td>{formatNumber(r.figures.open, locale)}</td>
                <td>{formatPercent(r.figures.closureRate.percent, locale)}</td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={5}>{t('common.none')}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {node && <Rankings node={node} />}
    </div>
  );
}
