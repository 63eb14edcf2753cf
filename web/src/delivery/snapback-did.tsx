import { Link } from "@tanstack/react-router";
import { ErrorNote, Loading } from "../ui/states";
import type { SnapbackDid } from "./use-deployment-snapback";

/** A node of the deployment's trace: what names an id the timeline gives. */
export type TraceNode = { type: string; id: string; title: string; status: string | null };

const kinds = [
  { key: "versions", type: "version", heading: "Versions", label: "Versions released" },
  { key: "pullRequests", type: "pull_request", heading: "Pull requests", label: "Pull requests shipped" },
  { key: "issues", type: "issue", heading: "Issues", label: "Issues resolved" },
  { key: "improvements", type: "improvement", heading: "Improvements", label: "Improvements completed" },
  { key: "patterns", type: "pattern", heading: "Patterns", label: "Patterns addressed" },
] as const;

function Named({ type, id, nodes }: { type: string; id: string; nodes: TraceNode[] }) {
  const title = nodes.find((n) => n.type === type && n.id === id)?.title ?? `${type.replace("_", " ")} ${id}`;
  if (type === "pattern")
    return (
      <Link to="/patterns/$id" params={{ id }}>
        {title}
      </Link>
    );
  if (type === "improvement")
    return (
      <Link to="/improvements/$id" params={{ id }}>
        {title}
      </Link>
    );
  return (
    <Link to="/trace/$type/$id" params={{ type, id }}>
      {title}
    </Link>
  );
}

/**
 * What this deployment's own snapback moved on, from the timeline events carrying its id
 * (GET /timeline?deploymentId=): a later deployment of the same fix shows nothing it did not do.
 */
export function SnapbackDidSection({
  did,
  error,
  nodes,
}: {
  did: SnapbackDid | undefined;
  error: Error | null;
  nodes: TraceNode[];
}) {
  return (
    <section className="section" aria-labelledby="did">
      <h2 id="did">What this deployment's snapback did</h2>
      {error && <ErrorNote error={error} />}
      {!did && !error && <Loading what="Loading what its snapback did" />}
      {did && (
        <>
          <ul className="counts">
            {kinds.map((kind) => (
              <li key={kind.key}>
                <strong>{did[kind.key].length}</strong> {kind.label}
              </li>
            ))}
            <li>
              <strong>{did.told}</strong> People told
            </li>
          </ul>
          {kinds.every((kind) => did[kind.key].length === 0) && did.told === 0 && (
            <p className="muted">
              Nothing new: what this release holds was live already where it counts, so its snapback moved nothing on.
            </p>
          )}
          {kinds.map((kind) =>
            did[kind.key].length === 0 ? null : (
              <div key={kind.key}>
                <h3>{kind.heading}</h3>
                <ul>
                  {did[kind.key].map((id) => (
                    <li key={id}>
                      <Named type={kind.type} id={id} nodes={nodes} />
                    </li>
                  ))}
                </ul>
              </div>
            ),
          )}
          {did.truncated && <p className="muted">More events than shown: the counts are the first 10,000.</p>}
        </>
      )}
    </section>
  );
}
