import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';

import { api, uploadPhoto, type CaseView } from '../api';
import { GridMap } from '../components/GridMap';
import { loadCategories } from '../data';
import { need, useLoad, useLocale } from '../hooks';
import { availableActions, type CaseActionName } from '../lib/actions';
import type { Claims } from '../lib/claims';
import { formatDateTime } from '../lib/format';
import { fieldError, toProblem, type Problem } from '../lib/problem';

type ActionBody = Record<string, unknown>;

/** Post one lifecycle action; the problem+json of a refusal comes back for the form to show. */
async function postAction(id: string, action: CaseActionName, body: ActionBody): Promise<Problem | null> {
  const { error, response } = await api.POST(`/api/v1/cases/{id}/${action}` as '/api/v1/cases/{id}/file', {
    params: { path: { id } },
    body: body as never,
  });
  return response.ok ? null : toProblem(error, response.status);
}

function FieldError({ problem, field }: { problem: Problem | null; field: string }) {
  const reason = fieldError(problem, field);
  return reason ? (
    <span className="error" role="alert">
      {reason}
    </span>
  ) : null;
}

function ActionForm({ c, action, onDone }: { c: CaseView; action: CaseActionName; onDone: () => void }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [text, setText] = useState('');
  const [department, setDepartment] = useState('');
  const [target, setTarget] = useState<'department' | 'grid_staff'>('department');
  const [passed, setPassed] = useState(true);
  const [amount, setAmount] = useState('1');
  const [unit, setUnit] = useState<'working_days' | 'working_hours'>('working_days');
  const [toCode, setToCode] = useState('');
  const [intoId, setIntoId] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const suggested = useLoad(async () => (action === 'dispatch' ? need(await api.GET('/api/v1/cases/{id}/suggested-departments', { params: { path: { id: c.id } } })) : []), [action, c.id]);
  const reasonField = ['reject', 'return', 'reopen', 'cancel', 'suspend', 'escalate', 'push-down', 'extend'].includes(action);
  const notesField = ['file', 'accept', 'approve-extension', 'approve-suspension', 'resume', 'dispatch', 'verify', 'handle'].includes(action);
  const id = `act-${action}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    let body: ActionBody = {};
    if (reasonField) body['reason'] = text;
    else if (notesField && text) body['notes'] = text;
    if (action === 'dispatch') body = { ...body, target, ...(target === 'department' ? { departmentCode: department || suggested.data?.[0]?.code } : {}) };
    if (action === 'verify') body['passed'] = passed;
    if (action === 'extend') body = { ...body, amount: Number(amount), unit };
    if (action === 'push-down') body['toCode'] = toCode;
    if (action === 'merge') body = { intoId };
    if (action === 'handle') {
      body['notes'] = text;
      const photos = [];
      for (const f of files) {
        const up = await uploadPhoto(f);
        if ('error' in up) {
          setProblem({ title: t('case.photoFailed'), status: 400, errors: [{ field: 'photos', reason: up.error }] });
          setBusy(false);
          return;
        }
        photos.push({ photoId: up.id });
      }
      if (photos.length) body['photos'] = photos;
    }
    const p = await postAction(c.id, action, body);
    setBusy(false);
    if (p) setProblem(p);
    else onDone();
  };

  return (
    <form className="card action-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} data-testid={`form-${action}`}>
      <h3 id={`${id}-title`}>{t(`actions.${action}`)}</h3>
      {action === 'dispatch' && (
        <>
          <label>
            {t('case.target')}
            <select value={target} onChange={(e) => setTarget(e.target.value === 'grid_staff' ? 'grid_staff' : 'department')} name="target">
              <option value="department">{t('case.toDepartment')}</option>
              <option value="grid_staff">{t('case.toGridStaff')}</option>
            </select>
          </label>
          {target === 'department' && (
            <label>
              {t('case.department')}
              <select value={department || suggested.data?.[0]?.code || ''} onChange={(e) => setDepartment(e.target.value)} name="departmentCode">
                {(suggested.data ?? []).map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.name}
                    {d.matchesCategory ? ` · ${t('case.suggested')}` : ''}
                  </option>
                ))}
              </select>
              <FieldError problem={problem} field="departmentCode" />
            </label>
          )}
        </>
      )}
      {action === 'verify' && (
        <fieldset>
          <legend>{t('case.verifyOutcome')}</legend>
          <label className="check">
            <input type="radio" name="passed" checked={passed} onChange={() => setPassed(true)} />
            {t('case.passed')}
          </label>
          <label className="check">
            <input type="radio" name="passed" checked={!passed} onChange={() => setPassed(false)} />
            {t('case.failed')}
          </label>
        </fieldset>
      )}
      {action === 'extend' && (
        <>
          <label>
            {t('case.amount')}
            <input type="number" min={1} value={amount} onChange={(e) => setAmount(e.target.value)} name="amount" />
            <FieldError problem={problem} field="amount" />
          </label>
          <label>
            {t('case.unit')}
            <select value={unit} onChange={(e) => setUnit(e.target.value === 'working_hours' ? 'working_hours' : 'working_days')} name="unit">
              <option value="working_days">{t('case.workingDays')}</option>
              <option value="working_hours">{t('case.workingHours')}</option>
            </select>
          </label>
        </>
      )}
      {action === 'push-down' && (
        <label>
          {t('case.toCode')}
          <input value={toCode} onChange={(e) => setToCode(e.target.value)} name="toCode" inputMode="numeric" />
          <FieldError problem={problem} field="toCode" />
        </label>
      )}
      {action === 'merge' && (
        <label>
          {t('case.intoId')}
          <input value={intoId} onChange={(e) => setIntoId(e.target.value)} name="intoId" required />
          <FieldError problem={problem} field="intoId" />
        </label>
      )}
      {(reasonField || notesField) && (
        <label>
          {reasonField ? t('case.reason') : t('case.notes')}
          <textarea value={text} onChange={(e) => setText(e.target.value)} name={reasonField ? 'reason' : 'notes'} required={reasonField || action === 'handle'} rows={2} />
          <FieldError problem={problem} field={reasonField ? 'reason' : 'notes'} />
        </label>
      )}
      {action === 'handle' && (
        <label>
          {t('case.photos')}
          <input type="file" accept="image/jpeg,image/png,image/webp" multiple name="photos" onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
          <FieldError problem={problem} field="photos" />
        </label>
      )}
      {problem && !problem.errors?.length && (
        <p className="error" role="alert">
          {problem.detail ?? problem.title}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t(`actions.${action}`)}
      </button>
    </form>
  );
}

export function CasePage({ claims }: { claims: Claims }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { id = '' } = useParams();
  const [open, setOpen] = useState<CaseActionName | null>(null);
  const item = useLoad(async () => need(await api.GET('/api/v1/cases/{id}', { params: { path: { id } } })), [id]);
  const timeline = useLoad(async () => need(await api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id } } })), [id, item.data?.version]);
  const c = item.data;
  const categories = useLoad(loadCategories, []);
  const grid = useLoad(async () => (c ? need(await api.GET('/api/v1/nodes/{code}', { params: { path: { code: c.gridCode } } })) : undefined), [c?.gridCode]);
  const actions = c ? availableActions(claims, { ...c, pendingRequest: c.pendingRequest as { kind?: string } | null }) : [];
  const gridFeature = useMemo(
    () => (grid.data?.boundary ? [{ code: grid.data.code, name: grid.data.name, boundary: grid.data.boundary as unknown as GeoJSON.Polygon, open: 0, overdue: 0 }] : []),
    [grid.data],
  );
  const point = useMemo(() => (c ? [{ id: c.id, coordinates: [c.location.coordinates[0] ?? 0, c.location.coordinates[1] ?? 0] as [number, number] }] : []), [c]);

  if (item.error)
    return (
      <p role="alert" className="error">
        {item.error}
      </p>
    );
  if (!c) return <p>{t('common.loading')}</p>;
  return (
    <div className="case-page">
      <h1>
        {t('case.title', { number: c.number })}{' '}
        <span className={`state state-${c.state}`} data-testid="case-state">
          {t(`states.${c.state}`)}
        </span>
      </h1>
      <div className="case-grid">
        <section className="card">
          <dl className="facts">
            <dt>{t('cases.category')}</dt>
            <dd>
              {c.categoryCode} {categories.data?.find((x) => x.code === c.categoryCode)?.name ?? ''}
            </dd>
            <dt>{t('cases.source')}</dt>
            <dd>{t(`sources.${c.source}`)}</dd>
            <dt>{t('cases.address')}</dt>
            <dd>{c.address}</dd>
            <dt>{t('case.description')}</dt>
            <dd>{c.description}</dd>
            <dt>{t('case.grid')}</dt>
            <dd>{grid.data?.name ?? c.gridCode}</dd>
            <dt>{t('cases.reportedAt')}</dt>
            <dd>{formatDateTime(c.createdAt, locale)}</dd>
            <dt>{t('cases.deadline')}</dt>
            <dd>{formatDateTime(c.deadline, locale)}</dd>
            {c.handlingNotes && (
              <>
                <dt>{t('case.handlingNotes')}</dt>
                <dd>{c.handlingNotes}</dd>
              </>
            )}
          </dl>
          <GridMap grids={gridFeature} cases={point} className="small" label={t('case.mapLabel')} />
        </section>
        <section className="card" aria-labelledby="photos-title">
          <h2 id="photos-title">{t('case.photos')}</h2>
          <div className="photos" data-testid="photos">
            {c.photos.map((p, i) => (
              <figure key={p.photoId ?? i}>
                <img src={p.url} alt={t('case.photoAlt', { stage: t(`photoStages.${p.stage}`, { defaultValue: p.stage }), n: i + 1 })} />
                <figcaption>{t(`photoStages.${p.stage}`, { defaultValue: p.stage })}</figcaption>
              </figure>
            ))}
            {c.photos.length === 0 && <p>{t('common.none')}</p>}
          </div>
        </section>
        <section className="card" aria-labelledby="timeline-title">
          <h2 id="timeline-title">{t('case.timeline')}</h2>
          <ol className="timeline" data-testid="timeline">
            {(timeline.data ?? []).map((e, i) => (
              <li key={`${e.at}-${i}`}>
                <time dateTime={e.at}>{formatDateTime(e.at, locale)}</time> · <strong>{t(`states.${e.stateAfter}`, { defaultValue: e.stateAfter })}</strong> · {e.actor.name ?? ''}
                {e.notes || e.reason ? <div className="note">{e.notes ?? e.reason}</div> : null}
              </li>
            ))}
          </ol>
        </section>
        <section className="card" aria-labelledby="actions-title">
          <h2 id="actions-title">{t('case.actions')}</h2>
          {actions.length === 0 ? (
            <p data-testid="no-actions">{t('case.noActions')}</p>
          ) : (
            <div className="action-buttons" data-testid="actions">
              {actions.map((a) => (
                <button key={a} type="button" aria-expanded={open === a} onClick={() => setOpen(open === a ? null : a)} data-action={a}>
                  {t(`actions.${a}`)}
                </button>
              ))}
            </div>
          )}
          {open && actions.includes(open) && (
            <ActionForm
              key={`${open}-${c.version}`}
              c={c}
              action={open}
              onDone={() => {
                setOpen(null);
                item.reload();
              }}
            />
          )}
        </section>
      </div>
    </div>
  );
}
