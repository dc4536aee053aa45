import type { NodeTreeView, NodeView } from '@citygrid/contracts/grid-registry';

import type { GridNode } from './grid-node.entity';

export function toNodeView(n: GridNode): NodeView {
  return {
    id: n.id,
    code: n.code,
    name: n.name,
    nameEn: n.nameEn,
    kind: n.kind,
    gridLevel: n.gridLevel,
    parentId: n.parentId,
    parentCode: n.parentCode,
    depth: n.depth,
    path: n.path,
    status: n.status,
    boundary: n.boundary,
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
    version: n.version,
  };
}

export function toTree(nodes: GridNode[], rootCodes: string[] | null): NodeTreeView[] {
  const byParent = new Map<string | null, GridNode[]>();
  for (const n of nodes) {
    const list = byParent.get(n.parentCode) ?? [];
    list.push(n);
    byParent.set(n.parentCode, list);
  }
  const build = (n: GridNode): NodeTreeView => ({
    id: n.id,
    code: n.code,
    name: n.name,
    kind: n.kind,
    gridLevel: n.gridLevel,
    status: n.status,
    children: (byParent.get(n.code) ?? []).sort((a, b) => a.code.localeCompare(b.code)).map(build),
  });
  const roots = rootCodes === null ? (byParent.get(null) ?? []) : nodes.filter((n) => rootCodes.includes(n.code));
  return roots.sort((a, b) => a.code.localeCompare(b.code)).map(build);
}
