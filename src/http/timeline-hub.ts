import type { Db } from "../db/connect.js";
import { eventOwnersSql } from "../services/entity-owners.js";
import { describedAfterSql } from "../services/timeline-description.js";
import { timelineLabels } from "../services/timeline-labels.js";
import { timelineChannel } from "../services/transaction.js";

/** A timeline event as the API shows it. */
export interface TimelineEntry {
  id: number;
  at: string;
  actor: string;
  entityType: string;
  entityId: string;
  verb: string;
  before: unknown;
  after: unknown;
  /** What people call the entity (a title, a name, `web@2026.11` …), read when the event is; null when it has none or is gone. */
  label: string | null;
}

const columns = "id, at, actor, entity_type, entity_id, verb, before, after";
/** The columns as readers see them (`alias` a row of timeline_events): the event described. */
const described = (alias: string) =>
  `${alias}.id, ${alias}.at, ${alias}.actor, ${alias}.entity_type, ${alias}.entity_id, ${alias}.verb, ${alias}.before,
   ${describedAfterSql(alias)} as after`;
const toEntry = (row: Record<string, unknown>): TimelineEntry => ({
  id: Number(row.id),
  at: new Date(row.at as string).toISOString(),
  actor: String(row.actor),
  entityType: String(row.entity_type),
  entityId: String(row.entity_id),
  verb: String(row.verb),
  before: row.before ?? null,
  after: row.after ?? null,
  label: null,
});

/**
 * The events with their entities' labels, read in one statement for all of them (timeline-labels.ts):
 * a page costs one more round trip, not one per event.
 */
export async function withLabels(db: Pick<Db, "query">, events: TimelineEntry[]): Promise<TimelineEntry[]> {
  if (events.length === 0) return events;
  const found = await timelineLabels(db, events);
  return events.map((event) => {
    const key = `${event.entityType}:${event.entityId}`;
    return { ...event, label: found.get(key) ?? found.get(key.toLowerCase()) ?? null };
  });
}

/**
 * The most events one request reads to answer a filter no index answers (a loop, an actor, a kind of
 * entity): a page may then hold fewer than `limit` events and still have a `nextCursor`, the last event
 * read, from which the next request goes on. Without it, a loop with few events among a million would
 * read them all for one page (seconds, the "frozen timeline" Jellyfish's users met); with it each
 * request stays within a few tens of milliseconds and the workspace keeps asking while it scrolls.
 */
export const timelineScanWindow = 10_000;

/**
 * The timeline's horizon: the greatest event id at or below which every event is committed, or never
 * will be (migration 0053, docs/adr/0002 "The horizon"). Ids are taken when events are written, not when
 * their transaction commits: an event above the horizon may yet be joined below it by one of a
 * transaction still open, so a reader that goes on "after the last id it saw" reads only up to here.
 */
export async function timelineHorizon(db: Pick<Db, "query">): Promise<number> {
  const [row] = await db.query<{ horizon: string }>(
    "select loopwork_timeline_horizon()::text as horizon",
    [],
    "loopwork_timeline_horizon",
  );
  return Number(row?.horizon ?? 0);
}

/**
 * Timeline events, optionally for one entity: oldest first after a given id (up to the horizon), or —
 * with order "desc" — newest first before a given id. Reads at most `timelineScanWindow` events (those of the entity, when
 * one is named): `nextCursor` says where the next page starts, null when there is nothing more.
 */
