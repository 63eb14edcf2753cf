import { reconcileTruth, type TruthChanges } from "../core/deployment-truth.js";
import { keepComponentTargets } from "./improvement-targets.js";
import { loadTruthGraph, type TruthSeed } from "./load-truth-graph.js";
import { outboxChannel, type Tx } from "./transaction.js";

/** What one settling changed, both ways: what a deployment made live and what a rollback took back. */
export interface TruthResult {
  pullRequestsShipped: number;
  pullRequestsUnshipped: number;
  issuesResolved: number;
  issuesReopened: number;
  improvementsCompleted: string[];
  improvementsReopened: string[];
  patternsAddressed: string[];
  patternsReopened: string[];
  notificationsQueued: number;
  notificationsCancelled: number;
  followUpsQueued: number;
}

/** Why the graph is settled: the deployment that changed what runs where, if one did. */
export interface Cause {
  deploymentId?: string;
  reason: "deployed" | "rolled_back" | "settled" | "late_signal";
}

/**
 * Loads what the seed reaches, asks the rules what moves (core/deployment-truth.ts) and writes it, with
 * timeline events, in the caller's transaction: statuses, notifications to send (outbox rows), and those
 * withdrawn — cancelled when not sent yet, followed up once in their thread when they were.
 */
export async function settleTruth(tx: Tx, seed: TruthSeed, cause: Cause): Promise<TruthResult> {
  const graph = await loadTruthGraph(tx, seed);
  const changes = reconcileTruth(graph);
  await moveStatuses(tx, changes, cause);
  let queued = await tellPeople(tx, changes.tell);
  const { cancelled, followUps } = await withdraw(tx, changes.withdraw, cause);
  const ids = <S>(moves: { id: string; to: S }[], to: S) => moves.filter((m) => m.to === to).map((m) => m.id);
  // The graph was read before moveStatuses locked the patterns it addresses: a report attached in
  // between (its attachment waits for the row only once it is locked) would have been left untold, and,
  // finding its pattern still open, it was not answered as a late signal either. Read under the rows'
  // locks, whoever is on them now and was not in the graph is told too, as a late signal's person is.
  const missed = await patternsWithPeopleSince(tx, ids(changes.patterns, "addressed"), graph.people);
  if (missed.length > 0) queued += (await settleTruth(tx, { patternIds: missed }, cause)).notificationsQueued;
  if (queued > 0 || followUps > 0) await tx.query("select pg_notify($1, '')", [outboxChannel]);
  return {
    pullRequestsShipped: ids(changes.pullRequests, "shipped").length,
    pullRequestsUnshipped: ids(changes.pullRequests, "merged").length,
    issuesResolved: ids(changes.issues, "resolved").length,
    issuesReopened: ids(changes.issues, "open").length,
    improvementsCompleted: ids(changes.improvements, "completed"),
    improvementsReopened: ids(changes.improvements, "in_progress"),
    patternsAddressed: ids(changes.patterns, "addressed"),
    patternsReopened: ids(changes.patterns, "open"),
    notificationsQueued: queued,
    notificationsCancelled: cancelled,
    followUpsQueued: followUps,
  };
}

/**
 * Of the patterns just addressed (their rows locked by this transaction), those with a person on them now
 * whom the graph did not hold: attached after the graph was read.
 */
async function patternsWithPeopleSince(
  tx: Tx,
  patternIds: string[],
  people: { patternId: string; contactId: string }[],
): Promise<string[]> {
  if (patternIds.length === 0) return [];
  const rows = await tx.query<{ pattern_id: string }>(
    `select distinct sp.pattern_id from signal_patterns sp join signals s on s.id = sp.signal_id
      where sp.pattern_id = any($1::uuid[]) and s.contact_id is not null
        and not exists (select 1 from unnest($2::uuid[], $3::uuid[]) as known(pattern_id, contact_id)
                         where known.pattern_id = sp.pattern_id and known.contact_id = s.contact_id)`,
    [patternIds, people.map((p) => p.patternId), people.map((p) => p.contactId)],
  );
  return rows.map((row) => row.pattern_id);
}

