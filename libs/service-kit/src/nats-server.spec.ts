import { Subjects } from '@citygrid/messaging';
import type { MessageHandler } from '@nestjs/microservices';

import { PrefixedNatsServer } from './nats-server';

describe('PrefixedNatsServer', () => {
  const handler = (async () => 'ok') as unknown as MessageHandler;

  it('subscribes each bare handler pattern under the deployment prefix', () => {
    const sut = new PrefixedNatsServer({ servers: ['nats://127.0.0.1:4222'] }, new Subjects({ prefix: 'dev1' }));
    sut.addHandler('grid-registry.node.get', handler);
    expect([...sut.getHandlers().keys()]).toEqual(['dev1.grid-registry.node.get']);
    expect(sut.getHandlerByPattern('dev1.grid-registry.node.get')).toBe(handler);
  });

  it('keeps the bare pattern without a prefix', () => {
    const sut = new PrefixedNatsServer({ servers: ['nats://127.0.0.1:4222'] }, new Subjects());
    sut.addHandler('grid-registry.node.get', handler);
    expect([...sut.getHandlers().keys()]).toEqual(['grid-registry.node.get']);
  });
});
