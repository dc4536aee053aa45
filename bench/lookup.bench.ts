/**
 * Point-lookup benchmark of the grid-registry spatial index: 10 000 square level-3-like grids
 * (100 × 100, about 90 m × 110 m each), 100 000 seeded random points, timed one by one.
 *
 * Run from the workspace root:
 *   node -r @swc-node/register bench/lookup.bench.ts
 * Prints one JSON line, then a table.
 */
import { GridSpatialIndex, type IndexedNode } from '@citygrid/geo';
import { buildSyntheticGrids, syntheticExtent } from '@citygrid/demo-data';

export interface BenchOptions {
  /** Number of grids in the index. */
  grids?: number;
  /** Number of timed lookups. */
  lookups?: number;
  /** Untimed lookups first, so the JIT has compiled the hot path. */
  warmup?: number;
  /** PRNG seed for the points. */
  seed?: number;
}

export interface BenchResult {
  grids: number;
  lookups: number;
  /** Time to create the synthetic grid objects (not the index). */
  generateMs: number;
  /** Time to bulk-load the index (`GridSpatialIndex.load`). */
  buildMs: number;
  /** Timed lookups per second of wall time (includes the per-op timer calls). */
  opsPerSec: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
  /** Lookups that found a grid (points are drawn from the extent plus a 2 % margin, so a few miss). */
  hits: number;
  misses: number;
  /** Hits whose grid is not the one arithmetic says (must be 0). */
  wrong: number;
  heapUsedMb: number;
}

/** mulberry32, as in the demo generator: the same points on every run. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

export async function runLookupBench(options: BenchOptions = {}): Promise<BenchResult> {
  const gridCount = options.grids ?? 10_000;
  const lookups = options.lookups ?? 100_000;
  const warmup = options.warmup ?? 10_000;
  const random = createRandom(options.seed ?? 42);

  let start = process.hrtime.bigint();
  const grids = buildSyntheticGrids(gridCount);
  const generateMs = Number(process.hrtime.bigint() - start) / 1e6;

  const index = new GridSpatialIndex();
  start = process.hrtime.bigint();
  index.load(grids);
  const buildMs = Number(process.hrtime.bigint() - start) / 1e6;
  const heapUsedMb = process.memoryUsage().heapUsed / (1024 * 1024);

  const [west, south, east, north] = syntheticExtent(gridCount);
  const marginX = (east - west) * 0.02;
  const marginY = (north - south) * 0.02;
  const total = warmup + lookups;
  const xs = new Float64Array(total);
  const ys = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    xs[i] = west - marginX + random() * (east - west + 2 * marginX);
    ys[i] = south - marginY + random() * (north - south + 2 * marginY);
  }

  for (let i = 0; i < warmup; i++) index.lookup([xs[i] as number, ys[i] as number]);

  const durations = new Float64Array(lookups);
  const found: Array<IndexedNode | undefined> = new Array<IndexedNode | undefined>(lookups);
  const loopStart = process.hrtime.bigint();
  for (let i = 0; i < lookups; i++) {
    const point: [number, number] = [xs[warmup + i] as number, ys[warmup + i] as number];
    const t0 = process.hrtime.bigint();
    found[i] = index.lookup(point);
    durations[i] = Number(process.hrtime.bigint() - t0) / 1e3;
  }
  const loopNs = Number(process.hrtime.bigint() - loopStart);

  // Check the answers against arithmetic (cells are 0.001° squares laid out row by row).
  const columns = Math.ceil(Math.sqrt(gridCount));
  const cell = (east - west) / columns;
  let hits = 0;
  let wrong = 0;
  for (let i = 0; i < lookups; i++) {
    const node = found[i];
    if (!node) continue;
    hits++;
    const column = Math.floor(((xs[warmup + i] as number) - west) / cell);
    const row = Math.floor(((ys[warmup + i] as number) - south) / cell);
    if (node.id !== `syn-${String(row * columns + column + 1).padStart(7, '0')}`) wrong++;
  }

  durations.sort();
  return {
    grids: gridCount,
    lookups,
    generateMs: round(generateMs, 1),
    buildMs: round(buildMs, 1),
    opsPerSec: Math.round(lookups / (loopNs / 1e9)),
    p50Us: round(percentile(durations, 50), 2),
    p99Us: round(percentile(durations, 99), 2),
    maxUs: round(percentile(durations, 100), 1),
    hits,
    misses: lookups - hits,
    wrong,
    heapUsedMb: round(heapUsedMb, 1),
  };
}

if (require.main === module) {
  runLookupBench()
    .then((result) => {
      console.log(JSON.stringify(result));
      console.table(result);
      if (result.wrong > 0) process.exitCode = 1;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