export async function listTimeline(
  db: Pick<Db, "query">,
  filter: {
    after?: number;
    before?: number;
    order?: "asc" | "desc";
    entityType?: string;
    entityId?: string;
    /** Only what this actor did (`user:<id>`, `token:<id>`, `system` …). */
    actor?: string;
    /** Only events about what this loop owns (the resource registry's owners). */
    loopId?: string;
    /** Only what this deployment's snapback, or its rollback, recorded (`after.deploymentId`). */
    deploymentId?: string;
    limit: number;
    /** Include the access audit (tokens, sign-ins): for administrators only. */
    audit?: boolean;
    /**
     * Only events at or below this id (a horizon, `timelineHorizon`): a reader that goes on from a page's
     * last id then never passes an event still to be committed below it.
     */
    upTo?: number;
  },
): Promise<{ items: TimelineEntry[]; nextCursor: string | null }> {
  const desc = filter.order === "desc";
  const direction = desc ? "desc" : "asc";
  const bounds = [
    filter.after ?? 0,
    Math.min(
      filter.before ?? Number.MAX_SAFE_INTEGER,
      filter.upTo === undefined ? Number.MAX_SAFE_INTEGER : filter.upTo + 1,
    ),
    filter.entityId ?? null,
    filter.deploymentId?.toLowerCase() ?? null,
  ];
  // The hash finds the entity's events in the index timeline_entity (migration 0012), the id checks them;
  // a deployment's are found in timeline_deployment (migration 0043). Either narrows the window itself.
  const window = `select ${columns} from timeline_events
     where id > $1 and id < $2 and ($3::text is null or (hashtext(entity_id) = hashtext($3) and entity_id = $3))
       and ($4::text is null or after ->> 'deploymentId' = $4)
     order by id ${direction}`;
  // Read lazily: the scan stops at the page's last match, or at the window's end.
  const rows = await db.query(
    `select ${described("w")} from (${window} limit ${timelineScanWindow}) w
      where ($5::text is null or w.entity_type = $5)
        and ($7::boolean or not (w.entity_type = 'api_token' or (w.entity_type = 'user' and w.verb = any($8::text[]))))
        and ($9::text is null or w.actor = $9)
        and ($10::uuid is null or $10 = any(${eventOwnersSql("w")}))
      order by w.id ${direction} limit $6`,
    [
      ...bounds,
      filter.entityType ?? null,
      filter.limit,
      filter.audit ?? false,
      signInVerbs,
      filter.actor ?? null,
      filter.loopId ?? null,
    ],
  );
  const entries = await withLabels(db, rows.map(toEntry));
  const items = filter.audit ? entries : entries.map(withoutDeliveryErrors);
  if (items.length === filter.limit) return { items, nextCursor: String(items.at(-1)?.id) };
  // A short page: the end of the timeline, or of the window (then the next page starts after its edge).
  const [edge] = await db.query<{ id: string }>(
    `select id::text from (${window}) w offset ${timelineScanWindow - 1} limit 1`,
    bounds,
  );
  return { items, nextCursor: edge?.id ?? null };
}

/**
 * An event as a reader who is not an administrator sees it: an outbox event's error (what a webhook
 * target answered) is left out, as GET /outbox leaves out lastError for who does not manage the channel.
 */
export function withoutDeliveryErrors(event: TimelineEntry): TimelineEntry {
  if (event.entityType !== "outbox") return event;
  const strip = (part: unknown, key: string) => {
    if (typeof part !== "object" || part === null || !(key in part)) return part;
    const { [key]: _, ...rest } = part as Record<string, unknown>;
    return rest;
  };
  return { ...event, before: strip(event.before, "lastError"), after: strip(event.after, "error") };
}

/**
 * Whether an event is one a deployment's snapback, or its rollback, recorded: its `after.deploymentId`
 * names it. The id may be asked in capitals; it is stored as PostgreSQL writes a uuid (listTimeline).
 */
export function recordedFor(event: Pick<TimelineEntry, "after">, deploymentId: string): boolean {
  return (event.after as { deploymentId?: unknown } | null)?.deploymentId === deploymentId.toLowerCase();
}

/** What a person did to sign in or out: with tokens, the access audit only administrators read. */
const signInVerbs = ["signed_in", "sign_in_failed", "signed_out", "password_set", "invited"];

/** Whether an event belongs to the access audit (who holds which token, who signed in from where). */
export function isAccessAudit(event: Pick<TimelineEntry, "entityType" | "verb">): boolean {
  return event.entityType === "api_token" || (event.entityType === "user" && signInVerbs.includes(event.verb));
}

