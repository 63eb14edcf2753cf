import { z } from "zod";
import { boundedJson } from "../core/bounded-json.js";
import { AppError } from "../core/errors.js";
import { instant } from "../core/instant.js";
import { uuid } from "../core/uuid.js";
import type { Db, Queryable } from "../db/connect.js";
import { groupCommitOn } from "../db/group-commit.js";
import { newId } from "../db/ids.js";
import { queryPrepared } from "../db/prepared.js";
import { violatedKey } from "../db/violated-key.js";
import { type Attachment, answerLateSignals, tellLatecomers } from "./answer-late-signals.js";
import { autoAttachTogether, type Waiting } from "./auto-attach.js";
import { queueEventDeliveriesSql } from "./event-deliveries.js";
import { type Presented, present } from "./records.js";
import { accountName, resources } from "./resources.js";
import { type Actor, currentTx, inTransaction, outboxChannel, type Tx, timelineChannel } from "./transaction.js";

/** How far ahead of this server's clock a sender's clock may be. */
const clockSkewMs = 5 * 60_000;

/**
 * How sure an attachment is, 0–1. A value too small for the column (`real`: below ~1e-38 it underflows and
 * PostgreSQL refuses it) is refused here, with its field, rather than by the database without one.
 */
export const attachmentScore = () =>
  z
    .number()
    .min(0)
    .max(1)
    .refine((v) => v === 0 || v >= 0.000_001, "A score is 0, or at least 0.000001.");

/** One incoming signal as a channel or the API delivers it. */
export const signalInput = z.strictObject({
  channelId: uuid(),
  contactId: uuid().optional(),
  /** A contact found (by email) or created on the fly. */
  contact: z
    .strictObject({
      email: z.email().max(320),
      name: z.string().trim().min(1).max(200).optional(),
      // Blank is no account, as on the contact itself (accountName).
      account: accountName()
        .transform((account) => account ?? undefined)
        .optional(),
      weight: z.number().min(0.000_001).max(1_000_000).optional(),
    })
    .optional(),
  title: z.string().trim().min(1).max(500),
  body: z.string().max(100_000).default(""),
  urgency: z.enum(["low", "normal", "high", "critical"]).default("normal"),
  receivedAt: instant().optional(),
  threadRef: z.string().min(1).max(2000).optional(),
  externalId: z.string().min(1).max(500).optional(),
  /** The product the person runs (its slug or id); `productVersion` may also say it as "product@version". */
  product: z.string().min(1).max(80).optional(),
  productVersion: z.string().min(1).max(100).optional(),
  /** The payload as the source sent it: any JSON, bounded (docs/ERRORS.md). */
  raw: boundedJson().optional(),
  patternIds: z.array(uuid()).max(100).default([]),
  score: attachmentScore().default(1),
});
export type SignalInput = z.infer<typeof signalInput>;

/**
 * Creates signals in one statement (see `writeSignals`), which is its own transaction: contacts found by
 * email or created, signals inserted, attached to their patterns (whose priorities are then due a refresh),
 * one timeline event each, all or nothing; once committed, live subscribers are told (db.notifyLater).
 * A signal whose externalId the channel already delivered is returned as it is, not duplicated.
 */
export async function createSignals(db: Db, actor: Actor, inputs: SignalInput[]): Promise<Presented[]> {
  const { created, existing } = await writeSignalsOf(db, actor, inputs);
  return [...created, ...existing];
}

/**
 * One signal as createSignals writes it, and whether this call wrote it (`duplicate: false`) or found it,
 * its externalId delivered before (`duplicate: true`): told by the write itself, so of concurrent calls
 * with one externalId exactly one is not a duplicate.
 */
export async function createSignal(
  db: Db,
  actor: Actor,
  input: SignalInput,
): Promise<{ signal: Presented; duplicate: boolean }> {
  const { created, existing } = await writeSignalsOf(db, actor, [input]);
  const [signal = existing[0]] = created;
  if (!signal) throw new Error("createSignal: the signal was neither written nor found");
  return { signal, duplicate: created.length === 0 };
}

async function writeSignalsOf(db: Db, actor: Actor, inputs: SignalInput[]): Promise<Written> {
  refuseInputs(inputs);
  const products = await resolveProducts(db, inputs);
  const call = callOf(actor, inputs, products);
  const inserted = await writeGrouped(db, actor, call);
  return afterWrite(db, actor, call, inserted);
}

/** The signals a call wrote, and those it found already there (their externalId delivered before). */
type Written = { created: Presented[]; existing: Presented[] };

