import { createCityGridClient, type CityGridClient, type Schema } from '@citygrid/api-client';

import { TokenStore, type Tokens } from './lib/token-store';

export type { Schema };
export type CaseView = Schema<'CaseView'>;
export type NodeView = Schema<'NodeView'>;
export type CategoryView = Schema<'CategoryView'>;
export type KpiFigures = Schema<'KpiFiguresView'>;

const BASE = window.location.origin;
const REFRESH_KEY = 'citygrid.refresh';

async function postJson(path: string, body: object): Promise<Response> {
  return fetch(`${BASE}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** The session of this tab: the access token in memory, the refresh token in sessionStorage (gone with the tab). */
export const session = new TokenStore({
  async refresh(refreshToken) {
    const res = await postJson('/oauth/token', { grant_type: 'refresh_token', refresh_token: refreshToken });
    if (!res.ok) throw new Error(`refresh refused: ${res.status}`);
    return (await res.json()) as Tokens;
  },
  persist: {
    load: () => window.sessionStorage.getItem(REFRESH_KEY),
    save: (token) => (token ? window.sessionStorage.setItem(REFRESH_KEY, token) : window.sessionStorage.removeItem(REFRESH_KEY)),
  },
});

/** Sends the request; on a 401 refreshes once and sends it again with the new token. */
async function fetchWithRefresh(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const retry = request.clone();
  const res = await fetch(request);
  if (res.status !== 401 || !session.canResume) return res;
  if (!(await session.refresh())) return res;
  retry.headers.set('authorization', `Bearer ${session.accessToken ?? ''}`);
  return fetch(retry);
}

/** The typed client of the public API, with the session's token on every request. */
export const api: CityGridClient = createCityGridClient({ baseUrl: BASE, token: () => session.accessToken ?? undefined, fetch: fetchWithRefresh });

export type LoginResult = { ok: true } | { ok: false; status: number; retryAfter?: number };

export async function login(loginName: string, password: string): Promise<LoginResult> {
  const res = await postJson('/auth/login', { login: loginName, password });
  if (!res.ok) {
    const retry = Number(res.headers.get('retry-after'));
    return { ok: false, status: res.status, ...(Number.isFinite(retry) && retry > 0 ? { retryAfter: retry } : {}) };
  }
  session.set((await res.json()) as Tokens);
  return { ok: true };
}

export async function logout(): Promise<void> {
  await session.idle();
  const refreshToken = session.currentRefreshToken;
  session.clear();
  if (refreshToken) await postJson('/auth/logout', { refresh_token: refreshToken }).catch(() => undefined);
}

/** Download a file the API offers (CSV, XLSX) with the caller's token, saved under `filename`. */
export async function download(pathAndQuery: string, filename: string): Promise<boolean> {
  const res = await fetchWithRefresh(`${BASE}${pathAndQuery}`, { headers: { authorization: `Bearer ${session.accessToken ?? ''}` } });
  if (!res.ok) return false;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return true;
}

/** Upload a photo (`POST /api/v1/photos`, multipart): its id, for a handling report. */
export async function uploadPhoto(file: File): Promise<Schema<'UploadedPhotoView'> | { error: string }> {
  const form = new FormData();
  form.append('file', file);
  const res = await fetchWithRefresh(`${BASE}/api/v1/photos`, { method: 'POST', body: form, headers: { authorization: `Bearer ${session.accessToken ?? ''}` } });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { detail?: string; title?: string };
    return { error: body.detail ?? body.title ?? String(res.status) };
  }
  return (await res.json()) as Schema<'UploadedPhotoView'>;
}
