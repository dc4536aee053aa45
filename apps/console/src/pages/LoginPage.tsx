import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { login } from '../api';

export function LoginPage() {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await login(name.trim(), password).catch(() => ({ ok: false as const, status: 0 }));
    setBusy(false);
    if (res.ok) return;
    if (res.status === 429) setError(t('login.throttled', { seconds: 'retryAfter' in res ? res.retryAfter : '?' }));
    else if (res.status === 401 || res.status === 400) setError(t('login.invalid'));
    else setError(t('login.unavailable'));
  };

  return (
    <form className="card login" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
      <h1 id="login-title">{t('login.title')}</h1>
      <label>
        {t('login.login')}
        <input name="login" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        {t('login.password')}
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('login.submit')}
      </button>
    </form>
  );
}
