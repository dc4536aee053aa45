import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Load something from the API when `deps` change; `reload()` loads it again. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): { data: T | undefined; error: string | undefined; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | undefined; error: string | undefined; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: undefined, loading: false }),
      (err: unknown) => live && setState({ data: undefined, error: err instanceof Error ? err.message : String(err), loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** The current locale for Intl. */
export function useLocale(): string {
  const { i18n } = useTranslation();
  return i18n.language;
}

/** Unwrap an openapi-fetch answer: its data, or an Error naming the problem. */
export function need<T>(res: { data?: T; error?: unknown; response: Response }): T {
  if (res.data === undefined) {
    const e = res.error as { detail?: string; title?: string } | undefined;
    throw new Error(e?.detail ?? e?.title ?? `HTTP ${res.response.status}`);
  }
  return res.data;
}
