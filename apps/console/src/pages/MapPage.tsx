import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { api } from '../api';
import { GridMap } from '../components/GridMap';
import { gridFeatures, loadCases, loadGrids } from '../data';
import { need, useLoad, useLocale } from '../hooks';
import type { Claims } from '../lib/claims';
import { formatNumber, formatPercent } from '../lib/format';

function GridPanel({ code, name, cases }: { code: string; name: string; cases: ReadonlyArray<{ id: string; number: string; state: string }> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const staff = useLoad(async () => need(await api.GET('/api/v1/nodes/{code}/staff', { params: { path: { code } } })), [code]);
  const places = useLoad(async () => need(await api.GET('/api/v1/places', { params: { query: { under: code, limit: 20, offset: 0 } } })), [code]);
  const figures = useLoad(async () => need(await api.GET('/api/v1/reports/dashboard', { params: { query: { node: code } } })), [code]);
  const year = figures.data?.periods.find((p) => p.key === 'year')?.figures;
  return (
    <aside className="panel" aria-labelledby="grid-panel-title" data-testid="grid-panel">
      <h2 id="grid-panel-title">
        {name} <small>{code}</small>
      </h2>
      <h3>{t('map.figures')}</h3>
      {year ? (
        <dl className="figures">
          <dt>{t('kpi.found')}</dt>
          <dd>{formatNumber(year.found, locale)}</dd>
          <dt>{t('kpi.open')}</dt>
          <dd>{formatNumber(year.open, locale)}</dd>
          <dt>{t('kpi.closureRate')}</dt>
          <dd>{formatPercent(year.closureRate.percent, locale)}</dd>
        </dl>
      ) : (
        <p>{figures.error ? t('common.unavailable') : t('common.loading')}</p>
      )}
      <h3>{t('map.staff')}</h3>
      <ul>
        {(staff.data ?? []).map((a) => (
          <li key={a.id}>
            {a.staffName ?? a.staffId} · {t(`staffRoles.${a.role}`, { defaultValue: a.role })}
          </li>
        ))}
        {staff.data?.length === 0 && <li>{t('common.none')}</li>}
      </ul>
      <h3>{t('map.places')}</h3>
      <ul>
        {(places.data?.items ?? []).map((p) => (
          <li key={p.id}>{p.name}</li>
        ))}
        {places.data?.items.length === 0 && <li>{t('common.none')}</li>}
      </ul>
      <h3>{t('map.cases')}</h3>
      <ul>
        {cases.map((c) => (
          <li key={c.id}>
            <Link to={`/cases/${c.id}`}>{c.number}</Link> · {t(`states.${c.state}`)}
          </li>
        ))}
        {cases.length === 0 && <li>{t('common.none')}</li>}
      </ul>
    </aside>
  );
}

export function MapPage({ claims }: { claims: Claims }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [colorBy, setColorBy] = useState<'open' | 'overdue'>('open');
  const [selected, setSelected] = useState<string | undefined>();
  const grids = useLoad(loadGrids, []);
  const cases = useLoad(() => loadCases(), []);
  const features = useMemo(() => gridFeatures(grids.data ?? [], cases.data ?? []), [grids.data, cases.data]);
  const points = useMemo(() => (cases.data ?? []).map((c) => ({ id: c.id, coordinates: [c.location.coordinates[0] ?? 0, c.location.coordinates[1] ?? 0] as [number, number] })), [cases.data]);
  const chosen = features.find((g) => g.code === selected);
  return (
    <div className="map-page">
      <section className="map-main">
        <div className="toolbar">
          <h1>{t('map.title', { scope: claims.node ?? t('common.wholeSystem') })}</h1>
          <label>
            {t('map.colorBy')}
            <select value={colorBy} onChange={(e) => setColorBy(e.target.value === 'overdue' ? 'overdue' : 'open')}>
              <option value="open">{t('map.byOpen')}</option>
              <option value="overdue">{t('map.byOverdue')}</option>
            </select>
          </label>
        </div>
        {(grids.error ?? cases.error) && (
          <p role="alert" className="error">
            {grids.error ?? cases.error}
          </p>
        )}
        <GridMap grids={features} cases={points} colorBy={colorBy} selected={selected} onGridClick={setSelected} label={t('map.label')} />
        <details className="grid-list-box" open>
          <summary>{t('map.gridList', { count: features.length, formatted: formatNumber(features.length, locale) })}</summary>
          <ul className="grid-list" data-testid="grid-list">
            {features.map((g) => (
              <li key={g.code}>
                <button type="button" data-code={g.code} aria-pressed={g.code === selected} onClick={() => setSelected(g.code)}>
                  {g.name} · {t('map.openCount', { count: g.open, formatted: formatNumber(g.open, locale) })}
                </button>
              </li>
            ))}
          </ul>
        </details>
      </section>
      {chosen && <GridPanel code={chosen.code} name={chosen.name} cases={(cases.data ?? []).filter((c) => c.gridCode === chosen.code)} />}
    </div>
  );
}
