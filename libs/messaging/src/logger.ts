/**
 * The logging surface the lib needs. It is the call shape of pino (`logger.info(obj, msg)`), so a
 * pino logger (or a Nest `PinoLogger`) can be passed as is, without the lib depending on pino.
 */
export interface MessagingLogger {
  /** Normal operation worth recording (leadership changes, reconnects). */
  info(obj: object, msg?: string): void;
  /** Something went wrong but will be retried. */
  warn(obj: object, msg?: string): void;
  /** Something went wrong and needs attention. */
  error(obj: object, msg?: string): void;
}

/** A logger that drops everything; the default when none is given. */
export const silentLogger: MessagingLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Error → loggable object, without leaking stack-less `unknown`s into log lines. */
export function errorInfo(err: unknown): { err: { message: string; name?: string; stack?: string } } {
  if (err instanceof Error) return { err: { message: err.message, name: err.name, stack: err.stack } };
  return { err: { message: String(err) } };
}

/** The message of any thrown value. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
