import { ConfigError, loadEnv } from '@citygrid/service-kit';

import { GatewayEnv, trustProxySetting } from './config';

describe('TRUST_PROXY', () => {
  it('trusts no proxy by default, else a hop count or a list of proxies', () => {
    expect(trustProxySetting(loadEnv(GatewayEnv, {}).TRUST_PROXY)).toBe(false);
    expect(trustProxySetting('1')).toBe(1);
    expect(trustProxySetting('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8');
    expect(loadEnv(GatewayEnv, { TRUST_PROXY: 'loopback,fd00::/8' }).TRUST_PROXY).toBe('loopback,fd00::/8');
  });

  it('refuses to trust every proxy', () => {
    expect(() => loadEnv(GatewayEnv, { TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadEnv(GatewayEnv, { TRUST_PROXY: 'loopback; rm -rf' })).toThrow(/TRUST_PROXY/);
  });
});
