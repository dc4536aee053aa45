import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { api } from '../api';
import { need, useLoad, useLocale } from '../hooks';
import type { Claims } from '../lib/claims';
import { formatDateTime, isoDay } from '../lib/format';
import { toProblem, type Problem } from '../lib/problem';

const WORK_TIME_ZONE = 'Asia/Shanghai';
const SECTIONS = ['new', 'overdue', 'escalated', 'supervised', 'returned'] as const;

interface Decision {
  plan: string;
  owner: string;
  dueDate: string;
}

/** The day's stand-up 每日碰头: the agenda of the caller's node, and the decisions recorded in place. */
export function StandupPage({ claims }: { claims: Claims }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const today = isoDay(new Date(), WORK_TIME_ZONE);
  const [node, setNode] = useState(claims.node ?? '');
  const [tick, setTick] = useState(0);
  const agenda = useLoad(async () => (node ? need(await api.GET('/api/v1/standups/agenda', { params: { query: { node, date: today } } })) : undefined), [node, today, tick]);
  const past = useLoad(async () => need(await api.GET('/api/v1/standups', { params: { query: { ...(node ? { under: node } : {}), limit: 10, offset: 0 } } })), [node, tick]);
  const [attendees, setAttendees] = useState('');
  const [notes, setNotes] = useState('');
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState(false);

  const setDecision = (caseId: string, change: Partial<Decision>) =>
    setDecisions((d) => {
      const before: Decision = d[caseId] ?? { plan: '', owner: '', dueDate: today };
      return { ...d, [caseId]: { ...before, ...change } };
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setDone(false);
    const chosen = Object.entries(decisions)
      .filter(([, d]) => d.plan.trim())
      .map(([caseId, d]) => ({ caseId, plan: d.plan, owner: d.owner, dueDate: d.dueDate }));
    const { error, response } = await api.POST('/api/v1/standups', {
      body: {
        node,
        date: today,
        attendees: attendees
          .split(/[,，、]/)
          .map((a) => a.trim())
          .filter(Boolean),
        decisions: chosen,
        ...(notes ? { notes } : {}),
      },
    });
    if (!response.ok) {
      setProblem(toProblem(error, response.status));
      return;
    }
    setDone(true);
    setDecisions({});
    setTick((x) => x + 1);
  };

  const day = agenda.data;
  const items = day ? SECTIONS.flatMap((s) => day[s].map((item) => ({ section: s, item }))) : [];
  return (
    <div className="standup-page">
      <h1>{t('standup.title', { date: today })}</h1>
      <label>
        {t('standup.node')}
        <input value={node} onChange={(e) => setNode(e.target.value.trim())} inputMode="numeric" name="node" />
      </label>
      {agenda.error && (
        <p className="error" role="alert">
          {agenda.error}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} aria-labelledby="agenda-title" data-testid="standup-form">
        <h2 id="agenda-title">{t('standup.agenda', { count: items.length })}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('standup.section')}</th>
                <th scope="col">{t('cases.number')}</th>
                <th scope="col">{t('cases.deadline')}</th>
                <th scope="col">{t('standup.plan')}</th>
                <th scope="col">{t('standup.owner')}</th>
                <th scope="col">{t('standup.dueDate')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map(({ section, item }) => (
                <tr key={`${section}-${item.caseId}`}>
                  <td>{t(`standup.sections.${section}`)}</td>
                  <td>
                    <Link to={`/cases/${item.caseId}`}>{item.caseNumber}</Link> {item.summary}
                  </td>
                  <td>{formatDateTime(item.deadline, locale)}</td>
                  <td>
                    <input
                      aria-label={t('standup.planFor', { number: item.caseNumber })}
                      value={decisions[item.caseId]?.plan ?? ''}
                      onChange={(e) => setDecision(item.caseId, { plan: e.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={t('standup.ownerFor', { number: item.caseNumber })}
                      value={decisions[item.caseId]?.owner ?? ''}
                      onChange={(e) => setDecision(item.caseId, { owner: e.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      type="date"
                      aria-label={t('standup.dueFor', { number: item.caseNumber })}
                      value={decisions[item.caseId]?.dueDate ?? today}
                      onChange={(e) => setDecision(item.caseId, { dueDate: e.target.value })}
                    />
                  </td>
                </tr>
              ))}
              {items.length === 0 && (
                <tr>
                  <td colSpan={6}>{t('common.none')}</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        <label>
          {t('standup.attendees')}
          <input name="attendees" value={attendees} onChange={(e) => setAttendees(e.target.value)} />
        </label>
        <label>
          {t('case.notes')}
          <textarea name="notes" value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} />
        </label>
        {problem && (
          <p className="error" role="alert">
            {problem.errors?.length ? problem.errors.map((e) => `${e.field}: ${e.reason}`).join('; ') : (problem.detail ?? problem.title)}
          </p>
        )}
        {done && <p role="status">{t('standup.recorded')}</p>}
        <button type="submit" disabled={!node}>
          {t('standup.record')}
        </button>
      </form>
      <h2>{t('standup.past')}</h2>
      <ul>
        {(past.data?.items ?? []).map((s) => (
          <li key={s.id}>
            {s.date} · {s.node} · {t('standup.decisionCount', { count: s.decisions.length })} · {s.attendees.join('、')}
          </li>
        ))}
        {past.data?.items.length === 0 && <li>{t('common.none')}</li>}
      </ul>
    </div>
  );
}