/**
 * createSignals in one transaction with what `prepare` writes first and returns the signals of (the
 * contact a forum topic's signal names, say): the signals and what came before commit together, or
 * nothing does. Not grouped with other calls: for a channel's single deliveries. When a concurrent
 * transaction wrote one of their externalIds meanwhile, nothing is kept either: if every signal is a
 * repeat now, those signals are the answer; else the whole runs again, `prepare` too.
 */
export async function createSignalsAfter(
  db: Db,
  actor: Actor,
  prepare: (tx: Tx) => Promise<SignalInput[]>,
): Promise<Presented[]> {
  for (let attempt = 1; ; attempt++) {
    let call: Call | undefined;
    try {
      const inserted = await inTransaction(db, actor, async (tx) => {
        const inputs = await prepare(tx);
        refuseInputs(inputs);
        call = callOf(actor, inputs, await resolveProducts(tx, inputs));
        return writeInTransaction(tx, call);
      });
      if (!call) throw new Error("createSignalsAfter: the transaction prepared no signals");
      const { created, existing } = await afterWrite(db, actor, call, inserted);
      return [...created, ...existing];
    } catch (error) {
      if (!call) throw error;
      refuseMissingReference(call.inputs, error);
      if (attempt >= 3 || !isConcurrentExternalId(error)) throw error;
      const repeats = await signalsByExternalId(db, call.inputs);
      if (repeats.length === call.inputs.length) return repeats;
    }
  }
}

/** Inputs no write may take: a person named twice, a report from the future. */
function refuseInputs(inputs: SignalInput[]): void {
  // One person or the other: which was meant cannot be told, so neither is silently dropped.
  const both = inputs.findIndex((s) => s.contactId !== undefined && s.contact !== undefined);
  if (both >= 0) {
    throw new AppError("invalid_input", "Name the person by contactId or by contact, not both.", {
      path: inputs.length > 1 ? `body.signals.${both}.contact` : "body.contact",
    });
  }
  // A report from the future would stay the newest of its pattern for good (recency never decays).
  const future = inputs.findIndex(
    (s) => s.receivedAt !== undefined && Date.parse(s.receivedAt) > Date.now() + clockSkewMs,
  );
  if (future >= 0) {
    throw new AppError("invalid_input", "receivedAt is in the future: give when the report was received.", {
      path: inputs.length > 1 ? `body.signals.${future}.receivedAt` : "body.receivedAt",
    });
  }
}

/** The write of these signals: their rows (ids made here, time-ordered, in input order) and the contacts they want. */
function callOf(actor: Actor, inputs: SignalInput[], products: Awaited<ReturnType<typeof resolveProducts>>): Call {
  const byEmail = new Map(inputs.flatMap((s) => (s.contact ? [[s.contact.email.toLowerCase(), s.contact]] : [])));
  // Ids made here, so attachments need no matching of returned rows.
  const rows = inputs.map((s, i) => ({
    id: newId(),
    channel_id: s.channelId,
    contact_id: s.contactId ?? null,
    contact_email: s.contact ? s.contact.email.toLowerCase() : null,
    title: s.title,
    body: s.body,
    urgency: s.urgency,
    received_at: s.receivedAt ?? null,
    thread_ref: s.threadRef ?? null,
    external_id: s.externalId ?? null,
    product_id: products[i]?.productId ?? null,
    product_version: products[i]?.version ?? null,
    raw: s.raw ?? null,
    pattern_ids: s.patternIds,
    score: s.score,
    call: 0,
  }));
  return { actor, wanted: [...byEmail], rows, json: JSON.stringify(rows), inputs };
}

