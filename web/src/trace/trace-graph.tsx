import { useMemo } from "react";
import { EntityLink, type EntityType, entityWords } from "../ui/entity";
import { clipText } from "../ui/format";
import "./trace.css";
import { layOut, size } from "./layout";
import type { Trace } from "./use-trace";

const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString() : "");

/**
 * A trace drawn as a graph in SVG: a column per type, each item a link to its page, each link between
 * two items a curve. Titles are SVG text (React escapes them: customer words stay words).
 */
export function TraceGraph({ trace }: { trace: Pick<Trace, "nodes" | "edges" | "root"> }) {
  const layout = useMemo(() => layOut(trace), [trace]);
  const { width, height } = size.node;
  if (layout.nodes.length === 0) return <p className="muted">Nothing is linked to it yet.</p>;
  return (
    <div className="trace-graph">
      <svg width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`}>
        <title>The chain, as a graph: each item links to its page</title>
        {layout.columns.map((column) => (
          <text key={column.type} x={column.x} y={16} className="trace-column-title">
            {entityWords[column.type as EntityType] ?? column.type}
            {column.hidden ? ` (${column.shown} of ${column.shown + column.hidden})` : ""}
          </text>
        ))}
        <g className="trace-edges">
          {layout.edges.map((edge) => {
            const x1 = edge.from.x + width;
            const y1 = edge.from.y + height / 2;
            const x2 = edge.to.x;
            const y2 = edge.to.y + height / 2;
            const bend = (x2 - x1) / 2;
            return (
              <path
                key={`${edge.from.id}-${edge.to.id}-${edge.relation}`}
                d={`M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`}
              >
                <title>{edge.relation.replaceAll("_", " ")}</title>
              </path>
            );
          })}
        </g>
        {layout.nodes.map((node) => (
          <g
            key={node.id}
            transform={`translate(${node.x},${node.y})`}
            className={node.id === trace.root.id ? "trace-node root" : "trace-node"}
            data-type={node.type}
          >
            <EntityLink type={node.type} id={node.id}>
              <title>{`${entityWords[node.type as EntityType] ?? node.type}: ${node.title}`}</title>
              <rect width={width} height={height} rx={6} />
              <text x={8} y={18} className="trace-node-title">
                {clipText(node.title || "(untitled)", 21)}
              </text>
              <text x={8} y={35} className="trace-node-meta">
                {[node.status?.replaceAll("_", " "), day(node.at)].filter(Boolean).join(" · ")}
              </text>
            </EntityLink>
          </g>
        ))}
      </svg>
    </div>
  );
}
