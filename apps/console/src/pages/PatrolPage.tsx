import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { api } from '../api';
import { loadGrids } from '../data';
import { need, useLoad, useLocale } from '../hooks';
import type { Claims } from '../lib/claims';
import { formatDateTime, isoDay, localInputValue } from '../lib/format';
import { fieldError, toProblem, type Problem } from '../lib/problem';

const WORK_TIME_ZONE = 'Asia/Shanghai';

/** Today's unpatrolled grids, and a grid member's patrol log (usable on a phone). */
export function PatrolPage({ claims }: { claims: Claims }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const today = isoDay(new Date(), WORK_TIME_ZONE);
  const [tick, setTick] = useState(0);
  const grids = useLoad(loadGrids, []);
  const unpatrolled = useLoad(
    async () => (claims.node ? need(await api.GET('/api/v1/patrols/unpatrolled', { params: { query: { under: claims.node, date: today } } })) : undefined),
    [claims.node, today, tick],
  );
  const patrols = useLoad(async () => need(await api.GET('/api/v1/patrols', { params: { query: { date: today, limit: 100, offset: 0 } } })), [today, tick]);
  const [gridCode, setGridCode] = useState('');
  const [startedAt, setStartedAt] = useState(() => localInputValue(new Date(Date.now() - 60 * 60 * 1000)));
  const [endedAt, setEndedAt] = useState(() => localInputValue(new Date()));
  const [notes, setNotes] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState(false);
  const chosenGrid = gridCode || grids.data?.[0]?.code || '';
  const names = useMemo(() => new Map((grids.data ?? []).map((g) => [g.code, g.name])), [grids.data]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setDone(false);
    const { error, response } = await api.POST('/api/v1/patrols', {
      body: { gridCode: chosenGrid, startedAt: new Date(startedAt).toISOString(), endedAt: new Date(endedAt).toISOString(), ...(notes ? { notes } : {}) },
    });
    if (!response.ok) {
      setProblem(toProblem(error, response.status));
      return;
    }
    setDone(true);
    setNotes('');
    setTick((x) => x + 1);
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
    <div className="patrol-page">
      <h1>{t('patrol.title')}</h1>
      <div className="case-grid">
        <section className="card" aria-labelledby="unpatrolled-title">
          <h2 id="unpatrolled-title">{t('patrol.unpatrolled', { count: unpatrolled.data?.items.length ?? 0, total: unpatrolled.data?.totalGrids ?? 0 })}</h2>
          {unpatrolled.error && (
            <p className="error" role="alert">
              {unpatrolled.error}
            </p>
          )}
          <ul data-testid="unpatrolled">
            {(unpatrolled.data?.items ?? []).map((g) => (
              <li key={g.code} data-code={g.code}>
                {g.name} <small>{g.code}</small>
              </li>
            ))}
            {unpatrolled.data?.items.length === 0 && <li>{t('patrol.allPatrolled')}</li>}
          </ul>
        </section>
        <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="log-patrol-title" data-testid="patrol-form">
          <h2 id="log-patrol-title">{t('patrol.log')}</h2>
          <label>
            {t('case.grid')}
            <select name="gridCode" value={chosenGrid} onChange={(e) => setGridCode(e.target.value)}>
              {(grids.data ?? []).map((g) => (
                <option key={g.code} value={g.code}>
                  {g.name}
                </option>
              ))}
            </select>
            {err('gridCode')}
          </label>
          <label>
            {t('patrol.startedAt')}
            <input type="datetime-local" name="startedAt" value={startedAt} onChange={(e) => setStartedAt(e.target.value)} required />
            {err('startedAt')}
          </label>
          <label>
            {t('patrol.endedAt')}
            <input type="datetime-local" name="endedAt" value={endedAt} onChange={(e) => setEndedAt(e.target.value)} required />
            {err('endedAt')}
          </label>
          <label>
            {t('case.notes')}
            <textarea name="notes" value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} />
          </label>
          {problem && !problem.errors?.length && (
            <p className="error" role="alert">
              {problem.detail ?? problem.title}
            </p>
          )}
          {done && <p role="status">{t('patrol.logged')}</p>}
          <button type="submit" disabled={!chosenGrid}>
            {t('patrol.submit')}
          </button>
        </form>
        <section className="card" aria-labelledby="patrols-title">
          <h2 id="patrols-title">{t('patrol.today')}</h2>
          <ul data-testid="patrols">
            {(patrols.data?.items ?? []).map((p) => (
              <li key={p.id}>
                {names.get(p.gridCode) ?? p.gridCode} · {p.staffName} · {formatDateTime(p.startedAt, locale)} – {formatDateTime(p.endedAt, locale)}
              </li>
            ))}
            {patrols.data?.items.length === 0 && <li>{t('common.none')}</li>}
          </ul>
        </section>
      </div>
    </div>
  );
}
