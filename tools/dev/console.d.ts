// Types for console.js (plain CommonJS so that `npm start` runs without a transpiler).
export const CONSOLE_DIST: string;

/** Why the console must be built (`missing`, `stale`), or `null` when its build is newer than every source. */
export function consoleBuildReason(root: string): 'missing' | 'stale' | null;

/** Build the console with Vite when needed; `false` when the build failed. */
export function ensureConsoleBuilt(root: string, log: { say(text: string): void; warn(text: string): void }): boolean;
