import { lateSignalOutcome } from "../core/snapback-rules.js";
import { transition } from "../core/state-machines.js";
import { queueNotifications } from "./snapback.js";
import { outboxChannel, type Tx } from "./transaction.js";

/** A signal just attached to a pattern. */
export interface Attachment {
  signalId: string;
  patternId: string;
}

/** What the late signals did: patterns reopened as regressions, people answered with the fix. */
export interface LateSignalsResult {
  reopened: string[];
  notificationsQueued: number;
}

/**
 * Signals that arrive on a pattern already addressed (DESIGN §2). From a product version that has the
 * fix, it is a regression: the pattern reopens. Otherwise the person is answered in their thread with
 * the release that fixes it, like everyone snapback told (one notification per person per fix).
 */
export async function answerLateSignals(tx: Tx, attachments: Attachment[]): Promise<LateSignalsResult> {
  const result: LateSignalsResult = { reopened: [], notificationsQueued: 0 };
  if (attachments.length === 0) return result;
  const answered: string[] = [];
  // All at once and in id order (as snapback locks them): an answer, a snapback or another batch of late
  // signals on the same patterns waits its turn instead of deadlocking.
  const patterns = await tx.query<{ id: string; status: string }>(
    // "No key update": only the status changes, and attachments being written meanwhile hold "key share".
    "select id, status from patterns where id = any($1::uuid[]) order by id for no key update",
    [[...new Set(attachments.map((a) => a.patternId))]],
  );
  for (const pattern of patterns) {
    if (pattern.status !== "addressed") continue;
    const patternId = pattern.id;
    const signalIds = attachments.filter((a) => a.patternId === patternId).map((a) => a.signalId);
    const signals = await tx.query<{ id: string; product_version: string | null }>(
      "select id, product_version from signals where id = any($1::uuid[]) and kind = 'report'",
      [signalIds],
    );
    if (signals.length === 0) continue;
    const fixes = await fixingReleases(tx, patternId);
    const fixedIn = fixes.map((fix) => fix.name);
    const regression = signals.find((s) => lateSignalOutcome(s.product_version, fixedIn) === "regression");
    if (regression) {
      transition("pattern", "addressed", "reopen");
      await tx.query("update patterns set status = 'open', updated_at = now() where id = $1", [patternId]);
      tx.record({
        entityType: "pattern",
        entityId: patternId,
        verb: "reopen",
        before: { status: "addressed" },
        after: {
          status: "open",
          reason: "regression",
          signalId: regression.id,
          productVersion: regression.product_version,
        },
      });
      result.reopened.push(patternId);
      continue;
    }
    answered.push(patternId);
  }
  result.notificationsQueued = await tellFixed(tx, answered);
  return result;
}

/**
 * Queues a notification for everyone behind addressed patterns not yet told in this generation, each
 * naming the release that shipped the last of its fix, and wakes the delivery workers.
 */
export async function tellFixed(tx: Tx, patternIds: string[]): Promise<number> {
  let queued = 0;
  for (const patternId of patternIds) {
    const [latest] = await fixingReleases(tx, patternId);
    if (latest) queued += await queueNotifications(tx, [patternId], latest.deployment_id);
  }
  if (queued > 0) await tx.query("select pg_notify($1, '')", [outboxChannel]);
  return queued;
}

/**
 * The releases that shipped a pattern's fix, one per product an improvement of it targets, newest
 * first: for each product, the successful production deployment that brought the last of the fix's pull
 * requests there (each counted from when it first arrived). Only completed improvements and resolved
 * issues count; rejected and closed ones fixed nothing.
 */
export async function fixingReleases(tx: Tx, patternId: string) {
  const rows = await tx.query<{ name: string; deployment_id: string; at: Date }>(
    `with arrived as (
       select vp.product_id, pri.pull_request_id, min(vp.first_released_at) as at
         from improvement_patterns ip
         join improvements imp on imp.id = ip.improvement_id and imp.status = 'completed'
         join issues i on i.improvement_id = imp.id and i.status = 'resolved'
         join pull_request_issues pri on pri.issue_id = i.id
         join version_pull_requests vpr on vpr.pull_request_id = pri.pull_request_id
         join version_products vp on vp.version_id = vpr.version_id
         join deployments d on d.id = vp.deployment_id and d.status = 'success'
        where ip.pattern_id = $1
          and (vp.product_id in (select product_id from improvement_products where improvement_id = imp.id)
               or not exists (select 1 from improvement_products where improvement_id = imp.id))
        group by vp.product_id, pri.pull_request_id
     ), completed as (
       select product_id, max(at) as at from arrived group by product_id
     )
     select distinct on (c.product_id) r.name, vp.deployment_id, c.at
       from completed c
       join version_products vp on vp.product_id = c.product_id and vp.first_released_at = c.at
       join deployments d on d.id = vp.deployment_id and d.status = 'success'
       join releases r on r.id = d.release_id
      order by c.product_id, vp.deployment_id`,
    [patternId],
  );
  return rows.sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime());
}
