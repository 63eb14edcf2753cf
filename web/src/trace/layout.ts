/** A trace's item and link, as GET /trace answers them (declared here: the server's tests import this file). */
interface Node {
  type: string;
  id: string;
  title: string;
  status: string | null;
  at: string | null;
}
interface Edge {
  from: string;
  to: string;
  relation: string;
}

/** The columns of a trace, left to right: the loop's chain, the people before it and who was told after it. */
export const columnOrder = [
  "contact",
  "signal",
  "pattern",
  "improvement",
  "issue",
  "pull_request",
  "version",
  "release",
  "deployment",
  "notification",
] as const;

/** A node with its place in the drawing. */
export interface Placed extends Node {
  x: number;
  y: number;
}
/** An edge between two placed nodes, drawn left to right. */
export interface PlacedEdge {
  from: Placed;
  to: Placed;
  relation: string;
}
/** A trace laid out in columns by type: nodes, edges, how many each column left out, and the size. */
export interface Layout {
  nodes: Placed[];
  edges: PlacedEdge[];
  columns: { type: string; x: number; shown: number; hidden: number }[];
  width: number;
  height: number;
}

export const size = { column: 172, node: { width: 152, height: 44 }, gap: 10, top: 28 } as const;

/**
 * A layered layout of our own (a trace is a few hundred nodes in at most ten layers): one column per
 * type in chain order; in each column the nodes are ordered by the mean row of the nodes they link to
 * in the columns already placed (one barycentre sweep, enough to keep most edges from crossing), then by
 * time. A column shows at most `perColumn` nodes; the rest are counted.
 */
export function layOut(trace: { nodes: Node[]; edges: Edge[] }, perColumn = 30): Layout {
  const neighbours = new Map<string, string[]>();
  for (const edge of trace.edges) {
    neighbours.set(edge.from, [...(neighbours.get(edge.from) ?? []), edge.to]);
    neighbours.set(edge.to, [...(neighbours.get(edge.to) ?? []), edge.from]);
  }
  const row = new Map<string, number>();
  const placed = new Map<string, Placed>();
  const columns: Layout["columns"] = [];
  const present = columnOrder.filter((type) => trace.nodes.some((n) => n.type === type));
  present.forEach((type, index) => {
    const x = index * size.column;
    const mean = (node: Node) => {
      const rows = (neighbours.get(node.id) ?? []).flatMap((id) => (row.has(id) ? [row.get(id) as number] : []));
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : Number.POSITIVE_INFINITY;
    };
    const nodes = trace.nodes
      .filter((n) => n.type === type)
      .map((n) => ({ n, mean: mean(n), at: n.at ? Date.parse(n.at) : 0 }))
      .sort((a, b) => a.mean - b.mean || a.at - b.at)
      .map(({ n }) => n);
    const shown = nodes.slice(0, perColumn);
    shown.forEach((n, i) => {
      row.set(n.id, i);
      placed.set(n.id, { ...n, x, y: size.top + i * (size.node.height + size.gap) });
    });
    columns.push({ type, x, shown: shown.length, hidden: nodes.length - shown.length });
  });
  const edges: PlacedEdge[] = [];
  for (const edge of trace.edges) {
    const a = placed.get(edge.from);
    const b = placed.get(edge.to);
    if (!a || !b || a.x === b.x) continue;
    edges.push(a.x < b.x ? { from: a, to: b, relation: edge.relation } : { from: b, to: a, relation: edge.relation });
  }
  const tallest = Math.max(0, ...columns.map((c) => c.shown + (c.hidden ? 1 : 0)));
  return {
    nodes: [...placed.values()],
    edges,
    columns,
    width: Math.max(1, columns.length * size.column - (size.column - size.node.width)),
    height: size.top + tallest * (size.node.height + size.gap),
  };
}
