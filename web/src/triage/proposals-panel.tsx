import { useId, useState } from "react";
import { useAccess } from "../api/session";
import { useLoops } from "../shell/current-loop";
import { Button } from "../ui/button";
import { percent } from "../ui/format";
import { ErrorNote } from "../ui/states";
import { acceptedMessage, type Proposal, useAcceptProposal, useProposals } from "./use-suggestions";

/**
 * Groups of similar signals waiting for a pattern that the matcher proposes as a new one (three or more),
 * each accepted in one click. The pattern is made in one loop: the panel names it — the loop most of the
 * signals come from, unless the person chooses another of theirs.
 */
export function ProposalsPanel(props: {
  onAccepted: (message: string) => void;
  /** False until the queue is shown: on the embedded database the two would queue behind each other. */
  ready: boolean;
}) {
  const proposals = useProposals(props.ready);
  const accept = useAcceptProposal();
  const loops = useLoops();
  const loopNames = new Map((loops.data ?? []).map((l) => [l.id, l.name]));
  const items = proposals.data ?? [];
  if (proposals.isError) return <ErrorNote error={proposals.error} />;
  if (items.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="proposals-title">
      <h2 id="proposals-title">Proposed new patterns</h2>
      <ul className="suggestion-list">
        {items.map((p) => (
          <ProposalItem
            key={p.signalIds.join()}
            proposal={p}
            loopNames={loopNames}
            busy={accept.isPending}
            onAccept={(loopId, title) =>
              accept.mutate(
                { loopId, title, signalIds: p.signalIds },
                {
                  onSuccess: (made) => props.onAccepted(acceptedMessage(made)),
                },
              )
            }
          />
        ))}
      </ul>
      {accept.isError && <ErrorNote error={accept.error} />}
    </section>
  );
}

function ProposalItem({
  proposal: p,
  loopNames: names,
  busy,
  onAccept,
}: {
  proposal: Proposal;
  /** Every loop's name by id: made once for the panel, not per proposal. */
  loopNames: Map<string, string>;
  busy: boolean;
  onAccept: (loopId: string, title: string) => void;
}) {
  const selectId = useId();
  const titleId = useId();
  // Named after its most central signal; the person may name the problem better before accepting.
  const [title, setTitle] = useState(p.title);
  const named = title.trim();
  const access = useAccess();
  // The loops its signals come from that the person may make a pattern in, most signals first.
  const loops = p.loops.filter((l) => access.canChange(l.loopId));
  const [chosen, setChosen] = useState<string>();
  const loopId = loops.some((l) => l.loopId === chosen) ? chosen : loops[0]?.loopId;
  const count = p.signalIds.length;
  return (
    <li className="suggestion">
      <div className="suggestion-head">
        <strong>{p.title}</strong>
        <span className="score" title="How alike its signals are (0–100%)">
          {percent(p.cohesion)}
        </span>
      </div>
      <p className="muted">
        {count} signals alike
        {p.sharedTerms.length > 0 && `: ${p.sharedTerms.join(", ")}`}
      </p>
      {loopId && (
        <div className="proposal-actions">
          <label htmlFor={titleId}>Title</label>
          <input id={titleId} value={title} maxLength={200} required onChange={(e) => setTitle(e.target.value)} />
          <label htmlFor={selectId}>Loop</label>
          <select id={selectId} value={loopId} onChange={(e) => setChosen(e.target.value)}>
            {loops.map((l) => (
              <option key={l.loopId} value={l.loopId}>
                {names.get(l.loopId) ?? "A loop"} ({l.signals} of {count})
              </option>
            ))}
          </select>
          <Button
            variant="primary"
            disabled={busy || named === ""}
            aria-label={`Accept “${named || p.title}” into ${names.get(loopId) ?? "the loop"}`}
            onClick={() => onAccept(loopId, named)}
          >
            Accept
          </Button>
        </div>
      )}
    </li>
  );
}
