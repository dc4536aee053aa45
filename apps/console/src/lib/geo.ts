/** Small helpers for the map: figures per grid. */

export type LngLat = [number, number];

const OPEN = new Set(['reported', 'filed', 'dispatched', 'accepted', 'returned', 'handled', 'suspended']);

/** Open and overdue cases per grid code, for colouring the map. */
export function countsByGrid(cases: ReadonlyArray<{ gridCode: string; state: string; deadline?: string | null }>, now = Date.now()): Map<string, { open: number; overdue: number }> {
  const out = new Map<string, { open: number; overdue: number }>();
  for (const c of cases) {
    if (!OPEN.has(c.state)) continue;
    const entry = out.get(c.gridCode) ?? { open: 0, overdue: 0 };
    entry.open += 1;
    if (c.deadline && Date.parse(c.deadline) < now && c.state !== 'suspended' && c.state !== 'handled') entry.overdue += 1;
    out.set(c.gridCode, entry);
  }
  return out;
}
