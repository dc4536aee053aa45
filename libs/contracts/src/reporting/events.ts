import { defineEvent } from '../common/cloudevent';
import type { ReadModelRebuiltV1 } from './rebuild';

/** Events published by reporting. */
export const ReportingEvents = {
  readModelRebuilt: defineEvent<ReadModelRebuiltV1>({
    service: 'reporting',
    aggregate: 'read-model',
    event: 'rebuilt',
    version: 1,
    summary: "Reporting's read models were rebuilt by replaying the event stream from its start; figures read before may have changed.",
    schema: {
      type: 'object',
      required: ['id', 'startedAt', 'finishedAt', 'eventsReplayed', 'actor'],
      properties: {
        id: { type: 'string', format: 'uuid', description: 'Rebuild id.' },
        startedAt: { type: 'string', format: 'date-time', description: 'When it started.' },
        finishedAt: { type: 'string', format: 'date-time', description: 'When it completed.' },
        eventsReplayed: { type: 'integer', minimum: 0, description: 'Events replayed.' },
        actor: {
          type: 'object',
          description: 'Who asked for it (never a name); system for the command line.',
          properties: { id: { type: 'string' }, kind: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } } },
        },
      },
    },
  }),
} as const;
