import type { Command } from "commander";
import { retryDelayMs } from "../../core/backoff.js";
import { CliError, type Page, type Query } from "../client.js";
import { act, type Cli, integer } from "../context.js";
import { timelineLine } from "../render.js";
import { idOf } from "../resolve.js";

type Event = Record<string, unknown> & { id: number };

/** `loopwork timeline`: every change to every entity, in order, by whom; --follow streams it live. */
export function timelineCommand(program: Command): void {
  program
    .command("timeline")
    .description("Show the timeline: every change to every entity, oldest first; --follow keeps printing new ones")
    .option("--entity-type <type>", "only this kind of entity, e.g. pattern or pull_request")
    .option("--entity-id <id>", "only this entity")
    .option("--actor <actor>", "only what this actor did: user:<id>, token:<id> …")
    .option("--loop <loop>", "only events about what this loop owns (slug or id)")
    .option("--deployment <id>", "only what this deployment's snapback (and a rollback of it) recorded")
    .option("--after <eventId>", "start after this event (the number printed first on each line with --json)")
    .option("--latest", "show the newest events (still printed oldest first) instead of the oldest")
    .option("--limit <n>", "how many events to show (at most 1000; 100 unless said)")
    .option(
      "--follow",
      "keep the connection open and print events as they happen (Ctrl-C stops); with --latest or --limit, the newest events first, as tail -n N -f",
    )
    .action(
      act<{
        entityType?: string;
        entityId?: string;
        actor?: string;
        loop?: string;
        deployment?: string;
        after?: string;
        latest?: boolean;
        limit?: string;
        follow?: boolean;
      }>(async (cli, _args, o) => {
        const query: Query = {
          entityType: o.entityType,
          entityId: o.entityId,
          actor: o.actor,
          deploymentId: o.deployment,
          after: o.after,
        };
        const limit = integer(o.limit, "--limit") ?? 100;
        const loopId = async () => (o.loop ? await idOf(cli.api, "loops", o.loop, "--loop") : undefined);
        // The stream takes the same filters as a page (GET /timeline/stream). Asked for the newest events
        // too, it prints those first, then follows, like tail -n N -f. The loop is looked up once the
        // server answers: following waits for a server that is not up yet.
        if (o.follow)
          return follow(
            cli,
            async () => ({ ...query, loopId: await loopId() }),
            o.latest || o.limit !== undefined ? limit : 0,
          );
        query.loopId = await loopId();
        const page = o.latest ? await latest(cli, { ...query, limit }) : await collect(cli, { ...query, limit }, "asc");
        cli.out.result(page, () => {
          if (page.items.length === 0) return cli.out.line("No events.");
          cli.out.line(...page.items.map(timelineLine));
          if (page.nextCursor) cli.out.line(`… more: add --after ${page.nextCursor}`);
        });
      }),
    );
}

/**
 * Up to `limit` events: a filtered page may be short and still go on (the API reads at most 10,000
 * events a request), so pages are read until the limit is reached or nothing is left.
 */
async function collect(cli: Cli, query: Query & { limit: number }, order: "asc" | "desc"): Promise<Page<Event>> {
  const items: Event[] = [];
  let cursor: string | null = null;
  do {
    const at = cursor === null ? {} : order === "asc" ? { after: cursor } : { before: cursor };
    const page: Page<Event> = await cli.api.get<Page<Event>>("/timeline", {
      ...query,
      ...at,
      order,
      limit: query.limit - items.length,
    });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null && items.length < query.limit);
  return { items, nextCursor: cursor };
}

/** The newest events, in the order they happened. */
async function latest(cli: Cli, query: Query & { limit: number }): Promise<Page<Event>> {
  const page = await collect(cli, query, "desc");
  return { items: [...page.items].reverse(), nextCursor: null };
}

/**
 * Where "now" is: the id of the newest event the caller may read (0 when there is none), and the
 * timeline's horizon — every event at or below it is committed; one above it may yet be joined below.
 */
async function now(cli: Cli): Promise<{ newest: number; horizon: number }> {
  const page = await cli.api.get<Page<Event> & { horizon?: number }>("/timeline", { order: "desc", limit: 1 });
  const newest = page.items[0]?.id ?? 0;
  return { newest, horizon: page.horizon ?? newest };
}

/**
 * Prints the newest `backlog` events, then the live timeline (Server-Sent Events) until the person stops
 * it. Both meet at one cursor, the newest event as it begins (or --after, without a backlog), so nothing
 * falls between them. The server ends the stream when it may have missed events, and after catching up a few pages:
 * then it is opened again from the last id it sent (Last-Event-ID), as a browser's EventSource does. A
 * server not up yet is waited for as one that went away is: `start` (the filters, a --loop looked up) and
 * the backlog are read once it answers.
 */
