import { z } from "zod";
import { decide } from "../../core/access.js";
import { notFound } from "../../core/errors.js";
import { queryInteger } from "../../core/query-integer.js";
import { uuid } from "../../core/uuid.js";
import { measureLoop } from "../../services/measure-loop.js";
import { trace, traceable, traceLimits } from "../../services/trace.js";
import { routeAnswers as answers } from "../answers.js";
import { authenticate } from "../authenticate.js";
import { parseInput } from "../errors.js";
import { type Route, route } from "../route.js";
import {
  isAccessAudit,
  listTimeline,
  recordedFor,
  type TimelineEntry,
  timelineHorizon,
  withoutDeliveryErrors,
} from "../timeline-hub.js";

/** The stream's Last-Event-ID: an event id it sent (`after` in the query says the same). */
const resumeHeaders = z.object({ "last-event-id": queryInteger({ min: 0 }) });

/** Live events one stream holds while it catches up before it ends instead (its client resumes from the table). */
const maxHeldLiveEvents = 10_000;

/**
 * A filter compared with what the timeline holds, ids lowercased as the database answers them: the ids in
 * it (an entity's, a membership's `<loopId>:<userId>`, an actor's `user:<id>`) are taken in any case, as
 * everywhere (uuid()), rather than matching nothing when sent as `01A2…`.
 */
const withIdsLowercased = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .transform((text) =>
      text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => id.toLowerCase()),
    );

// Each filter is a value to match, never empty: `?entityId=` matched nothing on a page (no event has an
// empty id) and everything on the stream (an empty filter is none there), one request's two answers.
const timelineFilter = z.object({
  entityType: z.string().min(1).max(40).optional(),
  entityId: withIdsLowercased(80).optional(),
  deploymentId: z
    .uuid()
    .optional()
    .describe(
      "Only what this deployment's snapback (and a rollback of it) recorded: versions released, statuses moved (after.reason says which way), people told or withdrawn",
    ),
  actor: withIdsLowercased(80).optional().describe("Only what this actor did: user:<id>, token:<id>, system …"),
  loopId: z
    .uuid()
    .optional()
    .describe("Only events about what this loop owns (the same owners that decide who may change it)"),
  after: queryInteger({ min: 0 }),
});

