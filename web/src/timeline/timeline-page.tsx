import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useId, useRef, useState } from "react";
import { useCurrentLoop, useLoops } from "../shell/current-loop";
import { EntityLink } from "../ui/entity";
import { clipText } from "../ui/format";
import { ErrorNote, Loading, PageHeader } from "../ui/states";
import { useMediaQuery } from "../ui/use-media-query";
import { actorLabel, useActorNames } from "../ui/use-names";
import { formatWhen, When } from "../ui/when";
import { type TimelineEvent, type TimelineFilter, useTimeline } from "./use-timeline";

const entityTypes = [
  "signal",
  "pattern",
  "improvement",
  "issue",
  "pull_request",
  "version",
  "release",
  "deployment",
  "notification",
  "contact",
  "channel",
  "product",
  "component",
  "environment",
  "loop",
  "user",
  "outbox",
];

/** Entities known by a title (quoted, as the workspace quotes them) rather than by a name. */
const titledTypes = new Set(["signal", "pattern", "improvement", "issue", "pull_request", "brainstorm_topic"]);

/**
 * An event's entity as people know it: `Pattern “Export to CSV times out”`, `Contact Ana`, `Version
 * sync@2.4.0` — from the label the API reads with the page; one without (gone, or nameless) by its kind and
 * the last characters of its id (a UUIDv7 starts with its time, so ids made together share their first ones).
 */
function entityName(event: Pick<TimelineEvent, "entityType" | "entityId" | "label">): string {
  const kind = event.entityType.replaceAll("_", " ");
  const Kind = kind.charAt(0).toUpperCase() + kind.slice(1);
  if (!event.label) return `${Kind} …${event.entityId.slice(-8)}`;
  return titledTypes.has(event.entityType) ? `${Kind} “${event.label}”` : `${Kind} ${event.label}`;
}

/** A timeline event's entity, named and linked where the workspace shows it (as every page links entities). */
function EventEntity({ event }: { event: TimelineEvent }) {
  return (
    <EntityLink type={event.entityType} id={event.entityId}>
      {entityName(event)}
    </EntityLink>
  );
}

const isTime = (value: unknown): value is string =>
  typeof value === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(value);
/** A field's name as words: `revokedAt` → `revoked at`. */
const words = (key: string) => key.replace(/([A-Z])/g, " $1").toLowerCase();

/** What changed, in a line of text (customer words among it stay text: React escapes them). */
function summary(event: TimelineEvent): string {
  const after = event.after as Record<string, unknown> | null;
  if (!after || typeof after !== "object") return "";
  const text = (after.title ?? after.name ?? after.status ?? after.email) as unknown;
  if (typeof text === "string") {
    // A creation's title is the entity's name beside it, as long as it was not changed since: not said twice.
    const shown = event.verb === "created" && text === event.label ? "" : text;
    return after.newContact === true ? [shown, "from a new person"].filter(Boolean).join(" · ") : shown;
  }
  // Otherwise its plain values, without the ids the entity link and the trace already lead to; times
  // as the page writes them beside each event, not as ISO ("revoked at: 5 Mar 2026, 14:05").
  const plain = Object.entries(after)
    .filter(([key, value]) => !/Ids?$/.test(key) && ["string", "number", "boolean"].includes(typeof value))
    .map(([key, value]) => `${words(key)}: ${isTime(value) ? formatWhen(value) : String(value)}`)
    .join(" · ");
  // Cut between characters, never inside an emoji, and with an ellipsis when cut.
  return clipText(plain, 200);
}

/** The width under which a row is three lines (as in styles.css). */
const narrowTimeline = "(max-width: 640px)";

