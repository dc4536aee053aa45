import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { addSystem, consumerNames, inboxPrefix, listSystems, removeSystem } from './consumer-users';

/**
 * `npm run nats:consumer -- <system>`: give a city system its own NATS user for reading the event
 * stream (a new password when it has one already), printed once.
 * `npm run nats:consumer -- <system> --remove` takes it away; `--list` names those there are.
 * `--file` names another auth.conf (default deploy/nats/auth.conf), `--stream` another stream.
 * Reload nats-server afterwards (`nats-server --signal reload`, or roll the pods) to apply it.
 */
const USAGE = 'usage: npm run nats:consumer -- <system> [--remove] [--file deploy/nats/auth.conf] [--stream CITYGRID] | --list';

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { remove: { type: 'boolean' }, list: { type: 'boolean' }, file: { type: 'string' }, stream: { type: 'string' } },
  });
  const file = resolve(values.file ?? resolve(__dirname, '../../deploy/nats/auth.conf'));
  const conf = readFileSync(file, 'utf8');
  if (values.list) {
    for (const system of listSystems(conf)) process.stdout.write(`${system}\n`);
    return 0;
  }
  const [system] = positionals;
  if (!system || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (values.remove) {
    writeFileSync(file, removeSystem(conf, system));
    process.stderr.write(`removed "${system}" from ${file}; reload nats-server to apply\n`);
    return 0;
  }
  const added = addSystem(conf, system, { stream: values.stream });
  writeFileSync(file, added.conf);
  process.stderr.write(
    [
      `"${system}" may now read the ${values.stream ?? 'CITYGRID'} stream; reload nats-server to apply (${file}).`,
      `Give its operators, once and over a safe channel:`,
      `  user: ${system}`,
      `  consumers it may keep: ${consumerNames(system).join(', ')}`,
      `  inbox prefix to connect with: ${inboxPrefix(system)}`,
      `  password (on stdout; it is stored only as a bcrypt hash):`,
      '',
    ].join('\n'),
  );
  process.stdout.write(`${added.password}\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