/** What follows a committed write: the signals presented, late answers, the matcher, duplicates as they are. */
async function afterWrite(db: Db, actor: Actor, call: Call, inserted: SignalRow[]): Promise<Written> {
  const { inputs, rows } = call;
  const patternIds = new Map(rows.map((row, i) => [row.id, inputs[i]?.patternIds ?? []]));
  const created: Presented[] = [];
  const insertedExternalIds = new Set<unknown>();
  const late: Attachment[] = [];
  const waiting: Waiting[] = [];
  for (const {
    contacts_complete: _,
    contacts_check: __,
    external_ids_check: _______,
    addressed_pattern_ids: addressed,
    announcement: ___,
    events_queued: ____,
    auto_attach_threshold: threshold,
    merged_pattern_id: _____,
    merged_into_id: ______,
    ...row
  } of inserted) {
    if (row.id === null) continue;
    insertedExternalIds.add(row.external_id);
    const signal = { ...present(resources.signal, row), patternIds: patternIds.get(row.id) ?? [] };
    created.push(signal);
    for (const patternId of addressed ?? []) late.push({ signalId: row.id, patternId });
    if (threshold !== null && signal.patternIds.length === 0 && row.kind === "report")
      waiting.push({ signal, threshold });
  }
  // Rare (a report on something already fixed), so kept off the one-statement path: its own transaction
  // right after. If it failed, the signal stays attached and unanswered; the error reaches the caller.
  if (late.length > 0) await inTransaction(db, actor, (tx) => answerLateSignals(tx, late));
  // A pattern a snapback addressed while the write waited for its row (the attachment's trigger) looked
  // open to the statement, and the snapback, having read its people before, did not see this report:
  // its person is told as everyone on the pattern was (told once: the snapback's own are not told again).
  const named = created.flatMap((s) =>
    (patternIds.get(String(s.id)) ?? []).filter((id) => !late.some((a) => a.patternId === id)),
  );
  if (named.length > 0) {
    const racing = await db.query<{ id: string }>(
      "select id from patterns where id = any($1::uuid[]) and status = 'addressed'",
      [[...new Set(named)]],
    );
    if (racing.length > 0) {
      await inTransaction(db, actor, (tx) =>
        tellLatecomers(
          tx,
          racing.map((p) => p.id),
        ),
      );
    }
  }
  // New reports of a channel whose owners set a threshold: the matcher may attach them on its own, on
  // every path a signal arrives by (the API, batches, email, GitHub, the forum, the widget, webhooks).
  // The signals are stored whatever happens here: a matcher that fails (the database, an embeddings
  // provider) leaves them in triage and is reported, never failing a call whose signals are in.
  if (waiting.length > 0) {
    await autoAttachTogether(db, waiting).catch((error: unknown) => {
      console.error("auto-attach failed; the signals wait in triage:", error);
    });
  }
  const duplicates = inputs.filter((s) => s.externalId && !insertedExternalIds.has(s.externalId));
  if (duplicates.length === 0) return { created, existing: [] };
  return { created, existing: await signalsByExternalId(db, duplicates) };
}

/** The stored signals these inputs repeat (their channel and externalId), with their patterns. */
async function signalsByExternalId(db: Queryable, inputs: SignalInput[]): Promise<Presented[]> {
  const repeats = inputs.filter((s) => s.externalId);
  const rows = await db.query(
    `select *, array(select pattern_id from signal_patterns where signal_id = s.id) as pattern_ids
       from signals s where (channel_id, external_id) in (select * from unnest($1::uuid[], $2::text[]))`,
    [repeats.map((s) => s.channelId), repeats.map((s) => s.externalId)],
  );
  return rows.map((row) => present(resources.signal, row));
}

/**
 * A repeat of an externalId is the same signal, from the same person. One that names another person
 * (another email, another contactId) is refused (409 conflict, at its externalId) before anything is
 * written: answering with the first person's signal would drop the second's report without a word. For
 * the API, where a caller chooses its ids; channels keep the ids their source gives. Within one batch
 * too: the write keeps the first of two reports under one externalId.
 */
export async function refuseRepeatsOfOthers(q: Queryable, inputs: SignalInput[]): Promise<void> {
  const repeats = inputs.flatMap((s, i) => (s.externalId ? [{ s, i }] : []));
  if (repeats.length === 0) return;
  await refuseRepeatsWithin(q, repeats);
  const stored = await q.query<{
    channel_id: string;
    external_id: string;
    id: string;
    contact_id: string;
    email: string;
  }>(
    `select s.channel_id, s.external_id, s.id, s.contact_id, c.email from signals s join contacts c on c.id = s.contact_id
      where (s.channel_id, s.external_id) in (select * from unnest($1::uuid[], $2::text[]))`,
    [repeats.map(({ s }) => s.channelId), repeats.map(({ s }) => s.externalId)],
  );
  const byKey = new Map(stored.map((row) => [`${row.channel_id} ${row.external_id}`, row]));
  for (const { s, i } of repeats) {
    const row = byKey.get(`${s.channelId} ${s.externalId}`);
    if (!row) continue;
    const same = s.contactId
      ? s.contactId === row.contact_id
      : s.contact?.email.toLowerCase() === row.email.toLowerCase();
    if (same) continue;
    throw new AppError(
      "conflict",
      `externalId ${JSON.stringify(s.externalId)} of this channel is signal ${row.id}, from another person: give this report an id of its own.`,
      { path: inputs.length > 1 ? `body.signals.${i}.externalId` : "body.externalId" },
    );
  }
}

/**
 * The same externalId twice in one batch from two people: the second report would be answered with the
 * first's signal and dropped (and refused as another person's repeat when the import is run again).
 */
