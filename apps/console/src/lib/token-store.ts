import { readClaims, type Claims } from './claims';

/** The token endpoint's answer (`POST /auth/login`, `POST /oauth/token`). */
export interface Tokens {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
}

export interface TokenStoreDeps {
  /** Trade a refresh token for new tokens (`POST /oauth/token`, `grant_type=refresh_token`). */
  refresh: (refreshToken: string) => Promise<Tokens>;
  /** Where the refresh token survives a page reload (the tab's sessionStorage in the browser). */
  persist?: { load(): string | null; save(token: string | null): void };
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** How long before expiry the silent refresh runs, ms. */
  leewayMs?: number;
}

/**
 * Holds the session: the access token in memory only, the refresh token where `persist` says.
 * Refreshes silently before the access token expires, and at most once at a time (callers that
 * meet a 401 together share one refresh). A refused refresh ends the session.
 */
export class TokenStore {
  private access: string | null = null;
  private claimsValue: Claims | null = null;
  private refreshToken: string | null;
  private timer: unknown;
  private inFlight: Promise<boolean> | null = null;
  /** Bumped by `clear()`: a refresh answered after the session ended must not bring it back. */
  private generation = 0;
  private readonly listeners = new Set<() => void>();
  private readonly leewayMs: number;

  constructor(private readonly deps: TokenStoreDeps) {
    this.leewayMs = deps.leewayMs ?? 60_000;
    this.refreshToken = deps.persist?.load() ?? null;
  }

  get accessToken(): string | null {
    return this.access;
  }

  get claims(): Claims | null {
    return this.claimsValue;
  }

  /** Whether a refresh token is held (a reload may resume the session with it). */
  get canResume(): boolean {
    return this.refreshToken !== null;
  }

  get currentRefreshToken(): string | null {
    return this.refreshToken;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Start or renew the session with fresh tokens. */
  set(tokens: Tokens): void {
    const claims = readClaims(tokens.access_token);
    if (!claims) throw new Error('The token endpoint answered something that is no access token.');
    this.access = tokens.access_token;
    this.claimsValue = claims;
    if (tokens.refresh_token) this.refreshToken = tokens.refresh_token;
    this.deps.persist?.save(this.refreshToken);
    this.schedule(tokens.expires_in * 1000);
    this.emit();
  }

  /** End the session here (the caller revokes it at the API first when it can). */
  clear(): void {
    this.generation += 1;
    this.access = null;
    this.claimsValue = null;
    this.refreshToken = null;
    this.deps.persist?.save(null);
    this.cancel();
    this.emit();
  }

  /** Get new tokens with the refresh token; `false` (and the session ended) when that is refused. */
  refresh(): Promise<boolean> {
    if (this.inFlight) return this.inFlight;
    const token = this.refreshToken;
    if (!token) return Promise.resolve(false);
    const generation = this.generation;
    this.inFlight = this.deps
      .refresh(token)
      .then((tokens) => {
        if (generation !== this.generation) return false;
        this.set(tokens);
        return true;
      })
      .catch(() => {
        if (generation === this.generation) this.clear();
        return false;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** Wait for a refresh in flight, if any (logout revokes the newest refresh token, not one being replaced). */
  async idle(): Promise<void> {
    if (this.inFlight) await this.inFlight;
  }

  private schedule(lifetimeMs: number): void {
    this.cancel();
    if (!this.refreshToken) return;
    const setTimer = this.deps.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
    const delay = Math.max(lifetimeMs - this.leewayMs, Math.min(lifetimeMs / 2, 5_000));
    this.timer = setTimer(() => {
      void this.refresh();
    }, delay);
  }

  private cancel(): void {
    if (this.timer === undefined) return;
    const clearTimer = this.deps.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
    clearTimer(this.timer);
    this.timer = undefined;
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