/** Every change, newest first, filterable by entity, actor and loop; new events appear at the top, live. */
export function TimelinePage() {
  const currentLoop = useCurrentLoop();
  const [filter, setFilter] = useState<TimelineFilter>({ loopId: currentLoop ?? undefined });
  const loops = useLoops();
  const names = useActorNames();
  const timeline = useTimeline(filter);
  const scroller = useRef<HTMLDivElement>(null);
  const narrow = useMediaQuery(narrowTimeline);
  const rows = timeline.items.length + (timeline.hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    // A phone's row has three lines (when and who, what, which entity): the four columns do not fit.
    estimateSize: () => (narrow ? 78 : 38),
    overscan: 12,
  });
  const measuredNarrow = useRef(narrow);
  useEffect(() => {
    // The rows' height changed with the window's width: placed again at the new size.
    if (measuredNarrow.current === narrow) return;
    measuredNarrow.current = narrow;
    virtualizer.measure();
  }, [narrow, virtualizer]);
  const virtualRows = virtualizer.getVirtualItems();
  const lastShown = virtualRows.at(-1)?.index ?? 0;
  const { hasMore, loadMore } = timeline;
  useEffect(() => {
    if (hasMore && lastShown >= timeline.items.length - 1) loadMore();
  }, [hasMore, lastShown, timeline.items.length, loadMore]);
  const ids = { type: useId(), entity: useId(), actor: useId(), loop: useId() };
  const set = (part: Partial<TimelineFilter>) => setFilter((prev) => ({ ...prev, ...part }));
  return (
    <section>
      <PageHeader title="Timeline" />
      <form className="filters" aria-label="Filter the timeline" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={ids.type}>
          Entity
          <select id={ids.type} value={filter.entityType ?? ""} onChange={(e) => set({ entityType: e.target.value })}>
            <option value="">every kind</option>
            {entityTypes.map((t) => (
              <option key={t} value={t}>
                {t.replaceAll("_", " ")}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={ids.entity}>
          Entity id
          <input
            id={ids.entity}
            value={filter.entityId ?? ""}
            placeholder="any"
            maxLength={80}
            onChange={(e) => set({ entityId: e.target.value.trim() })}
          />
        </label>
        <label htmlFor={ids.actor}>
          Actor
          <select id={ids.actor} value={filter.actor ?? ""} onChange={(e) => set({ actor: e.target.value })}>
            <option value="">anyone</option>
            {[...names].map(([actor, name]) => (
              <option key={actor} value={actor}>
                {name}
              </option>
            ))}
            <option value="system">the system</option>
          </select>
        </label>
        <label htmlFor={ids.loop}>
          Loop
          <select id={ids.loop} value={filter.loopId ?? ""} onChange={(e) => set({ loopId: e.target.value })}>
            <option value="">all loops</option>
            {(loops.data ?? []).map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
      </form>
      {timeline.error && <ErrorNote error={timeline.error} />}
      {timeline.loading && <Loading what="Loading the timeline" />}
      {!timeline.loading && timeline.items.length === 0 && (
        <p className="muted">
          {Object.values(filter).some(Boolean) ? "No events match these filters." : "Nothing happened yet."}
        </p>
      )}
      {/* Focusable so the keyboard can scroll it; only the rows in view are in the page (TanStack Virtual). */}
      {/* Hidden, not unmounted, while there is nothing to list: the virtualizer keeps its element. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
      <section ref={scroller} className="virtual-list" tabIndex={0} aria-label="Timeline events" hidden={rows === 0}>
        <ol className="virtual-body" style={{ height: virtualizer.getTotalSize() }} aria-label="Events, newest first">
          {virtualRows.map((row) => {
            const event = timeline.items[row.index];
            return (
              <li
                key={event ? event.id : "more"}
                className="virtual-row"
                data-index={row.index}
                style={{ transform: `translateY(${row.start}px)`, height: row.size }}
              >
                {event ? (
                  <>
                    <span className="event-when">
                      <When at={event.at} />
                    </span>
                    <span className="nowrap event-entity" title={entityName(event)}>
                      <EventEntity event={event} />
                    </span>
                    <span className="nowrap event-what">
                      <strong>{event.verb.replaceAll("_", " ")}</strong> <span>{summary(event)}</span>
                    </span>
                    <span className="muted event-actor">{actorLabel(event.actor, names)}</span>
                  </>
                ) : (
                  <span className="muted">Loading older events…</span>
                )}
              </li>
            );
          })}
        </ol>
      </section>
    </section>
  );
}
