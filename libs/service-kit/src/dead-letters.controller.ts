import { assertAllowed, isSystemAdmin } from '@citygrid/auth';
import { DeadLetterIdRequest, ErrorCode, ListDeadLettersQuery, type DeadLetterReplayView, type DeadLetterView, type Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { DeadLetter, DeadLetterNotFoundError, DeadLetters, PoisonMessageError, ReplayFailedError, UnknownConsumerError } from '@citygrid/messaging';
import { maskEventPayload, maskNumbersInText } from '@citygrid/pii';
import type { Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { CurrentCaller } from './request-context';
import { RpcController } from './rpc-context';
import { ServiceError } from './service-error';

/** Longest error text shown: enough to see the cause, and a stack trace pasted into a message stays out. */
const MAX_ERROR_CHARS = 2000;

/**
 * A dead letter as an operator sees it: the event's personal data masked (`maskEventPayload`),
 * ID numbers and phones in the error masked, and nothing of a poison message's body (it may hold
 * anything; it stays in the table).
 */
export function toDeadLetterView(row: DeadLetter): DeadLetterView {
  const event = typeof row.event === 'string' ? null : row.event;
  return {
    id: row.id,
    consumer: row.consumer,
    subject: row.subject,
    eventId: row.eventId,
    type: row.type,
    poison: event === null,
    event: event && {
      id: event.id,
      source: event.source,
      type: event.type,
      subject: String(maskEventPayload(event.subject, 'subject')),
      time: event.time,
      correlationid: event.correlationid ?? null,
      data: maskEventPayload(event.data),
    },
    error: maskNumbersInText(row.error).slice(0, MAX_ERROR_CHARS),
    deliveries: row.deliveries,
    createdAt: row.createdAt.toISOString(),
    replayedAt: row.replayedAt?.toISOString() ?? null,
  };
}

/**
 * The typed error a failed replay answers with. A handler that still fails is a 409: the replay
 * asks for something the current state refuses, and the same request succeeds once the operator
 * has changed that state (RFC 9110 §15.5.10); the letter is left as it was. A letter that can
 * never be replayed (no event at all, or of a consumer this service no longer runs) is a 422:
 * nothing the operator changes will make it work. A handler that ran out of the request's time
 * is the 503 it raised, with nothing changed.
 */
export function replayError(err: unknown): unknown {
  if (err instanceof DeadLetterNotFoundError) return new ServiceError(ErrorCode.NotFound, `Dead letter ${err.id} does not exist.`);
  if (err instanceof PoisonMessageError) return new ServiceError(ErrorCode.Unprocessable, 'This dead letter holds a message that is no event: there is nothing to replay.');
  if (err instanceof UnknownConsumerError) return new ServiceError(ErrorCode.Unprocessable, `This dead letter belongs to consumer ${err.consumer}, which this service no longer runs.`);
  if (err instanceof ReplayFailedError) {
    if (err.cause instanceof ServiceError && err.cause.code === ErrorCode.Unavailable) return err.cause;
    const reason = err.cause instanceof ServiceError ? err.cause.detail : err.cause instanceof Error ? err.cause.message : String(err.cause);
    return new ServiceError(ErrorCode.Conflict, `The event's handler still fails (${maskNumbersInText(reason).slice(0, MAX_ERROR_CHARS)}). Nothing was changed: fix the cause, then replay it again.`);
  }
  return err;
}

function assertSystemAdmin(caller: Caller): void {
  assertAllowed(caller.kind === 'staff' && isSystemAdmin(caller), 'Only the system administrator lists and replays dead letters.');
}

/**
 * The NATS handlers of a service's dead letters, answering `patterns.list` and `patterns.replay`
 * (e.g. `identity.dead-letter.list`): the system administrator only. Mount it in a service that
 * runs consumers through `serviceConsumerProviders`, which provides the {@link DeadLetters} it reads.
 */
export function deadLettersController(patterns: { list: string; replay: string }): Type<unknown> {
  @RpcController()
  class DeadLettersRpcController {
    constructor(private readonly deadLetters: DeadLetters) {}

    /** Letters still waiting (or all, with `includeReplayed`), oldest first. */
    @MessagePattern(patterns.list)
    async list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListDeadLettersQuery): Promise<Page<DeadLetterView>> {
      assertSystemAdmin(caller);
      const page = await this.deadLetters.list({ consumer: q.consumer, includeReplayed: q.includeReplayed === 'true', limit: q.limit ?? 100, offset: q.offset ?? 0 });
      return { ...page, items: page.items.map(toDeadLetterView) };
    }

    /** Apply the letter's event now, once (the consumer's inbox decides), and mark it replayed; all or nothing. */
    @MessagePattern(patterns.replay)
    async replay(@CurrentCaller() caller: Caller, @Payload('payload') req: DeadLetterIdRequest): Promise<DeadLetterReplayView> {
      assertSystemAdmin(caller);
      try {
        const { applied, deadLetter } = await this.deadLetters.replay(req.id);
        return { applied, deadLetter: toDeadLetterView(deadLetter) };
      } catch (err) {
        throw replayError(err);
      }
    }
  }
  return DeadLettersRpcController;
}
