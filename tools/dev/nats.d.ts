// Types for nats.js (plain CommonJS so that `npm start` runs without a transpiler).
export const DEFAULT_NATS_URL: string;

/** Host and port of the first server of a NATS_URL (`nats://h:p`, `h:p`, `a,b`); port 4222 by default. */
export function parseNatsUrl(natsUrl: string): { host: string; port: number };

/** A NATS the apps can use, and its URL; `null` when none answers and nats-server is not installed. */
export function ensureNats(natsUrl: string, where: { root: string; dataDir: string }): Promise<string | null>;
