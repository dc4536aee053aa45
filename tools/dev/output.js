'use strict';
// The one terminal of `npm start`: every line printed with the name of whoever wrote it
// (`[dev]`, `[postgres]`, `[nats]`, `[grid-registry]` …), names padded to one width and coloured.
const readline = require('node:readline');

const { c, NAME_COLORS } = require('./log-format.js');

const SYSTEM_NAMES = ['dev', 'postgres', 'nats'];
let prefixWidth = Math.max(...SYSTEM_NAMES.map((n) => n.length)) + 2;
const nameColor = new Map([
  ['dev', c.bold],
  ['postgres', c.gray],
  ['nats', c.gray],
]);

/** Gives each app its prefix colour and widens the prefix column to the longest name. */
function registerApps(apps) {
  prefixWidth = Math.max(prefixWidth, ...apps.map((a) => a.name.length + 2));
  apps.forEach((a, i) => nameColor.set(a.name, NAME_COLORS[i % NAME_COLORS.length]));
}

function prefix(name) {
  const color = nameColor.get(name) ?? ((s) => s);
  return color(`[${name}]`.padEnd(prefixWidth));
}

function out(name, text) {
  for (const line of String(text).split('\n')) process.stdout.write(`${prefix(name)} ${line}\n`);
}
const say = (text) => out('dev', text);
const warn = (text) => out('dev', c.yellow(text));
const fail = (text) => out('dev', c.red(text));

/** Prints every non-empty line of `stream` under `name`, through `format`; `onLine` sees every line. */
function pipeLines(name, stream, format = (l) => l, onLine = () => {}) {
  if (!stream) return;
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  rl.on('line', (line) => {
    onLine(line);
    if (line.trim() !== '') out(name, format(line));
  });
}

module.exports = { registerApps, out, say, warn, fail, pipeLines };
