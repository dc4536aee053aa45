import { TokenStore, type Tokens } from './token-store';

const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
const tokens = (n: number, refresh = `rt-${n}`): Tokens => ({
  access_token: jwt({ sub: 'acc-1', name: 'community.operator', roles: ['community_operator'], node: '410102005001', dept: null, exp: 2_000_000_000 + n }),
  expires_in: 600,
  refresh_token: refresh,
});

function fakeTimers() {
  const pending: Array<{ fn: () => void; ms: number; cancelled: boolean }> = [];
  return {
    pending,
    setTimer: (fn: () => void, ms: number) => {
      const t = { fn, ms, cancelled: false };
      pending.push(t);
      return t;
    },
    clearTimer: (h: unknown) => {
      (h as { cancelled: boolean }).cancelled = true;
    },
  };
}

describe('TokenStore', () => {
  it('keeps the access token in memory, the refresh token where it is told, and reads the claims', () => {
    const saved: Array<string | null> = [];
    const sut = new TokenStore({ refresh: jest.fn(), persist: { load: () => null, save: (t) => saved.push(t) }, ...fakeTimers() });
    sut.set(tokens(1));
    expect(sut.accessToken).toBe(tokens(1).access_token);
    expect(sut.claims).toMatchObject({ name: 'community.operator', roles: ['community_operator'], node: '410102005001' });
    expect(saved).toEqual(['rt-1']);
    sut.clear();
    expect(sut.accessToken).toBeNull();
    expect(sut.claims).toBeNull();
    expect(saved).toEqual(['rt-1', null]);
  });

  it('refreshes silently a minute before the access token expires', async () => {
    const timers = fakeTimers();
    const refresh = jest.fn(async () => tokens(2));
    const sut = new TokenStore({ refresh, ...timers });
    sut.set(tokens(1));
    expect(timers.pending).toHaveLength(1);
    expect(timers.pending[0]!.ms).toBe(540_000);
    timers.pending[0]!.fn();
    await new Promise((r) => setImmediate(r));
    expect(refresh).toHaveBeenCalledWith('rt-1');
    expect(sut.accessToken).toBe(tokens(2).access_token);
    // the old timer is replaced by one for the new token
    expect(timers.pending[0]!.cancelled).toBe(true);
    expect(timers.pending).toHaveLength(2);
  });

  it('shares one refresh between callers that meet a 401 together, and ends the session when it is refused', async () => {
    let resolve!: (t: Tokens) => void;
    const refresh = jest.fn(() => new Promise<Tokens>((r) => (resolve = r)));
    const sut = new TokenStore({ refresh, ...fakeTimers() });
    sut.set(tokens(1));
    const a = sut.refresh();
    const b = sut.refresh();
    resolve(tokens(2));
    expect(await Promise.all([a, b])).toEqual([true, true]);
    expect(refresh).toHaveBeenCalledTimes(1);

    const refused = new TokenStore({ refresh: async () => Promise.reject(new Error('invalid_grant')), ...fakeTimers() });
    refused.set(tokens(3));
    const seen: Array<string | null> = [];
    refused.subscribe(() => seen.push(refused.accessToken));
    expect(await refused.refresh()).toBe(false);
    expect(refused.accessToken).toBeNull();
    expect(refused.canResume).toBe(false);
    expect(seen).toEqual([null]);
  });

  it('stays logged out when a refresh answers after the session ended', async () => {
    let resolve!: (t: Tokens) => void;
    const sut = new TokenStore({ refresh: () => new Promise<Tokens>((r) => (resolve = r)), ...fakeTimers() });
    sut.set(tokens(1));
    const pending = sut.refresh();
    sut.clear();
    resolve(tokens(2));
    expect(await pending).toBe(false);
    expect(sut.accessToken).toBeNull();
    expect(sut.canResume).toBe(false);
  });

  it('resumes with a refresh token kept from before a reload, and refuses what is no access token', async () => {
    const sut = new TokenStore({ refresh: async (rt) => (rt === 'kept' ? tokens(4) : Promise.reject(new Error('no'))), persist: { load: () => 'kept', save: () => undefined }, ...fakeTimers() });
    expect(sut.canResume).toBe(true);
    expect(await sut.refresh()).toBe(true);
    expect(sut.claims?.sub).toBe('acc-1');
    expect(() => sut.set({ access_token: 'not-a-jwt', expires_in: 600 })).toThrow();
  });
});
