import type { FieldError } from '@citygrid/contracts';
import { NodeKind, NodeStatus } from '@citygrid/contracts/grid-registry';

import { isWithin, validateBoundary, type Boundary } from '@citygrid/geo';

/** What the rules need to know about a proposed node. */
export interface NodeCandidate {
  code: string;
  kind: NodeKind;
  gridLevel?: 1 | 2 | 3 | null;
  parentCode?: string | null;
  boundary: unknown;
}

/** What the rules need to know about an existing (or earlier in the same import) node. */
export interface ParentInfo {
  code: string;
  kind: NodeKind;
  gridLevel: 1 | 2 | 3 | null;
  status: NodeStatus;
  boundary: Boundary;
}

/** Outcome of the rules: field errors split by how the edge should answer. */
export interface RuleResult {
  /** Malformed input (HTTP 400). */
  invalid: FieldError[];
  /** Well-formed but impossible in the tree (HTTP 422): unknown parent, outside parent … */
  unprocessable: FieldError[];
  /** The grid level the node gets (subdistricts default to 1). */
  gridLevel: 1 | 2 | 3 | null;
}

const CODE_LENGTH: Record<string, number> = {
  [NodeKind.City]: 6,
  [NodeKind.District]: 6,
  [NodeKind.Subdistrict]: 9,
  [NodeKind.Community]: 12,
  'grid:2': 14,
  'grid:3': 16,
};

/** Which parent each kind must have: the five-level tree plus the subdistrict's grid levels. */
function expectedParent(kind: NodeKind, gridLevel: 1 | 2 | 3 | null): { kind: NodeKind; gridLevel?: 1 | 2 | 3 } | null {
  switch (kind) {
    case NodeKind.City:
      return null;
    case NodeKind.District:
      return { kind: NodeKind.City };
    case NodeKind.Subdistrict:
      return { kind: NodeKind.District };
    case NodeKind.Community:
      return { kind: NodeKind.Subdistrict };
    case NodeKind.Grid:
      return gridLevel === 3 ? { kind: NodeKind.Grid, gridLevel: 2 } : { kind: NodeKind.Community };
  }
}

/**
 * Checks a proposed node against the tree rules. `findParent` resolves a parent code to an
 * existing node (or one earlier in the same import file). `prefix` prefixes field names (imports
 * use `features[3].properties`).
 */
export function checkNode(c: NodeCandidate, findParent: (code: string) => ParentInfo | undefined, prefix = ''): RuleResult {
  const f = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const invalid: FieldError[] = [];
  const unprocessable: FieldError[] = [];

  let gridLevel: 1 | 2 | 3 | null = c.gridLevel ?? null;
  if (c.kind === NodeKind.Subdistrict) {
    if (gridLevel !== null && gridLevel !== 1) invalid.push({ field: f('gridLevel'), reason: 'a subdistrict is the level-1 grid; gridLevel must be 1' });
    gridLevel = 1;
  } else if (c.kind === NodeKind.Grid) {
    if (gridLevel !== 2 && gridLevel !== 3) invalid.push({ field: f('gridLevel'), reason: 'a grid must have gridLevel 2 or 3' });
  } else if (gridLevel !== null) {
    invalid.push({ field: f('gridLevel'), reason: `a ${c.kind} has no grid level` });
    gridLevel = null;
  }

  const lengthKey = c.kind === NodeKind.Grid ? `grid:${gridLevel}` : c.kind;
  const expectedLength = CODE_LENGTH[lengthKey];
  if (expectedLength !== undefined && c.code.length !== expectedLength) {
    invalid.push({ field: f('code'), reason: `a ${c.kind}${c.kind === NodeKind.Grid ? ` of level ${gridLevel}` : ''} code has ${expectedLength} digits` });
  }

  const geometryErrors = validateBoundary(c.boundary, f('boundary'));
  // A loop, not `push(...geometryErrors)`: a boundary can have 400,000 errors, more than a spread may pass.
  for (const e of geometryErrors) invalid.push(e);

  const wanted = expectedParent(c.kind, gridLevel);
  if (wanted === null) {
    if (c.parentCode) invalid.push({ field: f('parentCode'), reason: 'a city has no parent' });
    if (!c.code.endsWith('00')) invalid.push({ field: f('code'), reason: 'a city code (GB/T 2260) ends in 00' });
  } else if (!c.parentCode) {
    invalid.push({ field: f('parentCode'), reason: `a ${c.kind} needs a parent (${wanted.kind})` });
  } else {
    const parent = findParent(c.parentCode);
    if (!parent) {
      unprocessable.push({ field: f('parentCode'), reason: `unknown parent ${c.parentCode}` });
    } else {
      if (parent.status !== NodeStatus.Active) unprocessable.push({ field: f('parentCode'), reason: `parent ${parent.code} is retired` });
      if (parent.kind !== wanted.kind || (wanted.gridLevel !== undefined && parent.gridLevel !== wanted.gridLevel)) {
        const wantedName = wanted.gridLevel ? `a level-${wanted.gridLevel} grid` : `a ${wanted.kind}`;
        unprocessable.push({
          field: f('parentCode'),
          reason: `the parent of a ${c.kind}${gridLevel && c.kind === NodeKind.Grid ? ` of level ${gridLevel}` : ''} must be ${wantedName}, ${parent.code} is a ${parent.kind}`,
        });
      }
      // GB/T 2260: a district shares the first four digits with its city (410100 → 410102).
      const prefixOk = c.kind === NodeKind.District ? c.code.slice(0, 4) === parent.code.slice(0, 4) : c.code.startsWith(parent.code) && c.code !== parent.code;
      if (!prefixOk) invalid.push({ field: f('code'), reason: `code must start with its parent's ${c.kind === NodeKind.District ? 'first four digits' : 'code'} (${parent.code})` });
      if (geometryErrors.length === 0 && !isWithin(parent.boundary, c.boundary as Boundary)) {
        unprocessable.push({ field: f('boundary'), reason: `boundary lies outside its parent ${parent.code}` });
      }
    }
  }
  return { invalid, unprocessable, gridLevel };
}
