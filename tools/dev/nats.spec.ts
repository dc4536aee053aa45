import { parseNatsUrl } from './nats.js';

describe('parseNatsUrl', () => {
  it('takes the first server of a list, with or without a scheme, port 4222 by default', () => {
    expect(parseNatsUrl('nats://127.0.0.1:4222')).toEqual({ host: '127.0.0.1', port: 4222 });
    expect(parseNatsUrl('nats://user:pw@nats-1:4333, nats://nats-2:4333')).toEqual({ host: 'nats-1', port: 4333 });
    expect(parseNatsUrl('localhost')).toEqual({ host: 'localhost', port: 4222 });
    expect(parseNatsUrl('nats://[::1]:4223')).toEqual({ host: '::1', port: 4223 });
  });
});