async function refuseRepeatsWithin(q: Queryable, repeats: { s: SignalInput; i: number }[]): Promise<void> {
  const first = new Map<string, SignalInput>();
  for (const { s, i } of repeats) {
    const key = `${s.channelId} ${s.externalId}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, s);
      continue;
    }
    if (await samePerson(q, earlier, s)) continue;
    throw new AppError(
      "conflict",
      `externalId ${JSON.stringify(s.externalId)} is in this batch twice, from two people: give each report an id of its own.`,
      { path: `body.signals.${i}.externalId` },
    );
  }
}

/** Whether two inputs name one person: by id, by email in any letters, or a contact's id and its email. */
async function samePerson(q: Queryable, a: SignalInput, b: SignalInput): Promise<boolean> {
  if (a.contactId && b.contactId) return a.contactId.toLowerCase() === b.contactId.toLowerCase();
  if (a.contact && b.contact) return a.contact.email.toLowerCase() === b.contact.email.toLowerCase();
  const byId = a.contactId ?? b.contactId;
  const email = (a.contact ?? b.contact)?.email;
  if (!byId || !email) return false;
  const [found] = await q.query("select 1 from contacts where id = $1 and lower(email) = lower($2)", [byId, email]);
  return found !== undefined;
}

/** One call's write: its contacts wanted (by lower-case email), its signals' rows as JSON, the inputs they came from. */
type Call = {
  actor: Actor;
  wanted: [string, NonNullable<SignalInput["contact"]>][];
  rows: (Record<string, unknown> & { id: string; call: number })[];
  /** The rows as JSON (a call written alone sends this). */
  json: string;
  inputs: SignalInput[];
};

/**
 * Writes calls of one actor together when they arrive while others are being written (group-commit.ts),
 * each statement taking what queued behind it, at most what one batch may hold — 1,000 signals, and
 * about a megabyte of them (a call's size is the larger of its signals and its kilobytes). A group that
 * fails as a whole (a contact made concurrently, a pattern merged meanwhile, a row refused) wrote
 * nothing, and writes its calls again one after another, each with its own outcome.
 */
const writeGrouped = groupCommitOn<Call, SignalRow[]>({
  maxSize: 1000,
  size: (call) => Math.max(call.rows.length, Math.ceil(call.json.length / 1024)),
  write: writeCalls,
});

async function writeCalls(db: Db, calls: Call[]): Promise<PromiseSettledResult<SignalRow[]>[]> {
  const [first] = calls;
  if (calls.length === 1 && first) return Promise.allSettled([writeCall(db, first)]);
  // A person named by several calls is made from the first that names them, as one call after another would.
  const wanted = new Map<string, NonNullable<SignalInput["contact"]>>();
  for (const call of calls)
    for (const [email, contact] of call.wanted) if (!wanted.has(email)) wanted.set(email, contact);
  const rows = calls.flatMap((call, i) => call.rows.map((row) => ({ ...row, call: i })));
  const actor = first?.actor ?? "";
  let inserted: SignalRow[];
  try {
    inserted = await runWriteSignals(db, actor, wantedJson(wanted), JSON.stringify(rows));
  } catch (error) {
    // Only an error the server raised proves the statement wrote nothing; a connection lost on the way
    // may have lost the answer to a commit, and writing again would then fail or double.
    if (!raisedByServer(error)) throw error;
    return oneByOne(db, calls);
  }
  if (inserted[0]?.merged_pattern_id) return oneByOne(db, calls);
  announce(db, inserted);
  const callOf = new Map(rows.map((row) => [row.id, row.call]));
  const byCall = calls.map((): SignalRow[] => []);
  for (const row of inserted) if (row.id !== null) byCall[callOf.get(row.id) ?? -1]?.push(row);
  return byCall.map((value) => ({ status: "fulfilled", value }));
}

/** The calls of a group that failed as a whole, written one after another (not all at once: a group may be large). */
async function oneByOne(db: Db, calls: Call[]): Promise<PromiseSettledResult<SignalRow[]>[]> {
  const out: PromiseSettledResult<SignalRow[]>[] = [];
  for (const call of calls) out.push(...(await Promise.allSettled([writeCall(db, call)])));
  return out;
}

/** Whether an error is one the database server raised (a SQLSTATE), after which the statement wrote nothing. */
const raisedByServer = (error: unknown) =>
  typeof (error as { code?: unknown })?.code === "string" && /^[0-9A-Z]{5}$/.test((error as { code: string }).code);

const wantedJson = (wanted: Iterable<[string, NonNullable<SignalInput["contact"]>]>) =>
  JSON.stringify([...wanted].map(([email, c]) => ({ ...c, email })));

/**
 * writeSignals as its own transaction (no begin and commit around it: one statement is atomic, and two
 * round trips less matter here), failing when a wanted contact was made concurrently.
 */
const runWriteSignals = (db: Db, actor: Actor, wanted: string, incoming: string) =>
  queryPrepared<SignalRow>(db, "loopwork_write_signals", writeSignals, writeSignalsTypes, [
    actor,
    wanted,
    incoming,
    true,
  ]);

/** Once the statement committed, live subscribers may read its events and the outbox its deliveries. */
function announce(db: Db, inserted: SignalRow[]) {
  const announced = inserted[0]?.announcement;
  if (announced) db.notifyLater(timelineChannel, announced);
  if ((inserted[0]?.events_queued ?? 0) > 0) db.notifyLater(outboxChannel, "");
}

/** One call's signals written by one statement (its own transaction), or refused as a whole. */
async function writeCall(db: Db, call: Call): Promise<SignalRow[]> {
  try {
    return await againOnConcurrentExternalId(() => writeCallOnce(db, call));
  } catch (error) {
    refuseMissingReference(call.inputs, error);
    throw error;
  }
}

async function writeCallOnce(db: Db, call: Call): Promise<SignalRow[]> {
  const { actor, inputs } = call;
  const wanted = wantedJson(call.wanted);
  const incoming = call.json;
  let inserted: SignalRow[];
  try {
    inserted = await runWriteSignals(db, actor, wanted, incoming);
    announce(db, inserted);
  } catch (error) {
    if (!(error instanceof Error && error.message.includes(concurrentContact))) throw error;
    // A contact created by a concurrent transaction is invisible to the statement's snapshot: the
    // statement failed, wrote nothing, and runs again in a transaction, where it writes the contacts it
    // can and no signal, and the next statement (which sees the other transaction's contacts) the rest.
    inserted = await inTransaction(db, actor, (tx) => writeInTransaction(tx, call));
  }
  refuseMergedPattern(inputs, inserted[0]);
  return inserted;
}

/**
 * One call's signals written inside a transaction: writeSignals writes the contacts it can and, once it
 * sees them all (a contact made by a concurrent transaction is visible to the next statement), the signals.
 */
async function writeInTransaction(tx: Tx, call: Call): Promise<SignalRow[]> {
  const params = [call.actor, wantedJson(call.wanted), call.json, false];
  await tx.flush();
  let result = await tx.query<SignalRow>(writeSignals, params);
  for (let attempt = 1; result[0]?.contacts_complete === false && !result[0]?.merged_pattern_id; attempt++) {
    if (attempt > 3) throw new Error("the contacts of the signals kept changing concurrently");
    result = await tx.query<SignalRow>(writeSignals, params);
  }
  // Inside the transaction: a pattern merged meanwhile rolls back the contacts written before.
  refuseMergedPattern(call.inputs, result[0]);
  return result;
}

/** What writeSignals fails with when a wanted contact was made meanwhile by a concurrent transaction. */
const concurrentContact = "loopwork: a contact was created concurrently";

/** What writeSignals fails with when a signal's externalId was written meanwhile by a concurrent transaction. */
const concurrentExternalId = "loopwork: an externalId was written concurrently";

/**
 * Runs a write again (up to 3 times) when writeSignals failed on an externalId a concurrent transaction
 * wrote meanwhile: it wrote nothing, and the next run sees that signal (a repeat: nobody is made for it).
 * Without this the losing call kept the contact it made for a signal it did not write.
 */
async function againOnConcurrentExternalId<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= 3 || !isConcurrentExternalId(error)) throw error;
    }
  }
}

const isConcurrentExternalId = (error: unknown) =>
  error instanceof Error && error.message.includes(concurrentExternalId);

/** A row of writeSignals: a signal as inserted (all null when none was), and whether contacts were all found. */
type SignalRow = Record<string, unknown> & {
  id: string | null;
  kind: unknown;
  /** The channel's autoAttachThreshold, when its owners set one. */
  auto_attach_threshold: number | null;
  /** A pattern merged into another that a signal named: then nothing was written. */
  merged_pattern_id: string | null;
  merged_into_id: string | null;
  external_id: unknown;
  contacts_complete: boolean;
  addressed_pattern_ids: string[] | null;
  /** What announces its timeline events, `<xid>:<floor>` (null when it wrote none). */
  announcement: string | null;
  /** How many event webhook deliveries its events queued (event-deliveries.ts). */
  events_queued: number;
};

/**
 * The whole write of createSignals as one statement ($1 actor, $2 wanted contacts, $3 signals, $4 whether
 * to fail when a contact was made concurrently), a round trip instead of six:
 * - contacts: existing ones by the lower(email) index ("= any(array(…))", not a join: the planner guesses
 *   100 wanted rows and would scan contacts), the missing ones inserted (`on conflict do nothing`);
 *   "not in (select email …)" is a hashed subplan (emails are never null): "<> all(array(…))" compared
 *   every wanted email with every known one, ~10 ms of a 1,000-signal batch's ~130 ms of server CPU;
 * - signals, only when every wanted contact was found or made (a contact made by a concurrent
 *   transaction is visible to the next statement only: the statement then fails when $5, else writes no
 *   signal and returns `contacts_complete` false for the caller to run it again), skipping repeated
 *   externalIds of a channel; one a concurrent transaction wrote meanwhile fails the statement, in
 *   either mode (external_ids_check: the person made for it would be left without a report);
 * - attachments (the patterns' priorities follow in the same statement: triggers of migration 0012);
 * - the timeline events, in order: `contact created`, `signal created` (its title describes it; the rest
 *   is in its row), then `pattern attached` once per pattern with the signals attached to it, as
 *   POST /patterns/:id/signals records it: about 1.5 KB a signal on disk in all (docs/BENCHMARKS.md).
 * - the event webhook deliveries the events make (event-deliveries.ts: one statement is its own
 *   transaction, so inTransaction's hook does not run);
 * It returns the inserted signals in input order with `contacts_complete` and the transaction's id (which
 * the caller announces once committed, see db.notifyLater), or one row of nulls.
 */
const writeSignals = `with given as (
  select * from rows from (jsonb_to_recordset($2::jsonb) as (email text, name text, account text, weight real))
    with ordinality as w(email, name, account, weight, ord)
), incoming as (
  select * from rows from (jsonb_to_recordset($3::jsonb) as (id uuid, channel_id uuid, contact_id uuid,
         contact_email text, title text, body text, urgency text, received_at timestamptz, thread_ref text,
         external_id text, product_id uuid, product_version text, raw jsonb, pattern_ids jsonb, score real, call int))
    with ordinality as i(id, channel_id, contact_id, contact_email, title, body, urgency, received_at, thread_ref,
         external_id, product_id, product_version, raw, pattern_ids, score, call, ord)
), fresh as (
  -- The signals that will be written: a repeat of an externalId the channel delivered before (or earlier
  -- in these signals) is the same signal. Counted again after the write (external_ids_check, below).
  select f.contact_email from (
      select i.contact_email, i.channel_id, i.external_id,
             row_number() over (partition by i.channel_id, i.external_id order by i.ord) as nth
        from incoming i) f
   where f.external_id is null
      or (f.nth = 1 and not exists (
            select 1 from signals s where s.channel_id = f.channel_id and s.external_id = f.external_id))
), wanted as (
  -- The people of the signals that will be written: a repeat makes nobody new.
  select g.* from given g where g.email in (select contact_email from fresh where contact_email is not null)
), merged as (
  -- A pattern merged into another, named by some signal: nothing is written, the caller refuses the call
  -- (pattern_merged, naming where it went). A signal attached to the empty shell would be lost to the
  -- pattern that lives on. Checked here, not in a statement of its own: one round trip per call.
  select p.id, p.merged_into_id from patterns p
   where p.id = any(array(select distinct x::uuid from incoming i cross join jsonb_array_elements_text(i.pattern_ids) x))
     and p.status = 'merged'
   order by p.id limit 1
), existing as (
  select c.id, lower(c.email) as email from contacts c
   where lower(c.email) = any(array(select email from wanted)) and c.email is not null
), made as (
  insert into contacts (email, name, account, weight)
  select w.email, coalesce(w.name, w.email), w.account, coalesce(w.weight, 1) from wanted w
   where w.email not in (select email from existing) and not exists (select 1 from merged)
  on conflict do nothing returning id, lower(email) as email
), known as (
  select id, email from existing union all select id, email from made
), complete as (
  select not exists (select 1 from wanted w where w.email not in (select email from known)) as ok
), inserted as (
  insert into signals (id, channel_id, contact_id, title, body, urgency, received_at, thread_ref, external_id,
                       product_id, product_version, raw)
  select i.id, i.channel_id, coalesce(i.contact_id, k.id), i.title, i.body, i.urgency, coalesce(i.received_at, now()),
         i.thread_ref, i.external_id, i.product_id, i.product_version, i.raw
    from incoming i left join known k on k.email = i.contact_email
   where (select ok from complete) and not exists (select 1 from merged)
   order by i.ord
  on conflict (channel_id, external_id) where external_id is not null do nothing
  returning *
), attached as (
  insert into signal_patterns (signal_id, pattern_id, score, attached_by)
  select s.id, p.pattern_id::uuid, i.score, $1
    from inserted s join incoming i on i.id = s.id cross join jsonb_array_elements_text(i.pattern_ids) as p(pattern_id)
  on conflict do nothing returning signal_id, pattern_id
), late as (
  -- Patterns already addressed that a signal landed on: the caller answers them (DESIGN §2). Grouped
  -- once here: a subquery per returned row would scan every attachment once per signal.
  select a.signal_id, array_agg(a.pattern_id) as pattern_ids
    from attached a join patterns p on p.id = a.pattern_id and p.status = 'addressed'
   group by a.signal_id
), written as (
  insert into timeline_events (actor, entity_type, entity_id, verb, after)
  select $1, e.entity_type, e.entity_id, e.verb, e.after from (
    -- Described by its row when read (timeline-description.ts: {title, newContact}); its patterns in the
    -- events below. A person first seen in this call is created with their first signal, which says so
    -- when read: no event of their own (a third event per call, ~170 bytes a signal sent one by one).
    select 1 as part, i.ord, 'signal' as entity_type, s.id::text as entity_id, 'created' as verb, null::jsonb as after
      from inserted s join incoming i on i.id = s.id
    union all
    -- One event per pattern (and score) for each call written (calls grouped into one statement keep
    -- their own), as POST /patterns/:id/signals records it.
    select 2, min(i.ord), 'pattern', a.pattern_id::text, 'attached',
           -- Without a score when none was given, as POST /patterns/:id/signals records it.
           jsonb_strip_nulls(jsonb_build_object('signalIds', jsonb_agg(a.signal_id order by i.ord), 'score', i.score))
      from attached a join incoming i on i.id = a.signal_id group by i.call, a.pattern_id, i.score
  ) e order by e.part, e.ord, e.entity_id
  returning id, entity_type, entity_id, verb, after
), thresholds as (
  -- Channels whose owners let the matcher attach new reports on its own (auto-attach.ts).
  select ch.id, (ch.config->>'autoAttachThreshold')::float8 as threshold from channels ch
   where ch.id = any(array(select distinct channel_id from incoming)) and ch.config ? 'autoAttachThreshold'
), events as (
  -- Event webhooks find a signal's loop by its channel, which the statement cannot look up (it does not
  -- see its own rows): given here, not stored with the event (50 bytes a signal; its row has it).
  select w.id, w.entity_type, w.entity_id, w.verb,
         case when s.id is null then w.after
              else jsonb_build_object('title', s.title, 'channelId', s.channel_id) end as after
    from written w left join inserted s on w.entity_type = 'signal' and s.id::text = w.entity_id
), ${queueEventDeliveriesSql()}
select s.*, c.ok as contacts_complete,
       (select count(*) from queued)::int as events_queued,
       l.pattern_ids as addressed_pattern_ids, t.threshold as auto_attach_threshold,
       m.id as merged_pattern_id, m.merged_into_id as merged_into_id,
       -- What announces the events (transaction.ts, announcement): the transaction and its events' floor
       -- (the trigger's emerging events, written after these, have larger ids).
       (select ${currentTx} || ':' || min(id) from written having count(*) > 0) as announcement,
       -- $4: fail (and so write nothing) rather than write contacts without their signals. Volatile, so
       -- that the planner does not evaluate it in advance.
       case when c.ok or not $4::boolean or m.id is not null then null else ('${concurrentContact} ' || txid_current())::uuid end
         as contacts_check,
       -- A signal meant to be written whose externalId a concurrent transaction wrote meanwhile (invisible
       -- to this snapshot, found at the unique index: its insert did nothing). Its person may have been
       -- made above for it alone: fail, writing nothing, and the caller runs it again, seeing that signal.
       case when c.ok and m.id is null and (select count(*) from inserted) < (select count(*) from fresh)
            then ('${concurrentExternalId} ' || txid_current())::uuid end
         as external_ids_check
  from complete c
  left join merged m on true
  left join inserted s on true left join incoming i on i.id = s.id left join late l on l.signal_id = s.id
  left join thresholds t on t.id = s.channel_id
 order by i.ord`;

/** The types of writeSignals' parameters. */
const writeSignalsTypes = ["text", "jsonb", "jsonb", "boolean"];

/**
 * The product and version each signal says the person runs: `product` (a slug or an id) and
 * `productVersion`, or "product@version" in `productVersion` alone (as channels write it). A version with
 * no product stays a version of no product: such a signal is answered, never counted as a regression. An
 * unknown product named on its own is not_found.
 */
export async function resolveProducts(
  db: Queryable,
  inputs: SignalInput[],
): Promise<({ productId: string | null; version: string | null } | undefined)[]> {
  const said = inputs.map((s) => {
    const at = s.productVersion?.lastIndexOf("@") ?? -1;
    if (!s.productVersion || at <= 0) return { product: s.product, version: s.productVersion, inVersion: false };
    const named = s.productVersion.slice(0, at);
    const version = s.productVersion.slice(at + 1) || undefined;
    // Both given, "web@2026.17" beside "web": the version is 2026.17 (kept whole it would match no
    // release, and a regression from it would go unseen).
    if (s.product) return { product: s.product, version: s.productVersion, inVersion: false, named, bare: version };
    return { product: named, version, inVersion: true };
  });
  const names = [
    ...new Set(said.flatMap((s) => [...(s.product ? [s.product] : []), ...("named" in s && s.named ? [s.named] : [])])),
  ];
  const rows = names.length
    ? await db.query<{ id: string; slug: string }>(
        "select id, slug from products where slug = any($1::text[]) or id::text = any($1::text[])",
        [names],
      )
    : [];
  const byName = new Map(rows.flatMap((row) => [[row.slug, row.id] as const, [row.id, row.id] as const]));
  return said.map((s, i) => {
    if (!s.product) return { productId: null, version: s.version ?? null };
    const productId = byName.get(s.product);
    if (productId && "named" in s && s.named !== undefined) {
      const named = byName.get(s.named);
      if (named === productId) return { productId, version: s.bare ?? null };
      if (named) {
        const path = inputs.length > 1 ? `body.signals.${i}.productVersion` : "body.productVersion";
        throw new AppError(
          "invalid_input",
          `productVersion names the product ${s.named}, not ${s.product}: give one product.`,
          { path },
        );
      }
    }
    if (productId) return { productId, version: s.version ?? null };
    // "name@1.2" from a channel naming no product of ours: kept as it came, a version of no product.
    if (s.inVersion) return { productId: null, version: inputs[i]?.productVersion ?? null };
    const path = inputs.length > 1 ? `body.signals.${i}.product` : "body.product";
    throw new AppError("not_found", `No product is named ${s.product}: give a product's slug or id.`, { path });
  });
}

