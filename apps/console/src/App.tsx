import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router-dom';

import { logout } from './api';
import { LANGUAGES } from './i18n';
import { isFieldStaffOrOperator, isOperator } from './lib/claims';
import { LoginPage } from './pages/LoginPage';
import { useClaims, useResumedSession } from './session';

// each screen is its own chunk: the map library and the charts load with the screens that use them
const AdminPage = lazy(() => import('./pages/AdminPage').then((m) => ({ default: m.AdminPage })));
const CasePage = lazy(() => import('./pages/CasePage').then((m) => ({ default: m.CasePage })));
const CasesPage = lazy(() => import('./pages/CasesPage').then((m) => ({ default: m.CasesPage })));
const DashboardPage = lazy(() => import('./pages/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const IntakePage = lazy(() => import('./pages/IntakePage').then((m) => ({ default: m.IntakePage })));
const LivelihoodPage = lazy(() => import('./pages/LivelihoodPage').then((m) => ({ default: m.LivelihoodPage })));
const MapPage = lazy(() => import('./pages/MapPage').then((m) => ({ default: m.MapPage })));
const PatrolPage = lazy(() => import('./pages/PatrolPage').then((m) => ({ default: m.PatrolPage })));
const StandupPage = lazy(() => import('./pages/StandupPage').then((m) => ({ default: m.StandupPage })));

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang">
      <span>{t('header.language')}</span>
      <select value={i18n.language} onChange={(e) => void i18n.changeLanguage(e.target.value)} data-testid="language">
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`languages.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function App() {
  const { t } = useTranslation();
  const ready = useResumedSession();
  const claims = useClaims();
  if (!ready) return <p className="loading">{t('common.loading')}</p>;
  return (
    <>
      <header className="top">
        <span className="brand">{t('app.title')}</span>
        {claims && (
          <nav aria-label={t('nav.label')}>
            <NavLink to="/" end>
              {t('nav.map')}
            </NavLink>
            <NavLink to="/cases">{t('nav.cases')}</NavLink>
            {isOperator(claims) && <NavLink to="/intake">{t('nav.intake')}</NavLink>}
            {isFieldStaffOrOperator(claims) && <NavLink to="/patrols">{t('nav.patrol')}</NavLink>}
            {isFieldStaffOrOperator(claims) && <NavLink to="/standup">{t('nav.standup')}</NavLink>}
            <NavLink to="/reports">{t('nav.reports')}</NavLink>
            {!claims.roles.includes('department_officer') && <NavLink to="/livelihood">{t('nav.livelihood')}</NavLink>}
            {isOperator(claims) && <NavLink to="/admin">{t('nav.admin')}</NavLink>}
          </nav>
        )}
        <div className="spacer" />
        <LanguageSwitch />
        {claims && (
          <>
            <span className="who" data-testid="who">
              {claims.name} · {claims.roles.map((r) => t(`roles.${r}`)).join('、')}
            </span>
            <button type="button" onClick={() => void logout()}>
              {t('header.logout')}
            </button>
          </>
        )}
      </header>
      <main>
        {claims ? (
          <Suspense fallback={<p className="loading">{t('common.loading')}</p>}>
            <Routes>
              <Route path="/" element={<MapPage claims={claims} />} />
              <Route path="/cases" element={<CasesPage claims={claims} />} />
              <Route path="/cases/:id" element={<CasePage claims={claims} />} />
              <Route path="/intake" element={isOperator(claims) ? <IntakePage claims={claims} /> : <Navigate to="/" replace />} />
              <Route path="/reports" element={<DashboardPage claims={claims} />} />
              <Route path="/livelihood" element={<LivelihoodPage claims={claims} />} />
              <Route path="/admin" element={isOperator(claims) ? <AdminPage claims={claims} /> : <Navigate to="/" replace />} />
              <Route path="/patrols" element={isFieldStaffOrOperator(claims) ? <PatrolPage claims={claims} /> : <Navigate to="/" replace />} />
              <Route path="/standup" element={isFieldStaffOrOperator(claims) ? <StandupPage claims={claims} /> : <Navigate to="/" replace />} />
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </Suspense>
        ) : (
          <LoginPage />
        )}
      </main>
    </>
  );
}
