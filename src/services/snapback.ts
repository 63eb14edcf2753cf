import {
  type ImprovementState,
  type IssueShipping,
  isImprovementComplete,
  isPatternAddressed,
  type PatternState,
} from "../core/snapback-rules.js";
import { outboxChannel, type Tx } from "./transaction.js";

/** What one snapback changed: counts a person or a pipeline can read. */
/**
 * The advisory lock snapback holds: anything else that completes improvements or addresses patterns
 * (settle-improvements) takes it too, so the two never each miss the other's half.
 */
export const snapbackLock = 7468757;

export interface SnapbackResult {
  versionsReleased: number;
  pullRequestsShipped: number;
  issuesResolved: number;
  improvementsCompleted: string[];
  patternsAddressed: string[];
  notificationsQueued: number;
}

const nothing = (): SnapbackResult => ({
  versionsReleased: 0,
  pullRequestsShipped: 0,
  issuesResolved: 0,
  improvementsCompleted: [],
  patternsAddressed: [],
  notificationsQueued: 0,
});

/**
 * Walks the chain back from a successful production deployment (DESIGN §2), inside the caller's
 * transaction: versions released in the product, pull requests shipped, issues resolved, improvements
 * completed, patterns addressed, and one notification per contact per addressed pattern queued in the
 * outbox. Idempotent: a replay finds everything already done and queues nothing.
 */
export async function snapback(tx: Tx, deploymentId: string): Promise<SnapbackResult> {
  const [deployment] = await tx.query<{ release_id: string; product_id: string; production: boolean; status: string }>(
    `select d.release_id, r.product_id, e.production, d.status
       from deployments d join releases r on r.id = d.release_id join environments e on e.name = d.environment
      where d.id = $1`,
    [deploymentId],
  );
  // Deployment truth: failed, rolled-back and non-production deployments ship nothing.
  if (!deployment?.production || deployment.status !== "success") return nothing();
  // Snapbacks run one at a time: two products released at once must each see the other's versions.
  await tx.query("select pg_advisory_xact_lock($1)", [snapbackLock]);
  const result = nothing();
  const { release_id: releaseId, product_id: productId } = deployment;

  const released = await tx.query<{ version_id: string }>(
    `insert into version_products (version_id, product_id, deployment_id, first_released_at)
     select version_id, $2, $3, now() from release_versions where release_id = $1
     on conflict do nothing returning version_id`,
    [releaseId, productId, deploymentId],
  );
  result.versionsReleased = released.length;
  tx.record(
    ...released.map((row) => ({
      entityType: "version",
      entityId: row.version_id,
      verb: "released",
      after: { productId, deploymentId },
    })),
  );

  const shipped = await tx.query<{ id: string }>(
    `update pull_requests set status = 'shipped', shipped_at = now(), updated_at = now()
      where status = 'merged' and id in (
        select vpr.pull_request_id from release_versions rv
          join version_pull_requests vpr on vpr.version_id = rv.version_id where rv.release_id = $1)
      returning id`,
    [releaseId],
  );
  result.pullRequestsShipped = shipped.length;
  tx.record(...transitions("pull_request", shipped, "ship", "merged", "shipped"));

  const resolved = await tx.query<{ id: string }>(
    `update issues set status = 'resolved', resolved_at = now(), updated_at = now()
      where status = 'open' and id in (
        select pri.issue_id from release_versions rv
          join version_pull_requests vpr on vpr.version_id = rv.version_id
          join pull_requests pr on pr.id = vpr.pull_request_id and pr.status = 'shipped'
          join pull_request_issues pri on pri.pull_request_id = vpr.pull_request_id
         where rv.release_id = $1)
      returning id`,
    [releaseId],
  );
  result.issuesResolved = resolved.length;
  tx.record(...transitions("issue", resolved, "resolve", "open", "resolved"));

  result.improvementsCompleted = await completeImprovements(tx, releaseId);
  result.patternsAddressed = await addressPatterns(tx, result.improvementsCompleted);
  result.notificationsQueued = await queueNotifications(tx, result.patternsAddressed, deploymentId);
  if (result.notificationsQueued > 0) await tx.query("select pg_notify($1, '')", [outboxChannel]);
  return result;
}

function transitions(entityType: string, rows: { id: string }[], verb: string, from: string, to: string) {
  return rows.map((row) => ({ entityType, entityId: row.id, verb, before: { status: from }, after: { status: to } }));
}

/** Completes the improvements whose issues this release touches, where the rules say they are done. */
async function completeImprovements(tx: Tx, releaseId: string): Promise<string[]> {
  const touched = await tx.query<{ improvement_id: string }>(
    `select distinct i.improvement_id from release_versions rv
       join version_pull_requests vpr on vpr.version_id = rv.version_id
       join pull_request_issues pri on pri.pull_request_id = vpr.pull_request_id
       join issues i on i.id = pri.issue_id
      where rv.release_id = $1 and i.improvement_id is not null`,
    [releaseId],
  );
  return completeImprovementsAmong(
    tx,
    touched.map((row) => row.improvement_id),
  );
}