/** Health, the timeline (a page or a live stream), metrics and the trace of any entity. */
export function timelineRoutes(): Route[] {
  return [
    route({
      method: "GET",
      url: "/health",
      summary: "Is this process up and its database reachable?",
      tag: "health",
      access: "public",
      operationId: "getHealth",
      response: answers.health,
      handler: async (_, { db }) => {
        await db.query("select 1");
        return { status: "ok", database: db.driver };
      },
    }),
    route({
      method: "GET",
      url: "/timeline",
      summary:
        "Timeline events oldest first (page with after=<nextCursor>), or newest first with order=desc (page with before=<nextCursor>); a page reads at most 10,000 events, so a filtered page may be short and still have a nextCursor",
      tag: "timeline",
      access: "read",
      crossLoop: true,
      operationId: "listTimelineEvents",
      response: answers.timeline,
      query: timelineFilter.extend({
        before: queryInteger({ min: 1 }),
        order: z.enum(["asc", "desc"]).default("asc"),
        limit: queryInteger({ min: 1, max: 1000, fallback: 100 }),
      }),
      handler: async ({ query, principal }, { db }) => {
        // A page may be short and still go on (timelineScanWindow): nextCursor null is the end. Read on
        // from a cursor (`after`), a page ends at the horizon; the first page shows all that committed.
        const horizon = await timelineHorizon(db);
        const upTo = query.order === "asc" && query.after !== undefined ? horizon : undefined;
        const page = await listTimeline(db, { ...query, upTo, audit: decide(principal, "admin") === "allow" });
        return { ...page, horizon };
      },
    }),
    route({
      method: "GET",
      url: "/timeline/stream",
      summary: "Live timeline as Server-Sent Events, from every process sharing the database (Last-Event-ID resumes)",
      tag: "timeline",
      access: "read",
      crossLoop: true,
      query: timelineFilter,
      raw: true,
      operationId: "streamTimelineEvents",
      media: ["text/event-stream"],
      handler: async ({ query, request, reply, principal }, { db, timeline, config }) => {
        // Where to resume, read before the stream starts: a Last-Event-ID this server never sent (not a
        // whole number) is refused, not read as "from the start" (an empty one, Number("") = 0) or made a
        // catch-up that fails and ends the stream, whose client then reconnects with it for ever.
        const lastEventId = request.headers["last-event-id"] || undefined;
        const resumeAfter =
          parseInput("headers", resumeHeaders, { "last-event-id": lastEventId })["last-event-id"] ?? query.after;
        const audit = decide(principal, "admin") === "allow";
        const matches = (event: TimelineEntry) =>
          (audit || !isAccessAudit(event)) &&
          (!query.entityType || event.entityType === query.entityType) &&
          (!query.entityId || event.entityId === query.entityId) &&
          (!query.deploymentId || recordedFor(event, query.deploymentId)) &&
          (!query.actor || event.actor === query.actor);
        const loopId = query.loopId?.toLowerCase();
        // The horizon before anything else (docs/adr/0002, "The horizon"): every event at or below it is
        // committed, so a catch-up read after it holds them all; a stream that resumes nothing starts there.
        const start = await timelineHorizon(db);
        const sent = new Set<number>();
        // `covered`: every event at or below it has been sent (or was not asked for: a fresh stream's
        // past, the catch-up's filter, what the client says it has), as this stream knows it. An event at
        // or below it that comes again (a hub handing on what was announced late) is not sent again. The
        // client's word counts only up to the horizon: its id may have come from a page newest first, and
        // an event below it committed since this stream began is news.
        let covered = Math.min(resumeAfter ?? start, start);
        // Where the client resumes (its `id:`): never lower than its own, nor than what is covered.
        const resumeFrom = () => Math.max(resumeAfter ?? 0, covered);
        const moved = () => resumeFrom() > (resumeAfter ?? start);
        // What is sent was filtered already: the catch-up by listTimeline, live events as they arrive (below).
        // Each goes with where its client resumes: its own id, or the position below it up to which
        // everything has been sent when events below it may still be committed: a resumed stream may
        // then send again what came above it, never skip what did not.
        const send = (events: TimelineEntry[], position: number) => {
          for (const event of events) {
            if (sent.has(event.id) || event.id <= covered) continue;
            sent.add(event.id);
            const shown = audit ? event : withoutDeliveryErrors(event);
            covered = Math.max(covered, Math.min(event.id, position));
            reply.raw.write(`id: ${resumeFrom()}\nevent: timeline\ndata: ${JSON.stringify(shown)}\n\n`);
          }
          // Remember recent ids only: enough to drop the overlap between catch-up and live events.
          if (sent.size > 10_000) for (const id of [...sent].slice(0, 5_000)) sent.delete(id);
        };
        // Where the client resumes, moved on without an event (the page read had no match, the position
        // passed what this stream filters out): an empty `read` event, which sets an EventSource's id.
        let toldAt = 0;
        const tell = (position: number) => {
          if (position <= covered) return;
          covered = position;
          toldAt = Date.now();
          reply.raw.write(`id: ${resumeFrom()}\nevent: read\ndata: \n\n`);
        };
        reply.hijack();
        reply.raw.writeHead(200, {
          "content-type": "text/event-stream",
          "cache-control": "no-cache",
          connection: "keep-alive",
        });
        reply.raw.write(": connected\n\n");
        // A fresh stream says where it starts: a client cut off before its first event resumes there.
        if (resumeAfter === undefined) reply.raw.write(`id: ${start}\nevent: read\ndata: \n\n`);
        // Should this process miss announcements (its listening connection lost), the stream ends: the
        // client reconnects with Last-Event-ID and reads what it missed from the table.
        // What a loop owns is not in the event: the hub reads its owners as GET /timeline does
        // (eventOwnersSql), once for every stream; what is caught up below was filtered by listTimeline.
        // Live events that arrive while the backlog is still being read are held until it has been sent:
        // sent at once, a live event's id would become the client's Last-Event-ID, and a stream ended
        // mid-catch-up would resume after it, past the rest of the backlog, never to send it.
        let held: { event: TimelineEntry; position: number }[] | undefined = [];
        let heldPosition = 0;
        const unsubscribe = timeline.subscribe(
          (events, owners, position) => {
            const mine = (loopId ? events.filter((e) => owners.get(e.id)?.includes(loopId)) : events).filter(matches);
            if (!held) {
              send(mine, position);
              // Each event moves the client's id at once; a position alone, at most once a second.
              if (mine.length > 0 || Date.now() - toldAt >= 1000) tell(position);
              return;
            }
            held.push(...mine.map((event) => ({ event, position })));
            heldPosition = position;
            // A catch-up slower than the live timeline: the client resumes from what it was sent instead
            // (unless that has not moved: it would come back to the same place for ever).
            if (held.length > maxHeldLiveEvents && moved()) end();
          },
          { owners: loopId !== undefined, onGap: () => end() },
        );
        // The credential is checked again at every heartbeat: a revoked token, an ended session or a
        // person who lost their roles stops hearing within one interval, not when they reconnect.
        const heartbeat = setInterval(() => {
          authenticate(request, db)
            .then((principal) => decide(principal, "read") === "allow")
            .catch(() => false)
            .then((still) => (still ? reply.raw.write(": heartbeat\n\n") : end()));
        }, config.streamHeartbeatMs);
        const stop = () => {
          clearInterval(heartbeat);
          unsubscribe();
        };
        let ended = false;
        const end = () => {
          ended = true;
          stop();
          reply.raw.end();
        };
        request.raw.on("close", stop);
        // What was missed since Last-Event-ID, page after page. Where a page read on without a match, an
        // empty event moves the client's Last-Event-ID on; after 20 pages the stream ends, and the client
        // reconnects from there — once where it resumes has moved (else it would read the same pages again).
        let after = resumeAfter;
        let closed = false;
        request.raw.on("close", () => {
          closed = true;
        });
        try {
          for (let page = 0; after !== undefined && !closed && !ended; page++) {
            if (page >= 20 && moved()) return end();
            // Everything committed (what lies above the horizon was announced before this stream
            // subscribed, and would come no other way), each sent as covered up to the horizon read first.
            const missed = await listTimeline(db, { ...query, after, limit: 1000, audit });
            send(missed.items, start);
            if (missed.items.length === 0 && missed.nextCursor !== null)
              tell(Math.min(Number(missed.nextCursor), start));
            after = missed.nextCursor === null ? undefined : Number(missed.nextCursor);
          }
          // Caught up: what arrived meanwhile, in order, without what the backlog already sent (send dedupes).
          const live = held.sort((a, b) => a.event.id - b.event.id);
          held = undefined;
          if (!ended && !closed) {
            for (const { event, position } of live) send([event], position);
            tell(heldPosition);
          }
        } catch (error) {
          // Hijacked, so nobody else would hear of it: a catch-up that cannot read ends the stream, and
          // the client retries from its Last-Event-ID (open, the stream's next live event would move that
          // past what was never sent).
          request.log.error({ err: error }, "the live timeline could not read what a client missed");
          end();
        }
      },
    }),
    route({
      method: "GET",
      url: "/metrics",
      summary:
        "How fast the loop turns: signal-to-snapback lead time, cycle time, throughput, deployment frequency, change failure rate",
      tag: "metrics",
      access: "read",
      operationId: "getMetrics",
      response: answers.metrics,
      // 404: a loopId that names no loop.
      errors: [404],
      query: z.object({ days: queryInteger({ min: 1, max: 3650, fallback: 90 }), loopId: uuid().optional() }),
      // A token bound to a loop measures that loop.
      handler: async ({ query, principal }, { db }) => {
        const loopId = principal?.loopId ?? query.loopId;
        // An unknown loop is not one whose loop never turned: said, not answered with zeros.
        if (loopId && (await db.query("select 1 from loops where id = $1", [loopId])).length === 0) {
          throw notFound("loop", loopId, "query.loopId");
        }
        return measureLoop(db, { ...query, loopId });
      },
    }),
    route({
      method: "GET",
      url: "/trace/:type/:id",
      summary:
        "What happened through an entity, both ways: items by type, nodes and the edges between them, people and notifications",
      tag: "trace",
      access: "read",
      operationId: "getTrace",
      response: answers.trace,
      crossLoop: true,
      params: z.object({ type: traceable, id: uuid() }),
      query: z.object({
        limit: queryInteger({ min: 1, max: traceLimits.max, fallback: traceLimits.default }),
      }),
      handler: async ({ params, query }, { db }) => trace(db, params.type, params.id, { limit: query.limit }),
    }),
  ];
}
