/**
 * `npm run bench`: runs every benchmark in this folder, prints the results and writes them to
 * bench/results/<date>.json (git-ignored; copy the figures into bench/README.md by hand).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { runCaseIntakeBench } from './case-intake.bench';
import { runGatewayCreateBench } from './gateway-create.bench';
import { runLookupBench } from './lookup.bench';

async function main(): Promise<void> {
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
  console.log('machine', machine);
  const lookup = await runLookupBench();
  console.log('\npoint lookup over 10,000 grids (in-process spatial index)');
  console.table({ lookup });
  const create = await runGatewayCreateBench();
  console.log('\ngrid creation through the gateway (HTTP → NATS → grid-registry → Postgres + outbox)');
  console.table({ create });
  const cases = await runCaseIntakeBench();
  console.log('\ncase intake through the gateway (HTTP → NATS → ticketing → grid → Postgres + outbox) at each concurrency');
  console.table(
    cases.levels.map(({ cpuMsPerCase: _cpu, eventLatency, statuses, ...run }) => ({
      ...run,
      statuses: JSON.stringify(statuses),
      eventP50Ms: eventLatency.p50Ms,
      eventP99Ms: eventLatency.p99Ms,
      events: eventLatency.events,
    })),
  );
  console.log('CPU ms per case, by process');
  console.table(Object.fromEntries(cases.levels.map((r) => [`${r.concurrency} clients`, r.cpuMsPerCase])));
  console.log(`raw insert of a case row and its outbox row in one transaction, ${cases.raw.concurrency} connections`);
  console.table({ raw: cases.raw, 'raw + NOTIFY trigger': cases.rawWithNotify, intake: cases.intake });
  console.log(`intake is ${(cases.ratio * 100).toFixed(1)}% of the raw rate at ${cases.intake.concurrency} clients`);
  if (cases.sustained) {
    const s = cases.sustained;
    console.log(`\nintake held for ${s.seconds} s at ${s.concurrency} clients: ${s.throughputPerSec} cases/s, p99 ${s.p99Ms} ms, ${s.failures} failures`);
    console.log(`  commit → JetStream p50 ${s.eventLatency.p50Ms} ms, p99 ${s.eventLatency.p99Ms} ms over ${s.eventLatency.events} events`);
    console.log(`  outbox backlog each second: max ${s.backlog.max}, mean ${s.backlog.firstHalfMean} (first half) → ${s.backlog.secondHalfMean} (second half)`);
  }
  if (cases.drain) console.log(`backlog of ${cases.drain.rows} outbox rows drained in ${cases.drain.seconds} s: ${cases.drain.eventsPerSec} events/s`);
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ machine, lookup, create, cases }, null, 2));
  if (lookup.wrong > 0 || create.failures > 0 || cases.levels.some((r) => r.failures > 0) || (cases.sustained?.failures ?? 0) > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
