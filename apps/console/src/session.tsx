import { useEffect, useState, useSyncExternalStore } from 'react';

import { session } from './api';
import type { Claims } from './lib/claims';

/** The caller's claims, re-rendered on login, refresh and logout. */
export function useClaims(): Claims | null {
  return useSyncExternalStore(
    (cb) => session.subscribe(cb),
    () => session.claims,
  );
}

/** On first load, resume the tab's session with its refresh token; `true` once that has been tried. */
export function useResumedSession(): boolean {
  const [ready, setReady] = useState(!session.canResume || session.claims !== null);
  useEffect(() => {
    if (ready) return;
    void session.refresh().finally(() => setReady(true));
  }, [ready]);
  return ready;
}
