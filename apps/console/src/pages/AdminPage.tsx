import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { api, type Schema } from '../api';
import { need, useLoad, useLocale } from '../hooks';
import type { Claims, RoleName } from '../lib/claims';
import { formatDateTime, formatNumber } from '../lib/format';
import { fieldError, toProblem, type Problem } from '../lib/problem';

const OPERATOR_TABS = ['tree', 'import', 'accounts', 'staff', 'departments', 'categories'] as const;
const ADMIN_TABS = ['clients', 'webhooks', 'deadLetters'] as const;
type Tab = (typeof OPERATOR_TABS)[number] | (typeof ADMIN_TABS)[number];
const ROLES: readonly RoleName[] = [
  'city_operator',
  'district_operator',
  'subdistrict_operator',
  'community_operator',
  'grid_leader',
  'grid_member',
  'responsible_person',
  'department_officer',
  'supervisor',
  'auditor',
];

function Table({ head, rows, empty }: { head: string[]; rows: ReactNode[][]; empty: string }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (
                <td key={j}>{c}</td>
              ))}
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={head.length}>{empty}</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function TreeNode({ node }: { node: Schema<'NodeTreeView'> }) {
  return (
    <li>
      {node.name} <small>{node.code}</small>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <TreeNode key={c.code} node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

function TreeTab({ claims }: { claims: Claims }) {
  const { t } = useTranslation();
  const tree = useLoad(async () => need(await api.GET('/api/v1/tree', { params: { query: claims.node ? { code: claims.node } : {} } })), [claims.node]);
  if (tree.error) return <p className="error">{tree.error}</p>;
  const roots = tree.data ?? [];
  return <ul className="tree">{roots.length ? roots.map((n) => <TreeNode key={n.code} node={n} />) : <li>{t('common.none')}</li>}</ul>;
}

function ImportTab() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [kind, setKind] = useState<'grids' | 'households' | 'units'>('grids');
  const [file, setFile] = useState<File | null>(null);
  const [job, setJob] = useState<Schema<'ImportJobView'> | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    if (!job || job.status !== 'running') return;
    const h = setTimeout(() => {
      void api.GET('/api/v1/imports/{id}', { params: { path: { id: job.id } } }).then((r) => r.data && setJob(r.data));
    }, 500);
    return () => clearTimeout(h);
  }, [job]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setProblem(null);
    const { data, error, response } = await api.POST('/api/v1/imports', { body: { kind, content: await file.text(), fileName: file.name } });
    if (data) setJob(data);
    else setProblem(toProblem(error, response.status));
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="card" aria-labelledby="import-title">
      <h2 id="import-title">{t('admin.importTitle')}</h2>
      <label>
        {t('admin.importKind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} name="kind">
          <option value="grids">{t('admin.kinds.grids')}</option>
          <option value="households">{t('admin.kinds.households')}</option>
          <option value="units">{t('admin.kinds.units')}</option>
        </select>
      </label>
      <label>
        {t('admin.file')}
        <input type="file" accept=".geojson,.json,.csv,application/geo+json,text/csv" name="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        {fieldError(problem, 'content') && <span className="error">{fieldError(problem, 'content')}</span>}
      </label>
      {problem && (
        <p className="error" role="alert">
          {problem.detail ?? problem.title}
        </p>
      )}
      <button type="submit" disabled={!file || job?.status === 'running'}>
        {t('admin.startImport')}
      </button>
      {job && (
        <section aria-live="polite">
          <p>
            {t(`admin.status.${job.status}`)} · <progress max={job.total || 1} value={job.processed} /> {formatNumber(job.processed, locale)} / {formatNumber(job.total, locale)} ·{' '}
            {t('admin.imported', { n: formatNumber(job.imported, locale) })}
          </p>
          {job.errors.length > 0 && <Table head={[t('admin.line'), t('admin.field'), t('admin.reason')]} rows={job.errors.map((e) => [e.line ?? '—', e.field ?? '', e.reason ?? ''])} empty="" />}
        </section>
      )}
    </form>
  );
}

function AccountsTab({ claims }: { claims: Claims }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [tick, setTick] = useState(0);
  const list = useLoad(async () => need(await api.GET('/api/v1/accounts', { params: { query: { limit: 100, offset: 0 } } })), [tick]);
  const [form, setForm] = useState({ login: '', password: '', role: 'grid_member' as RoleName, nodeScope: claims.node ?? '', departmentCode: '' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const { error, response } = await api.POST('/api/v1/accounts', {
      body: {
        login: form.login,
        password: form.password,
        roles: [form.role as Schema<'Role'>],
        ...(form.nodeScope ? { nodeScope: form.nodeScope } : {}),
        ...(form.departmentCode ? { departmentCode: form.departmentCode } : {}),
      },
    });
    if (!response.ok) setProblem(toProblem(error, response.status));
    else {
      setForm({ ...form, login: '', password: '' });
      setTick((x) => x + 1);
    }
  };
  const err = (f: string) => fieldError(problem, f) && <span className="error">{fieldError(problem, f)}</span>;
  return (
    <>
      <Table
        head={[t('admin.login'), t('admin.roles'), t('admin.scope'), t('admin.department'), t('admin.disabled'), t('admin.created')]}
        rows={(list.data?.items ?? []).map((a) => [
          a.login,
          a.roles.map((r) => t(`roles.${r}`)).join('、'),
          a.nodeScope ?? '—',
          a.departmentCode ?? '—',
          a.disabled ? '✓' : '',
          formatDateTime(a.createdAt, locale),
        ])}
        empty={list.error ?? t('common.none')}
      />
      <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="new-account">
        <h2 id="new-account">{t('admin.newAccount')}</h2>
        <label>
          {t('admin.login')}
          <input name="login" value={form.login} onChange={(e) => setForm({ ...form, login: e.target.value })} required />
          {err('login')}
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required />
          {err('password')}
        </label>
        <label>
          {t('admin.roles')}
          <select name="role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as RoleName })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
          {err('roles')}
        </label>
        <label>
          {t('admin.scope')}
          <input name="nodeScope" value={form.nodeScope} onChange={(e) => setForm({ ...form, nodeScope: e.target.value })} inputMode="numeric" />
          {err('nodeScope')}
        </label>
        <label>
          {t('admin.department')}
          <input name="departmentCode" value={form.departmentCode} onChange={(e) => setForm({ ...form, departmentCode: e.target.value })} />
          {err('departmentCode')}
        </label>
        {problem && !problem.errors?.length && (
          <p className="error" role="alert">
            {problem.detail ?? problem.title}
          </p>
        )}
        <button type="submit">{t('admin.create')}</button>
      </form>
    </>
  );
}

function DeadLettersTab() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [source, setSource] = useState<'identity' | 'reporting' | 'notifications'>('reporting');
  const [tick, setTick] = useState(0);
  const [message, setMessage] = useState('');
  const list = useLoad(async () => need(await api.GET('/api/v1/ops/dead-letters', { params: { query: { source, limit: 100, offset: 0 } } })), [source, tick]);
  const replay = async (id: string) => {
    const { error, response } = await api.POST('/api/v1/ops/dead-letters/{id}/replay', { params: { path: { id }, query: { source } } });
    setMessage(response.ok ? t('admin.replayed') : (toProblem(error, response.status).detail ?? String(response.status)));
    setTick((x) => x + 1);
  };
  return (
    <>
      <label>
        {t('admin.source')}
        <select value={source} onChange={(e) => setSource(e.target.value as typeof source)}>
          <option value="identity">identity</option>
          <option value="reporting">reporting</option>
          <option value="notifications">notifications</option>
        </select>
      </label>
      {message && <p role="status">{message}</p>}
      <Table
        head={[t('admin.consumer'), t('admin.type'), t('admin.deliveries'), t('admin.error'), t('admin.created'), '']}
        rows={(list.data?.items ?? []).map((d) => [
          d.consumer,
          d.type ?? d.subject,
          formatNumber(d.deliveries, locale),
          d.error,
          formatDateTime(d.createdAt, locale),
          d.replayedAt ? (
            formatDateTime(d.replayedAt, locale)
          ) : (
            <button type="button" onClick={() => void replay(d.id)}>
              {t('admin.replay')}
            </button>
          ),
        ])}
        empty={list.error ?? t('common.none')}
      />
    </>
  );
}

function SimpleList({ tab }: { tab: 'staff' | 'departments' | 'categories' | 'clients' | 'webhooks' }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const data = useLoad(async (): Promise<{ head: string[]; rows: ReactNode[][] }> => {
    switch (tab) {
      case 'staff': {
        const r = need(await api.GET('/api/v1/staff', { params: { query: { limit: 200, offset: 0 } } }));
        return {
          head: [t('admin.name'), t('admin.employeeNo'), t('admin.assignments')],
          rows: r.items.map((s) => [s.name, s.employeeNo ?? '—', s.assignments.map((a) => `${a.nodeCode} ${t(`staffRoles.${a.role}`)}`).join('；')]),
        };
      }
      case 'departments': {
        const r = need(await api.GET('/api/v1/departments', { params: { query: { limit: 200, offset: 0 } } }));
        return { head: [t('admin.code'), t('admin.name'), t('admin.kind'), t('admin.serves')], rows: r.items.map((d) => [d.code, d.name, d.kind, d.servesNodeCodes.join(', ')]) };
      }
      case 'categories': {
        const r = need(await api.GET('/api/v1/categories'));
        return {
          head: [t('admin.code'), t('admin.name'), t('admin.kind'), t('admin.limit')],
          rows: r.map((c) => [
            c.code,
            c.name,
            c.kind,
            c.limitAmount ? `${formatNumber(c.limitAmount, locale)} ${c.limitUnit === 'working_hours' ? t('case.workingHours') : t('case.workingDays')}` : '—',
          ]),
        };
      }
      case 'clients': {
        const r = need(await api.GET('/api/v1/clients', { params: { query: { limit: 200, offset: 0 } } }));
        return { head: [t('admin.name'), 'client_id', t('admin.scopes'), t('admin.disabled')], rows: r.items.map((c) => [c.name, c.clientId, c.scopes.join(' '), c.disabled ? '✓' : '']) };
      }
      case 'webhooks': {
        const r = need(await api.GET('/api/v1/webhooks/subscriptions', { params: { query: { limit: 200, offset: 0 } } }));
        return { head: ['URL', t('admin.events'), t('admin.scope'), t('admin.paused')], rows: r.items.map((w) => [w.url, w.eventTypes.join(', '), w.nodeCode ?? '—', w.paused ? '✓' : '']) };
      }
    }
  }, [tab, locale]);
  return <Table head={data.data?.head ?? []} rows={data.data?.rows ?? []} empty={data.error ?? t('common.none')} />;
}

/** Administration for operators (tree, imports, accounts, staff, departments, categories) and the system administrator (API clients, webhooks, dead letters). */
export function AdminPage({ claims }: { claims: Claims }) {
  const { t } = useTranslation();
  const tabs: Tab[] = [...OPERATOR_TABS, ...(claims.roles.includes('system_admin') ? ADMIN_TABS : [])];
  const [tab, setTab] = useState<Tab>('tree');
  return (
    <div className="admin-page">
      <h1>{t('admin.title')}</h1>
      <div className="action-buttons" role="group" aria-label={t('admin.sections')}>
        {tabs.map((x) => (
          <button key={x} type="button" aria-pressed={x === tab} onClick={() => setTab(x)}>
            {t(`admin.tabs.${x}`)}
          </button>
        ))}
      </div>
      {tab === 'tree' && <TreeTab claims={claims} />}
      {tab === 'import' && <ImportTab />}
      {tab === 'accounts' && <AccountsTab claims={claims} />}
      {tab === 'deadLetters' && <DeadLettersTab />}
      {(tab === 'staff' || tab === 'departments' || tab === 'categories' || tab === 'clients' || tab === 'webhooks') && <SimpleList tab={tab} />}
    </div>
  );
}
