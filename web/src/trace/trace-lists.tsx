import { EntityLink, type EntityType, entityWords, StatusBadge, When } from "../ui/entity";
import { columnOrder } from "./layout";
import type { Trace } from "./use-trace";

/** A trace as lists, one per type, in chain order: each item with its state and time (the graph's text twin). */
export function TraceLists({ trace }: { trace: Pick<Trace, "nodes" | "truncated" | "limit"> }) {
  return (
    <div className="trace-lists">
      {columnOrder.map((type) => {
        const nodes = trace.nodes.filter((n) => n.type === type).sort((a, b) => (a.at ?? "").localeCompare(b.at ?? ""));
        if (nodes.length === 0) return null;
        return (
          <section key={type} aria-labelledby={`list-${type}`}>
            <h2 id={`list-${type}`}>
              {entityWords[type as EntityType]} <span className="muted">({nodes.length})</span>
            </h2>
            {trace.truncated.includes(type) && <p className="muted">The first {trace.limit} only.</p>}
            <ul>
              {nodes.map((node) => (
                <li key={node.id}>
                  <EntityLink type={node.type} id={node.id}>
                    {node.title || "(untitled)"}
                  </EntityLink>{" "}
                  <StatusBadge status={node.status} /> <When iso={node.at} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
