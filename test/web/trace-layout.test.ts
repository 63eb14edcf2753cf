import { expect, test } from "vitest";
import { layOut, size } from "../../web/src/trace/layout.js";

const node = (type: string, id: string, at: string | null = null) => ({ type, id, title: id, status: null, at });

test("the trace's layout: a column per type in chain order, linked nodes side by side, the rest counted", () => {
  const nodes = [
    node("deployment", "d1"),
    node("signal", "s1", "2025-01-02T00:00:00Z"),
    node("signal", "s2", "2025-01-01T00:00:00Z"),
    node("pattern", "p1"),
    node("pattern", "p2"),
    node("signal", "s3", "2025-01-03T00:00:00Z"),
  ];
  // p2 links to the first signal by time (s2), p1 to the last (s3): p2 sits above p1.
  const edges = [
    { from: "s2", to: "p2", relation: "attached_to" },
    { from: "s3", to: "p1", relation: "attached_to" },
    { from: "d1", to: "p1", relation: "answers" },
  ];
  const layout = layOut({ nodes, edges }, 2);
  expect(layout.columns.map((c) => [c.type, c.shown, c.hidden])).toEqual([
    ["signal", 2, 1],
    ["pattern", 2, 0],
    ["deployment", 1, 0],
  ]);
  const at = (id: string) => layout.nodes.find((n) => n.id === id);
  // Signals by time (no placed neighbours yet); the third is counted, not drawn.
  expect([at("s2")?.y, at("s1")?.y]).toEqual([size.top, size.top + size.node.height + size.gap]);
  expect(at("s3")).toBeUndefined();
  expect(at("p2")?.y).toBeLessThan(at("p1")?.y ?? 0);
  expect(at("d1")?.x).toBe(2 * size.column);
  // Edges run left to right whichever way the API named them; an edge to a node not drawn is left out.
  expect(layout.edges.map((e) => [e.from.id, e.to.id])).toEqual([
    ["s2", "p2"],
    ["p1", "d1"],
  ]);
});