/** The most committed events one delivery hands on that no announcement brought (TimelineHub). */
const handOnAtMost = 1000;

/**
 * Somebody listening to the live timeline. `owners` holds, for each event, the loops that own its
 * entity as GET /timeline?loopId= decides it (eventOwnersSql) — read only for subscribers that ask.
 * `position`: every event at or below it has now been handed to this subscriber (in this call or an
 * earlier one), or was committed before it subscribed — where a client that has all these events may
 * resume from (TimelineHub).
 */
export type Subscriber = (
  events: TimelineEntry[],
  owners: ReadonlyMap<number, readonly string[]>,
  position: number,
) => void;

/** What a subscriber needs beyond the events: `owners`, to keep what one loop owns. */
export interface SubscribeOptions {
  owners?: boolean;
  /** What to do when events may have been missed. */
  onGap?: () => void;
}

/**
 * Fans the live timeline out to this process's subscribers. It listens on PostgreSQL (LISTEN/NOTIFY),
 * so changes made through any process sharing the database reach every subscriber: every process
 * announces the ids of the transactions that wrote timeline events once they commit (a few at a time,
 * db.notifyLater), and the hub reads their events once for all its subscribers.
 *
 * Events arrive in commit order, which is not the order of their ids. So the hub also keeps a position,
 * `released`: every event at or below it has been handed to the subscribers of the time (or was committed
 * before they subscribed). With each announcement it reads the horizon and hands on, besides what was
 * announced, any event up to the horizon it has not handed on yet (announced late by another process, or
 * never); then `released` is the horizon. A stream tells its client that position, not an event's id
 * above it, as where to resume.
 */
export class TimelineHub {
  // Each subscriber, with what to do when events may have gone unheard and whether it reads owners.
  private readonly subscribers = new Map<Subscriber, { onGap: () => void; owners: boolean }>();
  private stopListening?: () => Promise<void>;
  private reading: Promise<void> = Promise.resolve();
  /** Every event at or below it has been handed on (or committed before its subscribers subscribed). */
  private released = 0;
  private releasedAt = 0;
  /** The ids handed on above `released`: not handed on again when the horizon passes them. */
  private readonly handedAbove = new Set<number>();

  constructor(private readonly db: Db) {}

  /** Starts listening; call once per process. */
  async start(): Promise<void> {
    // No subscriber yet: whatever is committed now, a stream reads in its catch-up.
    this.released = await timelineHorizon(this.db);
    this.stopListening = await this.db.listen(
      timelineChannel,
      (payload) => {
        // Read in the order announced, one announcement after another. A read that fails (a lost
        // connection, a statement timeout) loses its events for every subscriber: each is told, as for a
        // lost listener, so that its client reads them again from Last-Event-ID rather than never.
        this.reading = this.reading
          .then(() => this.deliver(payload))
          .catch((error) => {
            console.error("timeline: could not read announced events; live streams end to resume:", error);
            this.gap();
          });
      },
      // The listening connection was lost, or is back: announcements may have gone unheard.
      () => this.gap(),
    );
  }

  /** Tells every subscriber that events may have gone unheard. */
  private gap(): void {
    for (const { onGap } of this.subscribers.values()) onGap();
  }