/**
 * A channel, person or pattern named by a signal that does not exist (the statement's reference checks,
 * migration 0038, refuse it as a foreign key would): not_found with the path of the field that named it.
 */
function refuseMissingReference(inputs: SignalInput[], error: unknown): void {
  const { code, detail } = error as { code?: unknown; detail?: unknown };
  const key = code === "23503" ? violatedKey(detail) : undefined;
  if (!key) return;
  const id = key.values;
  // Each reference a signal names: what it is, and the field of an input that names the id.
  const fields: Record<string, [string, (s: SignalInput) => string | undefined]> = {
    pattern_id: ["pattern", (s) => (s.patternIds.includes(id) ? `patternIds.${s.patternIds.indexOf(id)}` : undefined)],
    contact_id: ["contact", (s) => (s.contactId === id ? "contactId" : undefined)],
    channel_id: ["channel", (s) => (s.channelId === id ? "channelId" : undefined)],
  };
  const [what, fieldOf] = fields[key.columns] ?? [];
  if (!what || !fieldOf) return;
  for (const [i, input] of inputs.entries()) {
    const field = fieldOf(input);
    if (!field) continue;
    const path = inputs.length === 1 ? `body.${field}` : `body.signals.${i}.${field}`;
    throw new AppError("not_found", `No ${what} with id ${id}.`, { path });
  }
}

/**
 * Refuses a pattern merged into another (pattern_merged, naming where it went): writeSignals found one
 * among the patterns named and wrote nothing.
 */
function refuseMergedPattern(inputs: SignalInput[], row: SignalRow | undefined): void {
  const merged = row?.merged_pattern_id;
  if (!merged) return;
  const at = inputs.findIndex((s) => s.patternIds.includes(merged));
  const index = inputs[at]?.patternIds.indexOf(merged) ?? 0;
  throw new AppError("pattern_merged", `Pattern ${merged} was merged into ${row.merged_into_id}: use that one.`, {
    path: inputs.length === 1 ? `body.patternIds.${index}` : `body.signals.${at}.patternIds.${index}`,
  });
}