async function follow(cli: Cli, start: () => Promise<Query>, backlog: number): Promise<void> {
  const { out } = cli;
  // One JSON object per line with --json, so a script can read the stream line by line.
  const print = (event: Event) => out.line(out.json ? JSON.stringify(event) : timelineLine(event));
  let query: Query | undefined;
  let lastId: string | undefined;
  // Events printed above the id the stream resumes from (a resumed stream may send them again).
  const printed = new Set<number>();
  if (!out.json) process.stderr.write("Following the timeline (Ctrl-C stops) …\n");
  // Pauses between tries, as deliveries retry (core/backoff.ts): from 1 s, doubling up to 30 s, jittered
  // so that the clients of a restarted server do not all come back in the same instant.
  const pauses = { baseMs: 1000, capMs: 30_000 };
  let failures = 0;
  for (;;) {
    const from = lastId;
    try {
      if (query === undefined || lastId === undefined) {
        query = await start();
        // --after alone: the stream catches up from there; else it goes on from "now", where the backlog
        // (the newest events up to then, printed oldest first) ends. It resumes from the horizon, not from
        // the newest event: an event still to be committed below that is then sent, not skipped; those of
        // the backlog it sends again are not printed twice.
        const at = backlog === 0 && query.after !== undefined ? undefined : await now(cli);
        const events =
          at && backlog > 0 ? (await latest(cli, { ...query, before: at.newest + 1, limit: backlog })).items : [];
        for (const event of events) print(event);
        lastId = at ? String(Math.min(at.newest, at.horizon)) : String(query.after);
        for (const event of events) if (event.id > Number(lastId)) printed.add(event.id);
      }
      // Last-Event-ID outweighs the query's after, which the server still checks (400 for a bad one).
      await readStream(cli, query, lastId, (id, event) => {
        lastId = id;
        // The id to resume from may lie below an event's own (while events below it may still be
        // committed): a resumed stream sends such events again; each is printed once. Those at or below
        // where it resumes are never sent again: forgotten.
        const again = event !== undefined && printed.has(event.id);
        for (const seen of printed) if (seen <= Number(id)) printed.delete(seen);
        if (event && !again) print(event);
        if (event && event.id > Number(id)) printed.add(event.id);
      });
    } catch (error) {
      // Cut off (a restart, a deploy, a proxy's reset) or not there yet: tried again, pausing longer each
      // time up to 30 s. What the server answered (a refused filter, a revoked token), or a fault of this
      // program's own, ends the command.
      if (!lostConnection(error)) throw error;
      if (!out.json) process.stderr.write(`Lost the server (${(error as Error).message}); trying again …\n`);
    }
    // Ended by the server: at once when it moved on; after a pause when it did not (it may be restarting).
    if (lastId !== undefined && lastId !== from) failures = 0;
    else await new Promise((resolve) => setTimeout(resolve, retryDelayMs(++failures, Math.random, pauses)));
  }
}

/** What undici's fetch fails with, as the cause of its TypeError, when a connection is refused or cut. */
const cutConnectionCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "EAI_AGAIN",
]);

/**
 * A connection refused or cut (mid-stream: undici's TypeError "terminated"), not an answer of the server's
 * nor a fault of this program: a TypeError of its own (reading a property of null …) is not retried
 * forever in silence but ends the command with its message.
 */
export function lostConnection(error: unknown): boolean {
  // Unreachable at the start: as what fetch failed with (a host that does not exist, a certificate
  // refused, is no server restarting, and is not waited for forever).
  if (error instanceof CliError) {
    return error.code === "unreachable" && (error.cause === undefined || lostConnection(error.cause));
  }
  if (!(error instanceof TypeError)) return false;
  if (error.message === "terminated") return true;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && cutConnectionCodes.has(code);
}

/** Reads one stream from Last-Event-ID `from` until the server ends it, handing on each id and event. */
async function readStream(
  { api }: Cli,
  query: Query,
  from: string,
  heard: (id: string, event: Event | undefined) => void,
): Promise<void> {
  const response = await api.fetch(api.url("/timeline/stream", query), {
    headers: { accept: "text/event-stream", "last-event-id": from, ...api.authorization() },
  });
  if (!response.ok || !response.body) {
    // A filter the server refused (400 invalid_input at query.deploymentId …), a token revoked since: said
    // as a page would say it.
    const error = ((await response.json().catch(() => undefined)) as { error?: Record<string, string> } | undefined)
      ?.error;
    throw new CliError(
      error?.code ?? `http_${response.status}`,
      error?.message ?? "The server did not open the live timeline.",
      error?.path,
    );
  }
  // A page in front of the API (a proxy's, a workspace's) is no stream: read as one, it would end without
  // an id and be opened again every second forever.
  if (!(response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
    throw new CliError(
      "not_event_stream",
      `${api.url("/timeline/stream", {})} did not answer an event stream.`,
      "--url",
    );
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replaceAll("\r\n", "\n");
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const lines = buffer.slice(0, end).split("\n");
        buffer = buffer.slice(end + 2);
        const field = (name: string) =>
          lines.filter((line) => line.startsWith(`${name}:`)).map((line) => line.slice(name.length + 1).trimStart());
        const id = field("id").at(-1);
        const data = field("data").join("\n");
        // An event, or (event: read, no data) how far a catch-up read without a match: either moves the id on.
        if (id !== undefined) heard(id, data ? (JSON.parse(data) as Event) : undefined);
        end = buffer.indexOf("\n\n");
      }
    }
  } finally {
    // Whatever ended the reading (an event it could not read, too), the connection is let go: left
    // open, it kept the process alive after the error was reported.
    await reader.cancel().catch(() => {});
  }
}
