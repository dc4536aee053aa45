import { formatLogLine, redact } from './log-format.js';

// Colours depend on whether the test runs in a terminal: compare the text without them.
// eslint-disable-next-line no-control-regex
const plain = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');
const at = (h: number, m: number, s: number): number => new Date(2026, 0, 2, h, m, s).getTime();

describe('formatLogLine', () => {
  it('turns a pino line into time, level, message and the other fields', () => {
    const line = JSON.stringify({ level: 30, time: at(9, 5, 7), pid: 1, hostname: 'h', service: 'ticketing', msg: 'case opened', caseId: 'c-1', note: 'two words' });
    expect(plain(formatLogLine(line, 'ticketing'))).toBe('09:05:07 INFO  case opened caseId=c-1 note="two words"');
  });

  it('keeps a service field that is not the app of the prefix', () => {
    expect(plain(formatLogLine(JSON.stringify({ level: 'warn', time: at(0, 0, 0), service: 'orm', msg: 'slow' }), 'ticketing'))).toBe('00:00:00 WARN  slow service=orm');
  });

  it('shows requests, responses and durations briefly, and the Nest context before the message', () => {
    const line = JSON.stringify({ level: 30, time: at(1, 2, 3), context: 'Router', msg: 'done', req: { method: 'GET', url: '/x', headers: {} }, res: { statusCode: 204 }, responseTime: 12 });
    expect(plain(formatLogLine(line, 'gateway'))).toBe('01:02:03 INFO  (Router) done req=GET /x res=204 responseTime=12ms');
  });

  it('adds the error message and, from level error up, the first lines of the stack', () => {
    const err = { message: 'boom', stack: 'Error: boom\n    at a\n    at b' };
    expect(plain(formatLogLine(JSON.stringify({ level: 50, time: at(1, 0, 0), msg: 'failed', err }), 'x'))).toBe('01:00:00 ERROR failed err=boom\n    at a\n    at b');
    expect(plain(formatLogLine(JSON.stringify({ level: 40, time: at(1, 0, 0), err }), 'x'))).toBe('01:00:00 WARN  boom');
  });

  it('leaves anything that is not a pino JSON line as it is', () => {
    for (const line of ['plain text', '{not json}', '{"no":"level"}', '  [1, 2]  ']) expect(formatLogLine(line, 'x')).toBe(line);
  });
});

describe('redact', () => {
  it('hides the password of a URL and nothing else', () => {
    expect(redact('postgres://u:secret@db:5432/citygrid')).toBe('postgres://u:***@db:5432/citygrid');
    expect(redact('postgres://postgres@127.0.0.1:5432/citygrid')).toBe('postgres://postgres@127.0.0.1:5432/citygrid');
    expect(redact('not a url')).toBe('not a url');
  });
});