const verbs: Record<string, string> = {
  "pull_request:shipped": "ship",
  "pull_request:merged": "unship",
  "issue:resolved": "resolve",
  "issue:open": "reopen",
  "improvement:completed": "complete",
  "improvement:in_progress": "roll_back",
  "pattern:addressed": "address",
  "pattern:open": "reopen",
};

async function moveStatuses(tx: Tx, changes: TruthChanges, cause: Cause): Promise<void> {
  const tables = [
    ["pull_request", "pull_requests", changes.pullRequests, "shipped_at"],
    ["issue", "issues", changes.issues, "resolved_at"],
    ["improvement", "improvements", changes.improvements, "completed_at"],
  ] as const;
  for (const [entityType, table, moves, stamp] of tables) {
    for (const to of new Set(moves.map((m) => m.to))) {
      const ids = moves.filter((m) => m.to === to).map((m) => m.id);
      // The stamp says when it last arrived there (shipped, resolved, completed); taken back, it is cleared.
      const arrived = to === "shipped" || to === "resolved" || to === "completed";
      await tx.query(
        `update ${table} set status = $2, ${stamp} = ${arrived ? "now()" : "null"}, updated_at = now()
          where id = any($1::uuid[])`,
        [ids, to],
      );
    }
    tx.record(
      ...moves.map((m) => ({
        entityType,
        entityId: m.id,
        verb: verbs[`${entityType}:${m.to}`] ?? "updated",
        before: { status: m.from },
        after: { status: m.to, reason: cause.reason, deploymentId: cause.deploymentId },
      })),
    );
  }
  // Leaving "proposed" fixes what its component targets mean (improvement-targets.ts), as approval does.
  for (const move of changes.improvements.filter((m) => m.from === "proposed")) {
    await keepComponentTargets(tx, move.id);
  }
  const addressed = changes.patterns.filter((m) => m.to === "addressed").map((m) => m.id);
  const reopened = changes.patterns.filter((m) => m.to === "open").map((m) => m.id);
  // Addressed again by the fix a rollback took back: its people's notifications still stand.
  const same = changes.patterns.filter((m) => m.sameGeneration).map((m) => m.id);
  // Patterns are locked in id order, as every path that locks several does (no deadlocks), and "no key
  // update": attachments being written hold "key share" locks, which this need not wait for. Addressed,
  // a pattern keeps the improvements completed now as the fix its people are told of; reopened here, it
  // is open because its fix was taken back (not disputed: the same fix addresses it again).
  const rows = await tx.query<{ id: string; generation: number; status: string }>(
    `update patterns p set status = case when p.id = any($1::uuid[]) then 'addressed' else 'open' end,
            generation = p.generation + case when p.id = any($1::uuid[]) and not p.id = any($3::uuid[]) then 1 else 0 end,
            addressed_at = case when p.id = any($1::uuid[]) then now() else p.addressed_at end,
            fix_improvement_ids = case when p.id = any($1::uuid[]) then array(
              select ip.improvement_id from improvement_patterns ip join improvements i on i.id = ip.improvement_id
               where ip.pattern_id = p.id and i.status = 'completed' order by ip.improvement_id)
              else p.fix_improvement_ids end,
            reopened_by_rollback = not p.id = any($1::uuid[]), updated_at = now()
      where p.id in (select id from patterns where id = any($1::uuid[] || $2::uuid[]) order by id for no key update)
     returning p.id, p.generation, p.status`,
    [addressed, reopened, same],
  );
  tx.record(
    ...rows.map((row) => ({
      entityType: "pattern",
      entityId: row.id,
      verb: row.status === "addressed" ? "address" : "reopen",
      before: { status: row.status === "addressed" ? "open" : "addressed" },
      after: {
        status: row.status,
        generation: row.generation,
        reason: cause.reason,
        deploymentId: cause.deploymentId,
      },
    })),
  );
}

/**
 * One notification per person told, answering in the thread of their first signal on the pattern, with
 * its outbox row and timeline event: one set-based statement, however many people.
 */