  private async deliver(payload: string): Promise<void> {
    if (this.subscribers.size === 0) {
      // Nobody to hand events to: a stream that subscribes later reads what is committed in its catch-up.
      // Moved on at most once a second (a statement for each announcement would be one for every few
      // changes); behind, it only makes the next subscriber's first read look at more ids.
      if (Date.now() - this.releasedAt < 1000) return;
      this.releasedAt = Date.now();
      const horizon = await timelineHorizon(this.db);
      // Unless one subscribed meanwhile: then the next announcement hands on what lies below.
      if (this.subscribers.size === 0) {
        this.released = Math.max(this.released, horizon);
        this.handedAbove.clear();
      }
      return;
    }
    // `<xid>:<floor>` each (transaction.ts, announcement): read by primary key from the lowest floor.
    const announced = payload
      .split(",")
      .map((part) => /^(\d+):(\d+)$/.exec(part))
      .filter((match) => match !== null);
    // The owners lookup (one indexed read per event) only while a stream filters by loop: read once
    // here for all of them, as the events are, rather than once per stream.
    const withOwners = this.wantOwners();
    const select = `select ${described("e")}${withOwners ? `, ${eventOwnersSql("e")}::text[] as owners` : ""}
         from timeline_events e`;
    const rows =
      announced.length === 0
        ? []
        : await this.db.query(
            // Not aliased t: eventOwnersSql names the owning entity's row t.
            `${select} where e.id >= $2::bigint and e.xmin = any($1::xid[]) order by id`,
            [announced.map(([, txId]) => txId), Math.min(...announced.map(([, , f]) => Number(f)))],
          );
    // Up to the horizon, what was committed and not announced yet (by another process, or never): at
    // most `handOnAtMost` ids a delivery, the rest with the next (after a lost listener, hundreds of
    // thousands may lie there).
    const horizon = await timelineHorizon(this.db);
    // Ordered by the column itself (an output column `id::text` would order as text: 10, 100, 1000 …).
    const committed = await this.db.query<{ id: string | number }>(
      "select id from timeline_events where id > $1 and id <= $2 order by id limit $3",
      [this.released, horizon, handOnAtMost],
    );
    const reached = committed.length === handOnAtMost ? Number(committed.at(-1)?.id) : horizon;
    const read = new Set(rows.map((row) => Number(row.id)));
    const unheard = committed.map((row) => Number(row.id)).filter((id) => !read.has(id) && !this.handedAbove.has(id));
    if (unheard.length > 0) {
      for (const row of await this.db.query(`${select} where e.id = any($1::bigint[])`, [unheard])) rows.push(row);
    }
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    this.released = Math.max(this.released, reached);
    for (const id of this.handedAbove) if (id <= this.released) this.handedAbove.delete(id);
    for (const row of rows) if (Number(row.id) > this.released) this.handedAbove.add(Number(row.id));
    // Labelled once here for every stream, as a page labels its events.
    const events = await withLabels(
      this.db,
      rows.map((row) => toEntry(row)),
    );
    // A stream that filters by loop and subscribed while the events were read gets their owners too.
    let owners = new Map(withOwners ? rows.map((row) => [Number(row.id), row.owners as string[]]) : []);
    if (!withOwners && events.length > 0 && this.wantOwners()) {
      const read = await this.db.query<{ id: string; owners: string[] }>(
        `select e.id::text, ${eventOwnersSql("e")}::text[] as owners from timeline_events e where e.id = any($1::bigint[])`,
        [events.map((e) => e.id)],
      );
      owners = new Map(read.map((row) => [Number(row.id), row.owners]));
    }
    // A position moved on is news even without events: a stream's client resumes from it.
    for (const subscriber of this.subscribers.keys()) subscriber(events, owners, this.released);
  }

  private wantOwners(): boolean {
    return [...this.subscribers.values()].some((s) => s.owners);
  }

  /**
   * Adds a subscriber, with what to do when events may have been missed (the stream closes, so that its
   * client reconnects with Last-Event-ID and reads them) and whether it reads owners; returns the
   * function that removes it.
   */
  subscribe(subscriber: Subscriber, options: SubscribeOptions = {}): () => void {
    this.subscribers.set(subscriber, { onGap: options.onGap ?? (() => {}), owners: options.owners ?? false });
    return () => this.subscribers.delete(subscriber);
  }

  /**
   * Stops listening, and ends every live stream first: an open stream holds its connection for as long as
   * its client stays, and the server's close would wait for it (a restart behind an open workspace did).
   * Each client reconnects from its Last-Event-ID, to this server once it is back or to another.
   */
  async stop(): Promise<void> {
    this.gap();
    this.subscribers.clear();
    await this.stopListening?.();
    await this.reading;
  }
}
