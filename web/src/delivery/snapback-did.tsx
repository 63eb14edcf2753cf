import { ErrorNote, Loading } from "../ui/states";
import { SnapbackSteps, type StepRow, snapbackSteps, type TraceNode } from "./snapback-steps";
import type { Notification } from "./use-delivery";
import type { SnapbackDid } from "./use-deployment-snapback";

/** What the snapback moved on, by step: each id named by the trace's node (or by its type and id). */
function didRows(did: SnapbackDid, nodes: TraceNode[]): StepRow[] {
  return snapbackSteps.map((step) => ({
    step,
    count: did[step.did].length,
    items: did[step.did].map((id) => ({
      id,
      title: nodes.find((n) => n.type === step.type && n.id === id)?.title ?? `${step.type.replace("_", " ")} ${id}`,
      status: null,
    })),
  }));
}

/**
 * What this deployment's own snapback moved on, from the timeline events carrying its id
 * (GET /timeline?deploymentId=): a later deployment of the same fix shows nothing it did not do.
 */
export function SnapbackDidSection({
  did,
  told,
  error,
  nodes,
}: {
  did: SnapbackDid | undefined;
  /** The deployment's notifications (its first page), once loaded. */
  told: { items: Notification[]; nextCursor: string | null } | undefined;
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
          <SnapbackSteps rows={didRows(did, nodes)} told={told?.items.length} />
          {snapbackSteps.every((step) => did[step.did].length === 0) && told?.items.length === 0 && (
            <p className="muted">
              Nothing new: what this release holds was live already where it counts, so its snapback moved nothing on.
            </p>
          )}
          {did.truncated && <p className="muted">More events than shown: the counts are the first 10,000.</p>}
          {told?.nextCursor && <p className="muted">More people told than counted: the count is the newest 500.</p>}
        </>
      )}
    </section>
  );
}
