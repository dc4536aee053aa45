// Types for apps.js (plain CommonJS so that `npm start` runs without a transpiler).
export interface AppInfo {
  /** folder name under apps/, e.g. "grid-registry" */
  name: string;
  /** repo-relative path of the entry, e.g. "apps/grid-registry/src/main.ts" */
  main: string;
  /** repo-relative path of src/migrate.ts; present only for apps with a database */
  migrate?: string;
  /** default PORT for local runs: gateway 3000, the others 3101, 3102, ... in the order they were added (SERVICE_ORDER) */
  port: number;
  /** default DATABASE_SCHEMA: the name with - replaced by _ */
  schema: string;
}

/** Apps found as apps/<name>/src/main.ts: the non-gateway apps in SERVICE_ORDER (others after them, alphabetically), then the gateway. */
export function discoverApps(root: string): AppInfo[];
export const GATEWAY: string;
export const GATEWAY_PORT: number;
export const FIRST_SERVICE_PORT: number;
/** Services in the order they were added; their default ports follow it. */
export const SERVICE_ORDER: readonly string[];