/** Completes those of these improvements that the rules say are done (all issues resolved and shipped). */
export async function completeImprovementsAmong(tx: Tx, improvementIds: string[]): Promise<string[]> {
  if (improvementIds.length === 0) return [];
  const improvements = await tx.query<{ id: string; status: ImprovementState["status"]; targets: string[] }>(
    `select imp.id, imp.status,
            array(select ip.product_id from improvement_products ip where ip.improvement_id = imp.id) as targets
       from improvements imp
      where imp.status not in ('completed', 'rejected') and imp.id = any($1::uuid[])`,
    [improvementIds],
  );
  if (improvements.length === 0) return [];
  const issues = await tx.query<{ improvement_id: string; status: IssueShipping["status"]; released_in: string[] }>(
    `select i.improvement_id, i.status,
            array(select distinct vp.product_id from pull_request_issues pri
                    join pull_requests pr on pr.id = pri.pull_request_id and pr.status = 'shipped'
                    join version_pull_requests vpr on vpr.pull_request_id = pri.pull_request_id
                    join version_products vp on vp.version_id = vpr.version_id
                   where pri.issue_id = i.id) as released_in
       from issues i where i.improvement_id = any($1::uuid[])`,
    [improvements.map((imp) => imp.id)],
  );
  const complete = improvements
    .map((imp) => ({
      id: imp.id,
      status: imp.status,
      targetProductIds: imp.targets,
      issues: issues
        .filter((issue) => issue.improvement_id === imp.id)
        .map((issue) => ({ status: issue.status, releasedIn: issue.released_in })),
    }))
    .filter(isImprovementComplete);
  const done = await tx.query<{ id: string; before: string }>(
    `update improvements imp set status = 'completed', completed_at = now(), updated_at = now()
       from improvements old
      where imp.id = old.id and imp.id = any($1::uuid[])
        -- Read without a row lock: one rejected meanwhile stays rejected.
        and old.status not in ('completed', 'rejected')
     returning imp.id, old.status as before`,
    [complete.map((imp) => imp.id)],
  );
  tx.record(
    ...done.map((row) => ({
      entityType: "improvement",
      entityId: row.id,
      verb: "complete",
      before: { status: row.before },
      after: { status: "completed" },
    })),
  );
  return done.map((row) => row.id);
}

/** Addresses the open patterns all of whose live improvements are now completed. */
export async function addressPatterns(tx: Tx, improvementIds: string[]): Promise<string[]> {
  if (improvementIds.length === 0) return [];
  const patterns = await tx.query<{
    id: string;
    status: PatternState["status"];
    statuses: PatternState["improvementStatuses"];
  }>(
    `select p.id, p.status,
            array(select imp.status from improvement_patterns ipa join improvements imp on imp.id = ipa.improvement_id
                   where ipa.pattern_id = p.id) as statuses
       from patterns p
      where p.id in (select pattern_id from improvement_patterns where improvement_id = any($1::uuid[]))
      -- In id order, as every path that locks several patterns does: otherwise two of them deadlock.
      -- "No key update": attachments being written hold "key share" locks, which this need not wait for.
      order by p.id
      for no key update`,
    [improvementIds],
  );
  const addressed = patterns
    .map((p) => ({ id: p.id, status: p.status, improvementStatuses: p.statuses }))
    .filter(isPatternAddressed)
    .map((p) => p.id);
  if (addressed.length === 0) return [];
  const rows = await tx.query<{ id: string; generation: number }>(
    `update patterns set status = 'addressed', generation = generation + 1, addressed_at = now(), updated_at = now()
      where id = any($1::uuid[]) returning id, generation`,
    [addressed],
  );
  tx.record(
    ...rows.map((row) => ({
      entityType: "pattern",
      entityId: row.id,
      verb: "address",
      before: { status: "open" },
      after: { status: "addressed", generation: row.generation },
    })),
  );
  return addressed;
}

/**
 * One notification per contact per addressed pattern, answering in the thread of the contact's first
 * signal on it, plus its outbox row and timeline event: one set-based statement, however many people.
 */
export async function queueNotifications(tx: Tx, patternIds: string[], deploymentId: string): Promise<number> {
  if (patternIds.length === 0) return 0;
  await tx.flush();
  const [row] = await tx.query<{ queued: number }>(
    `with firsts as (
       select distinct on (sp.pattern_id, s.contact_id)
              sp.pattern_id, s.contact_id, s.id as signal_id, s.received_at, p.generation
         from signal_patterns sp
         join signals s on s.id = sp.signal_id
         join patterns p on p.id = sp.pattern_id
        where sp.pattern_id = any($1::uuid[]) and s.contact_id is not null
        order by sp.pattern_id, s.contact_id, s.received_at, s.id
     ), queued as (
       insert into notifications (pattern_id, contact_id, generation, signal_id, deployment_id, first_signal_at)
       select pattern_id, contact_id, generation, signal_id, $2, received_at from firsts
       on conflict (pattern_id, contact_id, generation) do nothing
       returning id, pattern_id, contact_id, signal_id, first_signal_at
     ), outboxed as (
       insert into outbox (kind, idempotency_key, notification_id)
       select 'notification', 'notification:' || id, id from queued
     ), recorded as (
       insert into timeline_events (actor, entity_type, entity_id, verb, after)
       select $3, 'notification', id::text, 'queued',
              jsonb_build_object('patternId', pattern_id, 'contactId', contact_id, 'signalId', signal_id,
                                 'deploymentId', $2::uuid, 'firstSignalAt', first_signal_at)
         from queued
     )
     select count(*)::int as queued from queued`,
    [patternIds, deploymentId, tx.actor],
  );
  return row?.queued ?? 0;
}
