import { When } from "../ui/entity";
import { ErrorNote, Loading } from "../ui/states";
import { actorLabel, useActorNames } from "../ui/use-names";
import { useEntityTimeline } from "./use-knowledge";

/** An entity's last 50 changes, newest first: what happened, by whom, when. */
export function EntityTimeline({ entityType, entityId }: { entityType: string; entityId: string }) {
  const timeline = useEntityTimeline(entityType, entityId);
  const names = useActorNames();
  return (
    <section className="panel" aria-labelledby={`timeline-${entityId}`}>
      <h2 id={`timeline-${entityId}`}>Timeline</h2>
      {timeline.isPending ? (
        <Loading what="Loading its timeline" />
      ) : timeline.isError ? (
        <ErrorNote error={timeline.error} />
      ) : timeline.data.items.length === 0 ? (
        <p className="muted">Nothing has happened yet.</p>
      ) : (
        <ol className="plain-list">
          {timeline.data.items.map((event) => (
            <li key={event.id}>
              {event.verb.replaceAll("_", " ")} <span className="meta">by {actorLabel(event.actor, names)}</span>{" "}
              <span className="meta">
                <When iso={event.at} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
