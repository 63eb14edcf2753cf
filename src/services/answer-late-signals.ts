import { lateSignalOutcome } from "../core/snapback-rules.js";
import { transition } from "../core/state-machines.js";
import { queueNotifications } from "./snapback.js";
import type { Tx } from "./transaction.js";

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
  for (const patternId of new Set(attachments.map((a) => a.patternId))) {
    // Locked: an answer, a snapback or another late signal on the same pattern waits its turn.
    const [pattern] = await tx.query<{ status: string; generation: number }>(
      "select status, generation from patterns where id = $1 for update",
      [patternId],
    );
    if (pattern?.status !== "addressed") continue;
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
    const latest = fixes[0];
    if (latest) result.notificationsQueued += await queueNotifications(tx, [patternId], latest.deployment_id);
  }
  return result;
}

/**
 * The releases that shipped a pattern's fix, one per product (the production deployment that released
 * the last of its pull requests there), newest first.
 */
export async function fixingReleases(tx: Tx, patternId: string) {
  return tx.query<{ name: string; deployment_id: string }>(
    `select * from (
       select distinct on (vp.product_id) r.name, vp.deployment_id, vp.first_released_at
         from improvement_patterns ip
         join issues i on i.improvement_id = ip.improvement_id
         join pull_request_issues pri on pri.issue_id = i.id
         join version_pull_requests vpr on vpr.pull_request_id = pri.pull_request_id
         join version_products vp on vp.version_id = vpr.version_id
         join deployments d on d.id = vp.deployment_id
         join releases r on r.id = d.release_id and r.product_id = vp.product_id
        where ip.pattern_id = $1
        order by vp.product_id, vp.first_released_at desc) fixes
      order by first_released_at desc`,
    [patternId],
  );
}
