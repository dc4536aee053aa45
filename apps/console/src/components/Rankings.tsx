import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { api, download, type Schema } from '../api';
import { useLocale } from '../hooks';
import { isoDay, quarterOf } from '../lib/format';
import { toProblem } from '../lib/problem';

/** The quarterly assessment 季度考核 of a node: a ranking of its children, its grids or its staff, with the exports. */
export function Rankings({ node }: { node: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [quarter, setQuarter] = useState(() => quarterOf(isoDay(new Date(), 'Asia/Shanghai')));
  const [of, setOf] = useState<'children' | 'grids' | 'staff'>('children');
  const [report, setReport] = useState<Schema<'RankingReportView'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = new URLSearchParams({ node, quarter, of }).toString();

  const show = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const { data, error: problem, response } = await api.GET('/api/v1/reports/assessments/rankings', { params: { query: { node, quarter, of } } });
    if (data) setReport(data);
    else {
      setReport(null);
      const p = toProblem(problem, response.status);
      setError(p.detail ?? p.title);
    }
  };

  return (
    <section aria-labelledby="rankings-title">
      <h2 id="rankings-title">{t('rankings.title')}</h2>
      <form className="toolbar" onSubmit={(e) => void show(e)}>
        <label>
          {t('rankings.quarter')}
          <input name="quarter" value={quarter} onChange={(e) => setQuarter(e.target.value.trim())} pattern="\d{4}-Q[1-4]" required />
        </label>
        <label>
          {t('rankings.of')}
          <select name="of" value={of} onChange={(e) => setOf(e.target.value as typeof of)}>
            <option value="children">{t('rankings.children')}</option>
            <option value="grids">{t('rankings.grids')}</option>
            <option value="staff">{t('rankings.staff')}</option>
          </select>
        </label>
        <button type="submit">{t('rankings.show')}</button>
        <button type="button" onClick={() => void download(`/api/v1/reports/assessments/rankings.csv?${query}`, `ranking-${node}-${quarter}.csv`)}>
          {t('reports.exportCsv')}
        </button>
        <button type="button" onClick={() => void download(`/api/v1/reports/assessments/rankings.xlsx?${query}`, `ranking-${node}-${quarter}.xlsx`)}>
          {t('reports.exportXlsx')}
        </button>
        <button type="button" onClick={() => void download(`/api/v1/reports/assessments/report.html?${new URLSearchParams({ node, quarter }).toString()}`, `assessment-${node}-${quarter}.html`)}>
          {t('rankings.report')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <div className="table-wrap">
          <table>
            <caption>{report.final ? t('rankings.final') : t('rankings.provisional')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rankings.rank')}</th>
                <th scope="col">{t('reports.node')}</th>
                <th scope="col">{t('rankings.base')}</th>
                <th scope="col">{t('rankings.adjustment')}</th>
                <th scope="col">{t('rankings.total')}</th>
                <th scope="col">{t('rankings.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={r.subject.code}>
                  <td>{r.rank === null ? '—' : new Intl.NumberFormat(locale).format(r.rank)}</td>
                  <td>{r.subject.name ?? r.subject.code}</td>
                  <td>{r.base}</td>
                  <td>{r.adjustment}</td>
                  <td>{r.total}</td>
                  <td>{r.outcome ? t(`rankings.outcomes.${r.outcome}`) : '—'}</td>
                </tr>
              ))}
              {report.rows.length === 0 && (
                <tr>
                  <td colSpan={6}>{t('common.none')}</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
