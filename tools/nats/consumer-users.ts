import { randomBytes } from 'node:crypto';

import bcrypt from 'bcryptjs';

/**
 * NATS users of the city systems that consume CityGrid's event stream, one per system, kept in a
 * marked section of `deploy/nats/auth.conf`. Each may read the stream only through durable
 * consumers named after it (`<system>` for its live consumer, `<system>-replay` for a replay from a
 * time or sequence), and receive replies only on its own inbox prefix (`_INBOX_<system>.`), so it
 * sees neither another system's consumers nor anyone's replies.
 *
 * The password is stored as a bcrypt hash, which nats-server verifies itself; the clear password
 * is shown once to whoever runs the command and kept nowhere.
 */

/** Marks the start of the generated section. */
export const BEGIN_MARKER = '# BEGIN city-system consumers (npm run nats:consumer -- <system>; do not edit by hand)';
/** Marks its end. */
export const END_MARKER = '# END city-system consumers';
/** A system's name: lower case, digits and dashes, as it appears in consumer names and subjects. */
export const SYSTEM_NAME = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;
/** Names no city system may take: the services' own users and consumers. */
const RESERVED = ['gateway', 'grid-registry', 'identity', 'ticketing', 'reporting', 'notifications', 'sys', 'system', 'citygrid'];
/** bcrypt cost: nats-server checks the hash once per connection, not per message. */
const BCRYPT_COST = 11;

/** The consumer names a system may keep. */
export function consumerNames(system: string): string[] {
  return [system, `${system}-replay`];
}

/** The inbox prefix a system connects with (`inboxPrefix` in nats.js, `CustomInboxPrefix` in nats.go). */
export function inboxPrefix(system: string): string {
  return `_INBOX_${system}`;
}

/** Why `system` cannot be a city system's name, or undefined when it can. */
export function invalidSystemName(system: string): string | undefined {
  if (!SYSTEM_NAME.test(system)) return 'a system name is 3 to 32 characters: lower-case letters, digits and dashes, starting with a letter';
  if (RESERVED.some((r) => system === r || system.startsWith(`${r}-`))) return `"${system}" is taken by a CityGrid service`;
  return undefined;
}

/** The subjects a system may publish to: stream information, its own consumers, their acks. */
export function publishAllow(system: string, stream: string): string[] {
  const allow = ['$JS.API.INFO', `$JS.API.STREAM.INFO.${stream}`];
  for (const name of consumerNames(system)) {
    allow.push(
      `$JS.API.CONSUMER.CREATE.${stream}.${name}`,
      `$JS.API.CONSUMER.CREATE.${stream}.${name}.>`,
      `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${name}`,
      `$JS.API.CONSUMER.INFO.${stream}.${name}`,
      `$JS.API.CONSUMER.DELETE.${stream}.${name}`,
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.${name}`,
      `$JS.ACK.${stream}.${name}.>`,
    );
  }
  return allow;
}

/** One system's user block. */
export function userBlock(system: string, passwordHash: string, stream: string, added: string): string {
  const quote = (s: string): string => JSON.stringify(s);
  return [
    `    # city system "${system}", added ${added}: reads ${stream} through its consumers ${consumerNames(system).join(' and ')} only`,
    '    {',
    `      user: ${quote(system)}`,
    `      password: ${quote(passwordHash)}`,
    '      permissions: {',
    `        publish: { allow: [${publishAllow(system, stream).map(quote).join(', ')}] }`,
    `        subscribe: { allow: [${quote(`${inboxPrefix(system)}.>`)}] }`,
    '      }',
    '    }',
  ].join('\n');
}

/** The systems the section of `conf` holds, in order. */
export function listSystems(conf: string): string[] {
  return [...section(conf).body.matchAll(/^ {6}user: "([^"]+)"$/gm)].map((m) => m[1]);
}

/** The outcome of {@link addSystem}. */
export interface AddedSystem {
  /** The configuration with the system's user. */
  conf: string;
  /** Its password in clear, to hand to the system's operators once. */
  password: string;
}

/**
 * Add a user for `system` to `conf` (or give it a new password when it has one: the old one stops
 * working when nats-server reloads its configuration).
 * @throws Error when the name is not valid or the section markers are missing
 */
export function addSystem(conf: string, system: string, opts: { stream?: string; now?: Date } = {}): AddedSystem {
  const invalid = invalidSystemName(system);
  if (invalid) throw new Error(invalid);
  const password = randomBytes(24).toString('base64url');
  const hash = bcrypt.hashSync(password, BCRYPT_COST);
  const block = userBlock(system, hash, opts.stream ?? 'CITYGRID', (opts.now ?? new Date()).toISOString().slice(0, 10));
  const blocks = blocksOf(conf).filter((b) => b.system !== system);
  blocks.push({ system, text: block });
  return { conf: withBlocks(conf, blocks), password };
}

/**
 * Remove the user of `system` from `conf`.
 * @throws Error when there is none
 */
export function removeSystem(conf: string, system: string): string {
  const blocks = blocksOf(conf);
  if (!blocks.some((b) => b.system === system)) throw new Error(`no city system "${system}" in the configuration`);
  return withBlocks(
    conf,
    blocks.filter((b) => b.system !== system),
  );
}

interface Block {
  system: string;
  text: string;
}

function section(conf: string): { start: number; end: number; body: string } {
  const start = conf.indexOf(BEGIN_MARKER);
  const end = conf.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`the configuration has no section between "${BEGIN_MARKER}" and "${END_MARKER}"`);
  const bodyStart = conf.indexOf('\n', start) + 1;
  const bodyEnd = conf.lastIndexOf('\n', end) + 1;
  return { start: bodyStart, end: bodyEnd, body: conf.slice(bodyStart, bodyEnd) };
}

function blocksOf(conf: string): Block[] {
  const { body } = section(conf);
  return body
    .split(/\n(?= {4}# city system ")/)
    .map((text) => text.replace(/\n+$/, ''))
    .filter((text) => text.trim() !== '')
    .map((text) => ({ system: /^ {6}user: "([^"]+)"$/m.exec(text)?.[1] ?? '', text }));
}

function withBlocks(conf: string, blocks: Block[]): string {
  const { start, end } = section(conf);
  const body = blocks.map((b) => `${b.text}\n`).join('');
  return conf.slice(0, start) + body + conf.slice(end);
}