async function tellPeople(tx: Tx, tell: TruthChanges["tell"]): Promise<number> {
  if (tell.length === 0) return 0;
  await tx.flush();
  const [row] = await tx.query<{ queued: number }>(
    `with wanted as (
       select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::double precision[])
         as w(pattern_id, contact_id, signal_id, deployment_id, first_ms)
     ), queued as (
       insert into notifications (pattern_id, contact_id, generation, signal_id, deployment_id, first_signal_at)
       select w.pattern_id, w.contact_id, p.generation, w.signal_id, w.deployment_id, to_timestamp(w.first_ms / 1000)
         from wanted w join patterns p on p.id = w.pattern_id
       on conflict (pattern_id, contact_id, generation) where withdrawn_at is null do nothing
       returning id, pattern_id, contact_id, signal_id, deployment_id, first_signal_at
     ), outboxed as (
       insert into outbox (kind, idempotency_key, notification_id)
       select 'notification', 'notification:' || id, id from queued
     ), recorded as (
       insert into timeline_events (actor, entity_type, entity_id, verb, after)
       select $6, 'notification', id::text, 'queued',
              jsonb_build_object('patternId', pattern_id, 'contactId', contact_id, 'signalId', signal_id,
                                 'deploymentId', deployment_id, 'firstSignalAt', first_signal_at)
         from queued
     )
     select count(*)::int as queued from queued`,
    [
      tell.map((t) => t.patternId),
      tell.map((t) => t.contactId),
      tell.map((t) => t.signalId),
      tell.map((t) => t.deploymentId),
      tell.map((t) => t.firstSignalAt),
      tx.actor,
    ],
  );
  return row?.queued ?? 0;
}

/**
 * Withdraws notifications whose fix no longer runs where their person is: one not sent yet is cancelled
 * (its delivery too); one already sent gets a single follow-up in the same thread (idempotency key
 * `rolled-back:<notification>`), however often this runs.
 */
async function withdraw(
  tx: Tx,
  notifications: TruthChanges["withdraw"],
  cause: Cause,
): Promise<{ cancelled: number; followUps: number }> {
  if (notifications.length === 0) return { cancelled: 0, followUps: 0 };
  // Locked first, in id order, and decided from what the lock shows: a worker marking one sent meanwhile
  // has committed by then, and that person gets the follow-up instead of a cancellation.
  const locked = await tx.query<{ id: string; status: string }>(
    `select id, status from notifications where id = any($1::uuid[]) and withdrawn_at is null order by id for update`,
    [notifications.map((n) => n.id)],
  );
  const rows = locked.map((row) => ({
    id: row.id,
    before: row.status,
    status: row.status === "queued" ? "cancelled" : row.status,
  }));
  await tx.query(
    `update notifications set withdrawn_at = now(), withdrawn_by = $2,
            status = case when status = 'queued' then 'cancelled' else status end
      where id = any($1::uuid[])`,
    [rows.map((row) => row.id), cause.deploymentId ?? null],
  );
  // By idempotency key (unique, indexed): the notification's own delivery, not a follow-up of it.
  await tx.query(
    `update outbox set status = 'cancelled', last_error = 'The fix was rolled back before this was sent.'
      where status in ('pending', 'dead') and idempotency_key = any(array(select 'notification:' || unnest($1::uuid[])))`,
    [rows.map((row) => row.id)],
  );
  const sent = rows.filter((row) => row.before === "sent").map((row) => row.id);
  const followUps = await queueFollowUps(tx, sent);
  // One event says both (its delivery is cancelled with it): a rollback may withdraw thousands.
  tx.record(
    ...rows.map((row) => ({
      entityType: "notification",
      entityId: row.id,
      verb: "withdraw",
      before: { status: row.before },
      after: {
        status: row.status,
        reason: cause.reason,
        deploymentId: cause.deploymentId,
        followUp: row.before === "sent",
      },
    })),
  );
  return { cancelled: rows.filter((row) => row.before !== "sent").length, followUps };
}

/** Queues the one "it was rolled back" message of each of these sent notifications (at most once each). */
export async function queueFollowUps(tx: Tx, notificationIds: string[]): Promise<number> {
  if (notificationIds.length === 0) return 0;
  const rows = await tx.query<{ id: string }>(
    `insert into outbox (kind, idempotency_key, notification_id, payload)
     select 'notification', 'rolled-back:' || id, id, '{"followUp":"rolled_back"}'::jsonb
       from unnest($1::uuid[]) as id
     on conflict (idempotency_key) do nothing returning id`,
    [notificationIds],
  );
  return rows.length;
}
