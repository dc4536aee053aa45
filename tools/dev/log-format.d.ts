// Types for log-format.js (plain CommonJS so that `npm start` runs without a transpiler).
type Paint = (s: unknown) => string;

/** `s` wrapped in the ANSI code when stdout is a terminal (and NO_COLOR is unset), else `String(s)`. */
export function ansi(code: string): Paint;
export const c: Record<'dim' | 'bold' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'gray' | 'redBg', Paint>;
export const NAME_COLORS: Paint[];

/**
 * A pino JSON line as `HH:MM:SS LEVEL msg key=value …` (local time); any other line unchanged.
 * A `service` field equal to `appName` is left out.
 */
export function formatLogLine(line: string, appName: string): string;

/** `url` with its password shown as `***`; anything that does not parse, unchanged. */
export function redact(url: string): string;
