import { useAccess } from "../api/session";
import { Button } from "../ui/button";
import { EntityLink, When } from "../ui/entity";
import { ErrorNote } from "../ui/states";
import { actorLabel, useActorNames } from "../ui/use-names";
import { usePattern } from "./use-knowledge";
import { usePatternMoves, useUndoMove } from "./use-pattern-moves";

/** Moves shown: the latest few (the API keeps 100; only the latest of a pattern can be undone). */
const shown = 5;

/**
 * The merges and splits the pattern took part in, the latest not undone with Undo for those who may
 * change both.
 */
export function MovesPanel({ patternId, loopId }: { patternId: string; loopId: string | null }) {
  const moves = usePatternMoves(patternId);
  const undo = useUndoMove();
  const access = useAccess();
  const names = useActorNames();
  const items = (moves.data ?? []).slice(0, shown);
  // Undo goes newest first: the latest not undone is the one to undo, or to say why it cannot be (the
  // API answers for each move whether its undo would be taken: undoable, whyNot).
  const latest = items.find((m) => !m.undoneAt)?.id;
  if (moves.isError) return <ErrorNote error={moves.error} />;
  if (items.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="moves">
      <h2 id="moves">Merges and splits</h2>
      <ul className="plain-list">
        {items.map((m) => {
          const outgoing = m.sourceId === patternId;
          const other = outgoing ? m.targetId : m.sourceId;
          const verb =
            m.kind === "merge"
              ? outgoing
                ? "Merged into"
                : "Merged in from"
              : outgoing
                ? "Split off to"
                : "Split from";
          return (
            <li key={m.id}>
              {verb} <OtherPattern id={other} />{" "}
              <span className="meta">
                <When iso={m.createdAt} /> by {actorLabel(m.actor, names)}
                {m.undoneAt && " · undone"}
              </span>
              {m.id === latest && access.canChange(loopId) && (
                <UndoMove move={m} onUndo={() => undo.mutate(m.id)} pending={undo.isPending} />
              )}
            </li>
          );
        })}
      </ul>
      {undo.isError && <ErrorNote error={undo.error} />}
      {undo.isSuccess && (
        <UndoneNote left={undo.data.signalsLeft.length} unlinked={undo.data.improvementsLeft.length} />
      )}
    </section>
  );
}

/**
 * What an undo did: all back, or back except the signals people took off the target since the move and
 * the improvements they unlinked from it.
 */
function UndoneNote({ left, unlinked }: { left: number; unlinked: number }) {
  if (left === 0 && unlinked === 0) {
    return <p role="status">Undone: every signal and improvement is back where it was.</p>;
  }
  const except = [
    left > 0 && `${left} ${left === 1 ? "signal" : "signals"} people detached or moved`,
    unlinked > 0 && `${unlinked} ${unlinked === 1 ? "improvement" : "improvements"} people unlinked`,
  ].filter(Boolean);
  const one = left + unlinked === 1;
  return (
    <p role="status">
      Undone, except {except.join(" and ")} after it: {one ? "it stays" : "they stay"} where they put{" "}
      {one ? "it" : "them"}.
    </p>
  );
}

// At most `shown` of these per page (cached with the pattern pages themselves): bounded, not per row.
/**
 * Undo for the latest move when the API says it would take it (undoable); otherwise why not, as the API
 * says it (an addressed target's people were told its fix is live, a later move to undo first, …) with
 * the two patterns named by their titles — never a button the API refuses.
 */
function UndoMove(props: {
  move: { kind: string; sourceId: string; targetId: string; undoable: boolean; whyNot: string | null };
  onUndo: () => void;
  pending: boolean;
}) {
  const { move } = props;
  const access = useAccess();
  const target = usePattern(move.targetId).data;
  const source = usePattern(move.sourceId).data;
  if (move.undoable) {
    if (!target || !source) return null;
    // The API takes an undo from a builder of both patterns' loops (a merge may cross loops).
    if (!access.canChange(source.loopId) || !access.canChange(target.loopId)) {
      return <span className="meta"> · a builder of both patterns' loops can undo it</span>;
    }
    return (
      <Button onClick={props.onUndo} disabled={props.pending}>
        Undo
      </Button>
    );
  }
  if (!target || !source) return null;
  return <span className="meta"> · cannot be undone: {readable(move.whyNot ?? "", [source, target])}</span>;
}

/** The API's reason with the patterns it names by id named by their titles, and a later move as such. */
function readable(reason: string, patterns: { id: string; title: string }[]): string {
  let text = reason.replace(/Pattern move [0-9a-f-]{36}/g, "A later move");
  for (const p of patterns) text = text.replaceAll(`Pattern ${p.id}`, `“${p.title}”`).replaceAll(p.id, `“${p.title}”`);
  return text;
}

function OtherPattern({ id }: { id: string }) {
  const pattern = usePattern(id);
  return (
    <EntityLink type="pattern" id={id}>
      {pattern.data?.title ?? "a pattern"}
    </EntityLink>
  );
}
