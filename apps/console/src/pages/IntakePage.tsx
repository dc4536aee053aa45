import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';

import { api } from '../api';
import { GridMap } from '../components/GridMap';
import { gridFeatures, loadCases, loadCategories, loadGrids } from '../data';
import { need, useLoad, useLocale } from '../hooks';
import type { Claims } from '../lib/claims';
import { formatNumber } from '../lib/format';
import type { LngLat } from '../lib/geo';
import { fieldError, toProblem, type Problem } from '../lib/problem';

const SOURCES = ['citizen', 'hotline_12345', 'patrol', 'household_visit'] as const;

/** A phone report taken by an operator: the point picked on the map, the category found by search, duplicates shown first. */
export function IntakePage({ claims: _claims }: { claims: Claims }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const grids = useLoad(loadGrids, []);
  const cases = useLoad(() => loadCases(), []);
  const categories = useLoad(loadCategories, []);
  const [point, setPoint] = useState<LngLat | undefined>();
  const [query, setQuery] = useState('');
  const [categoryCode, setCategoryCode] = useState('');
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [source, setSource] = useState<(typeof SOURCES)[number]>('citizen');
  const [reporterName, setReporterName] = useState('');
  const [reporterPhone, setReporterPhone] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const features = useMemo(() => gridFeatures(grids.data ?? [], cases.data ?? []), [grids.data, cases.data]);
  const leaves = useMemo(() => (categories.data ?? []).filter((c) => c.leaf && !c.retired), [categories.data]);
  const byCode = useMemo(() => new Map((categories.data ?? []).map((c) => [c.code, c])), [categories.data]);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return leaves.slice(0, 12);
    return leaves
      .filter((c) => {
        const parent = c.parentCode ? (byCode.get(c.parentCode)?.name ?? '') : '';
        return c.code.toLowerCase().includes(q) || c.name.toLowerCase().includes(q) || parent.toLowerCase().includes(q);
      })
      .slice(0, 12);
  }, [query, leaves, byCode]);
  // what intake would list as probable duplicates of a report at the point, asked of the API before filing
  const nearby = useLoad(async () => (point ? need(await api.GET('/api/v1/cases/nearby', { params: { query: { lng: point[0], lat: point[1] } } })) : []), [point?.[0], point?.[1]]);
  const duplicates = nearby.data ?? [];
  const chosen = byCode.get(categoryCode);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!point) {
      setProblem({ title: t('intake.pickPoint'), status: 400, errors: [{ field: 'location', reason: t('intake.pickPoint') }] });
      return;
    }
    setBusy(true);
    setProblem(null);
    const { data, error, response } = await api.POST('/api/v1/cases', {
      body: {
        source,
        categoryCode,
        description,
        address,
        location: { type: 'Point', coordinates: point },
        ...(reporterName ? { reporter: { name: reporterName, ...(reporterPhone ? { phone: reporterPhone } : {}) } } : {}),
      },
    });
    setBusy(false);
    if (data) void navigate(`/cases/${data.id}`);
    else setProblem(toProblem(error, response.status));
  };

  const err = (field: string) => {
    const reason = fieldError(problem, field);
    return reason ? (
      <span className="error" role="alert">
        {reason}
      </span>
    ) : null;
  };

  return (
    <div className="intake-page">
      <section className="map-main">
        <h1>{t('intake.title')}</h1>
        <p>{t('intake.hint')}</p>
        <GridMap grids={features} cases={[]} picked={point} onPick={setPoint} label={t('intake.mapLabel')} />
      </section>
      <form className="card intake" onSubmit={(e) => void submit(e)} aria-labelledby="intake-form-title" data-testid="intake-form">
        <h2 id="intake-form-title">{t('intake.form')}</h2>
        <fieldset className="row">
          <legend>{t('intake.location')}</legend>
          <label>
            {t('intake.lng')}
            <input name="lng" type="number" step="0.000001" value={point?.[0] ?? ''} onChange={(e) => setPoint([Number(e.target.value), point?.[1] ?? 0])} />
          </label>
          <label>
            {t('intake.lat')}
            <input name="lat" type="number" step="0.000001" value={point?.[1] ?? ''} onChange={(e) => setPoint([point?.[0] ?? 0, Number(e.target.value)])} />
          </label>
          {err('location')}
        </fieldset>
        <label>
          {t('intake.source')}
          <select name="source" value={source} onChange={(e) => setSource(e.target.value as (typeof SOURCES)[number])}>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`sources.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('intake.categorySearch')}
          <input name="categorySearch" type="search" value={query} onChange={(e) => setQuery(e.target.value)} aria-controls="category-matches" />
        </label>
        <ul id="category-matches" className="choices" aria-label={t('intake.categoryMatches')}>
          {matches.map((c) => (
            <li key={c.code}>
              <button type="button" aria-pressed={c.code === categoryCode} onClick={() => setCategoryCode(c.code)} data-code={c.code}>
                {c.code} {c.parentCode ? `${byCode.get(c.parentCode)?.name ?? ''} / ` : ''}
                {c.name}
              </button>
            </li>
          ))}
        </ul>
        <p data-testid="chosen-category">{chosen ? t('intake.chosen', { name: `${chosen.code} ${chosen.name}` }) : t('intake.noCategory')}</p>
        {err('categoryCode')}
        <label>
          {t('case.description')}
          <textarea name="description" value={description} onChange={(e) => setDescription(e.target.value)} required rows={3} />
          {err('description')}
        </label>
        <label>
          {t('cases.address')}
          <input name="address" value={address} onChange={(e) => setAddress(e.target.value)} required />
          {err('address')}
        </label>
        <label>
          {t('intake.reporterName')}
          <input name="reporterName" value={reporterName} onChange={(e) => setReporterName(e.target.value)} />
        </label>
        <label>
          {t('intake.reporterPhone')}
          <input name="reporterPhone" type="tel" value={reporterPhone} onChange={(e) => setReporterPhone(e.target.value)} />
          {err('reporter.phone')}
        </label>
        <section aria-live="polite" data-testid="duplicates">
          {duplicates.length > 0 && (
            <>
              <h3>{t('intake.duplicates', { count: duplicates.length })}</h3>
              <ul>
                {duplicates.map((d) => (
                  <li key={d.id}>
                    <Link to={`/cases/${d.id}`}>{d.number}</Link> · {t(`states.${d.state}`)} · {t('intake.distance', { metres: formatNumber(d.distanceM, locale) })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        {problem && !problem.errors?.length && (
          <p className="error" role="alert">
            {problem.detail ?? problem.title}
          </p>
        )}
        <button type="submit" disabled={busy || !categoryCode}>
          {t('intake.submit')}
        </button>
      </form>
    </div>
  );
}
