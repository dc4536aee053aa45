/**
 * `npm run bench`: runs every benchmark in this folder and prints each result.
 * Today that is the spatial-index point lookup (see lookup.bench.ts).
 */
import { runLookupBench } from './lookup.bench';

async function main(): Promise<void> {
  const lookup = await runLookupBench();
  console.log(JSON.stringify({ lookup }));
  console.table({ lookup });
  if (lookup.wrong > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
