import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { messagingEntities, MessagingModule, OutboxWriter } from '../src';
import { caseOpened, CaseState, Counter, DATABASE_URL, NATS_URL, setupEnv, subjects, teardownEnv, TestEnv, waitFor } from './support';

describe('MessagingModule.forService (Nest, real Postgres and JetStream)', () => {
  let env: TestEnv;
  let app: INestApplicationContext | undefined;

  beforeAll(async () => {
    env = await setupEnv();
  });

  afterAll(async () => {
    await app?.close();
    await teardownEnv(env);
  });

  it('wires writer, relay and consumer: an event written in a transaction is applied by the consumer', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        MikroOrmModule.forRoot({
          driver: PostgreSqlDriver,
          clientUrl: DATABASE_URL,
          schema: env.schema,
          entities: [...messagingEntities, CaseState, Counter],
          pool: { min: 0, max: 4 },
        }),
        MessagingModule.forService({
          service: 'ticketing',
          schema: env.schema,
          natsUrl: NATS_URL,
          subjects,
          relay: { pollIntervalMs: 200 },
          consumers: [
            {
              consumer: 'nest-test',
              filterSubject: subjects.event('citygrid.ticketing.>'),
              handlers: {
                [caseOpened.type]: async (event, em) => {
                  em.create(Counter, { name: event.subject, value: 1 });
                },
              },
            },
          ],
        }),
      ],
    }).compile();
    app = await moduleRef.init();

    const orm = app.get(MikroORM);
    const writer = app.get(OutboxWriter);
    const caseId = randomUUID();
    await orm.em.fork().transactional(async (em) => {
      em.persist(new CaseState(caseId, 'open'));
      writer.add(em, caseOpened, { subject: caseId, data: { caseId, title: 'lamp out' } });
    });

    await waitFor(async () => (await env.orm.em.fork().findOne(Counter, { name: caseId }))?.value === 1, 10_000, 'consumer applied the event');
    await app.close();
    app = undefined;
  });
});
