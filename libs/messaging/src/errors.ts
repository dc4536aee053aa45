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
