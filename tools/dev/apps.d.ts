// Types for apps.js (plain CommonJS so that `npm start` runs without a transpiler).
export interface AppInfo {
  /** folder name under apps/, e.g. "grid-registry" */
  name: string;
  /** repo-relative path of the entry, e.g. "apps/grid-registry/src/main.ts" */
  main: string;
  /** repo-relative path of src/migrate.ts; present only for apps with a database */
  migrate?: string;
  /** default PORT for local runs: gateway 3000, the others 3101, 3102, ... alphabetically */
  port: number;
  /** default DATABASE_SCHEMA: the name with - replaced by _ */
  schema: string;
}

/** Apps found as apps/<name>/src/main.ts: the non-gateway apps alphabetically, then the gateway. */
export function discoverApps(root: string): AppInfo[];
export const GATEWAY: string;
export const GATEWAY_PORT: number;
export const FIRST_SERVICE_PORT: number;
