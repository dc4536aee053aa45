import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router-dom';

import { logout } from './api';
import { LANGUAGES } from './i18n';
import { isFieldStaffOrOperator, isOperator } from './lib/claims';
import { AdminPage } from './pages/AdminPage';
import { CasePage } from './pages/CasePage';
import { CasesPage } from './pages/CasesPage';
import { DashboardPage } from './pages/DashboardPage';
import { IntakePage } from './pages/IntakePage';
import { LivelihoodPage } from './pages/LivelihoodPage';
import { LoginPage } from './pages/LoginPage';
import { MapPage } from './pages/MapPage';
import { PatrolPage } from './pages/PatrolPage';
import { StandupPage } from './pages/StandupPage';
import { useClaims, useResumedSession } from './session';

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
        ) : (
          <LoginPage />
        )}
      </main>
    </>
  );
}
