/**
 * A message that can never be processed, whatever the number of retries: not JSON, or not a
 * CityGrid CloudEvent. Consumers dead-letter such messages at once instead of retrying them.
 */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';

  /**
   * @param reason why the message was refused
   * @param raw the message body as text, kept for the dead-letter record
   */
  constructor(
    reason: string,
    readonly raw: string,
  ) {
    super(reason);
  }
}

/** `DeadLetters.replay` was given an id that has no dead-letter row. */
export class DeadLetterNotFoundError extends Error {
  override readonly name = 'DeadLetterNotFoundError';

  constructor(readonly id: string) {
    super(`dead letter ${id} not found`);
  }
}

/** A dead letter names a consumer that has no handlers in this service (renamed or removed since). */
export class UnknownConsumerError extends Error {
  override readonly name = 'UnknownConsumerError';

  constructor(readonly consumer: string) {
    super(`no handlers registered for consumer ${consumer}`);
  }
}

/**
 * `DeadLetters.replay` ran the handler and it failed again; nothing was changed (the dead letter
 * included). `cause` is what the handler threw.
 */
export class ReplayFailedError extends Error {
  override readonly name = 'ReplayFailedError';

  constructor(
    readonly id: string,
    override readonly cause: unknown,
  ) {
    super(`replay of dead letter ${id} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
