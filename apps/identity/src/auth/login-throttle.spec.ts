import { throttleDelayS, throttleSource, type ThrottlePolicy } from './login-throttle';

describe('throttleDelayS', () => {
  const policy: ThrottlePolicy = { freeFailures: 5, baseDelayS: 30, maxDelayS: 900 };

  it('lets the first failures pass, then doubles the wait per failure up to the cap', () => {
    expect([1, 2, 3, 4].map((f) => throttleDelayS(f, policy))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11].map((f) => throttleDelayS(f, policy))).toEqual([30, 60, 120, 240, 480, 900, 900]);
    expect(throttleDelayS(100_000, policy)).toBe(900);
    expect(throttleDelayS(1, { freeFailures: 1, baseDelayS: 1, maxDelayS: 900 })).toBe(1);
  });
});

describe('throttleSource', () => {
  it('keeps IPv4 addresses, also when written IPv4-mapped', () => {
    expect(throttleSource('203.0.113.7')).toBe('203.0.113.7');
    expect(throttleSource('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(throttleSource('::FFFF:127.0.0.1')).toBe('127.0.0.1');
  });

  it('counts an IPv6 client by its /64, however the address is written', () => {
    expect(throttleSource('2001:db8:0:1::1')).toBe('2001:db8:0:1::/64');
    expect(throttleSource('2001:0DB8:0000:0001:ffff:ffff:ffff:ffff')).toBe('2001:db8:0:1::/64');
    expect(throttleSource('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(throttleSource('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(throttleSource('::1')).toBe('0:0:0:0::/64');
    expect(throttleSource('64:ff9b::203.0.113.7')).toBe('64:ff9b:0:0::/64');
    expect(throttleSource('2001:db8:0:2::1')).not.toBe(throttleSource('2001:db8:0:1::1'));
  });

  it('keeps anything else as a lower-case name', () => {
    expect(throttleSource('Unknown')).toBe('unknown');
  });
});
