import { Button } from "../ui/button";
import { ErrorNote } from "../ui/states";
import { type Proposal, percent, useAcceptProposal, useProposals } from "./use-suggestions";

/**
 * Groups of similar signals waiting for a pattern that the matcher proposes as a new one (three or more),
 * each accepted in one click: the pattern is made in the loop loopOf says, with its signals attached.
 */
export function ProposalsPanel(props: {
  /** The loop a proposal's pattern goes to, when the person may make it there; null hides the button. */
  loopOf: (proposal: Proposal) => string | null;
  onAccepted: (message: string) => void;
  /** False until the queue is shown: on the embedded database the two would queue behind each other. */
  ready: boolean;
}) {
  const proposals = useProposals(props.ready);
  const accept = useAcceptProposal();
  const items = proposals.data ?? [];
  if (proposals.isError) return <ErrorNote error={proposals.error} />;
  if (items.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="proposals-title">
      <h2 id="proposals-title">Proposed new patterns</h2>
      <ul className="suggestion-list">
        {items.map((p) => {
          const loopId = props.loopOf(p);
          return (
            <li key={p.signalIds.join()} className="suggestion">
              <div className="suggestion-head">
                <strong>{p.title}</strong>
                <span className="score" title="How alike its signals are (0–100%)">
                  {percent(p.cohesion)}
                </span>
              </div>
              <p className="muted">
                {p.signalIds.length} signals alike
                {p.sharedTerms.length > 0 && `: ${p.sharedTerms.join(", ")}`}
              </p>
              {loopId && (
                <Button
                  variant="primary"
                  disabled={accept.isPending}
                  aria-label={`Accept “${p.title}”`}
                  onClick={() =>
                    accept.mutate(
                      { loopId, title: p.title, signalIds: p.signalIds },
                      {
                        onSuccess: (made) =>
                          props.onAccepted(`Made the pattern “${made.title}” from ${p.signalIds.length}.`),
                      },
                    )
                  }
                >
                  Accept
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      {accept.isError && <ErrorNote error={accept.error} />}
    </section>
  );
}
