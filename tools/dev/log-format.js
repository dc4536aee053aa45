'use strict';
// Log formatting for `npm start`: colours, and pino JSON lines turned into one readable line each.
// Pure apart from reading once whether stdout is a terminal (colours only there, and not with
// NO_COLOR).

const COLOR = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const ansi = (code) => (s) => (COLOR ? `\x1b[${code}m${s}\x1b[0m` : String(s));
const c = {
  dim: ansi('2'),
  bold: ansi('1'),
  red: ansi('31'),
  green: ansi('32'),
  yellow: ansi('33'),
  blue: ansi('34'),
  magenta: ansi('35'),
  cyan: ansi('36'),
  gray: ansi('90'),
  redBg: ansi('41;97'),
};
/** Colours given to the apps' prefixes, in the order the apps are found. */
const NAME_COLORS = [c.cyan, c.magenta, c.yellow, c.blue, c.green, ansi('96'), ansi('95'), ansi('93'), ansi('94'), ansi('92')];

const LEVELS = {
  10: ['TRACE', c.gray],
  20: ['DEBUG', c.blue],
  30: ['INFO ', c.green],
  40: ['WARN ', c.yellow],
  50: ['ERROR', c.red],
  60: ['FATAL', c.redBg],
};
const LEVEL_NAMES = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const HIDDEN_KEYS = new Set(['level', 'time', 'msg', 'message', 'pid', 'hostname', 'v', 'context', 'err', 'error']);

const pad2 = (n) => String(n).padStart(2, '0');
const truncate = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function shortValue(key, value) {
  if (value === null || value === undefined) return String(value);
  if (key === 'req' && typeof value === 'object') {
    return [value.method, value.url].filter(Boolean).join(' ') || truncate(JSON.stringify(value), 60);
  }
  if (key === 'res' && typeof value === 'object') {
    return value.statusCode !== undefined ? String(value.statusCode) : truncate(JSON.stringify(value), 60);
  }
  if (key === 'responseTime' && typeof value === 'number') return `${value}ms`;
  if (typeof value === 'string') return truncate(/[\s"]/.test(value) ? JSON.stringify(value) : value, 60);
  return truncate(JSON.stringify(value), 60);
}

/**
 * Turns a pino JSON line into `HH:MM:SS LEVEL msg key=value …`; any other line is returned as is.
 * A `service` field equal to the app's name is left out (the prefix already says it).
 */
function formatLogLine(line, appName) {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return line;
  let entry;
  try {
    entry = JSON.parse(trimmed);
  } catch {
    return line;
  }
  if (!entry || typeof entry !== 'object' || entry.level === undefined) return line;
  const levelNumber = typeof entry.level === 'number' ? entry.level : (LEVEL_NAMES[String(entry.level).toLowerCase()] ?? 30);
  const [label, color] = LEVELS[levelNumber] ?? [String(entry.level).toUpperCase().padEnd(5), (s) => s];
  let time = new Date(typeof entry.time === 'number' || typeof entry.time === 'string' ? entry.time : Date.now());
  if (Number.isNaN(time.getTime())) time = new Date();
  const hhmmss = `${pad2(time.getHours())}:${pad2(time.getMinutes())}:${pad2(time.getSeconds())}`;
  const err = entry.err ?? entry.error;
  let msg = typeof entry.msg === 'string' ? entry.msg : typeof entry.message === 'string' ? entry.message : '';
  if (!msg && err && typeof err === 'object' && err.message) msg = err.message;
  if (typeof entry.context === 'string') msg = `${c.dim(`(${entry.context})`)} ${msg}`;
  const extras = Object.keys(entry)
    .filter((k) => !HIDDEN_KEYS.has(k) && !(k === 'service' && entry[k] === appName))
    .map((k) => `${k}=${shortValue(k, entry[k])}`)
    .join(' ');
  let text = `${c.dim(hhmmss)} ${color(label)} ${msg}`;
  if (extras) text += ` ${c.dim(truncate(extras, 240))}`;
  if (err && typeof err === 'object') {
    if (err.message && err.message !== msg) text += ` ${c.red(`err=${truncate(String(err.message), 200)}`)}`;
    if (levelNumber >= 50 && typeof err.stack === 'string') {
      text += `\n${c.dim(err.stack.split('\n').slice(1, 9).join('\n'))}`;
    }
  } else if (typeof err === 'string') {
    text += ` ${c.red(`err=${truncate(err, 200)}`)}`;
  }
  return text;
}

/** Shows a URL without its password. */
function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

module.exports = { ansi, c, NAME_COLORS, formatLogLine, redact };
