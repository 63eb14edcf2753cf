import { type ComponentVersion, holdsPullRequest } from "../core/component-versions.js";
import { lateSignalOutcome, type ReleaseMark } from "../core/snapback-rules.js";
import { transition } from "../core/state-machines.js";
import { disputePattern } from "./dispute-pattern.js";
import { settleTruth } from "./settle-truth.js";
import { snapbackLock } from "./snapback.js";
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
 * Signals that arrive on a pattern already addressed (DESIGN §2). From a version of a product that has
 * the fix, it is a regression: the pattern reopens. Otherwise the person is answered in their thread,
 * like everyone snapback told, once the fix runs where they are (one notification per person per fix).
 */
export async function answerLateSignals(tx: Tx, attachments: Attachment[]): Promise<LateSignalsResult> {
  const result: LateSignalsResult = { reopened: [], notificationsQueued: 0 };
  if (attachments.length === 0) return result;
  const patternIds = [...new Set(attachments.map((a) => a.patternId))];
  const [late] = await tx.query<{ any: boolean }>(
    "select exists (select 1 from patterns where id = any($1::uuid[]) and status = 'addressed') as any",
    [patternIds],
  );
  if (!late?.any) return result;
  // A deployment changing what runs where, or a settling, would each miss the other's half. A caller
  // that already holds a pattern's row lock must take this lock first (attachSignals does), or a
  // deployment holding it and waiting for the row would deadlock with it.
  await tx.query("select pg_advisory_xact_lock($1)", [snapbackLock]);
  const answered: string[] = [];
  // All at once and in id order (as snapback locks them): an answer, a snapback or another batch of late
  // signals on the same patterns waits its turn instead of deadlocking.
  const patterns = await tx.query<{ id: string; status: string }>(
    // "No key update": only the status changes, and attachments being written meanwhile hold "key share".
    "select id, status from patterns where id = any($1::uuid[]) order by id for no key update",
    [patternIds],
  );
  for (const pattern of patterns) {
    if (pattern.status !== "addressed") continue;
    const patternId = pattern.id;
    const signalIds = attachments.filter((a) => a.patternId === patternId).map((a) => a.signalId);
    const signals = await tx.query<{
      id: string;
      product_id: string | null;
      product_version: string | null;
      named_release_id: string | null;
    }>(
      `select s.id, s.product_id, s.product_version,
              (select r.id from releases r where r.product_id = s.product_id and r.name = s.product_version) as named_release_id
         from signals s where s.id = any($1::uuid[]) and s.kind = 'report'`,
      [signalIds],
    );
    if (signals.length === 0) continue;
    // Each product's releases, read once for all its signals: the first that holds the fix, and whether
    // the one a signal names does.
    const releasesOf = new Map<string, Awaited<ReturnType<typeof releasesWithFix>>>();
    const fixedIn = new Map<string, ReleaseMark | undefined>();
    for (const productId of new Set(signals.flatMap((s) => (s.product_id ? [s.product_id] : [])))) {
      const releases = await releasesWithFix(tx, patternId, productId);
      releasesOf.set(productId, releases);
      const first = releases.find((release) => release.holds);
      fixedIn.set(productId, first ? { name: first.name, at: first.at } : undefined);
    }
    let regression: (typeof signals)[number] | undefined;
    for (const s of signals) {
      if (!s.product_id) continue;
      const namedHoldsFix = s.named_release_id
        ? releasesOf.get(s.product_id)?.find((release) => release.id === s.named_release_id)?.holds === true
        : undefined;
      const outcome = lateSignalOutcome(
        { productVersion: s.product_version, namedHoldsFix },
        fixedIn.get(s.product_id),
      );
      if (outcome === "regression") {
        regression = s;
        break;
      }
    }
    if (regression) {
      transition("pattern", "addressed", "reopen");
      await tx.query("update patterns set status = 'open', updated_at = now() where id = $1", [patternId]);
      await disputePattern(tx, patternId);
      tx.record({
        entityType: "pattern",
        entityId: patternId,
        verb: "reopen",
        before: { status: "addressed" },
        after: {
          status: "open",
          reason: "regression",
          signalId: regression.id,
          productId: regression.product_id,
          productVersion: regression.product_version,
          fixedIn: regression.product_id ? fixedIn.get(regression.product_id)?.name : undefined,
        },
      });
      result.reopened.push(patternId);
      continue;
    }
    answered.push(patternId);
  }
  if (answered.length > 0) result.notificationsQueued = await tellLatecomers(tx, answered);
  return result;
}

/**
 * Tells the people on addressed patterns who have not been told of the fix (once it runs where they
 * are), under snapback's lock: those attached after the snapback read who was on them. Returns how many
 * notifications it queued.
 */
export async function tellLatecomers(tx: Tx, patternIds: string[]): Promise<number> {
  await tx.query("select pg_advisory_xact_lock($1)", [snapbackLock]);
  return (await settleTruth(tx, { patternIds }, { reason: "late_signal" })).notificationsQueued;
}

/**
 * A pattern's fix in a product's components: each shipped pull request of its completed improvements'
 * resolved issues, in one of the product's components, with the versions that took it.
 */
async function fixInProduct(
  tx: Tx,
  patternId: string,
  productId: string,
): Promise<{ componentId: string; direct: ComponentVersion[] }[]> {
  const rows = await tx.query<{ pr_id: string; component_id: string; id: string; name: string; created_at: Date }>(
    `select distinct pr.id as pr_id, v.component_id, v.id, v.name, v.created_at
       from improvement_patterns ip
       join improvements imp on imp.id = ip.improvement_id and imp.status = 'completed'
       join issues i on i.improvement_id = imp.id and i.status = 'resolved'
       join pull_request_issues pri on pri.issue_id = i.id
       join pull_requests pr on pr.id = pri.pull_request_id and pr.status = 'shipped'
       join version_pull_requests vpr on vpr.pull_request_id = pr.id
       join versions v on v.id = vpr.version_id
       join product_components pc on pc.component_id = v.component_id and pc.product_id = $2
      where ip.pattern_id = $1`,
    [patternId, productId],
  );
  const fix = new Map<string, { componentId: string; direct: ComponentVersion[] }>();
  for (const row of rows) {
    const pr = fix.get(row.pr_id) ?? { componentId: row.component_id, direct: [] };
    pr.direct.push({ id: row.id, name: row.name, createdAt: new Date(row.created_at) });
    fix.set(row.pr_id, pr);
  }
  return [...fix.values()];
}

/**
 * The releases of a product with their versions of the fix's components, oldest
 * first, each saying whether it holds the whole fix: for every pull request of it, a version of its
 * component that holds it (holdsPullRequest: one that took it, or newer by number).
 */
async function releasesWithFix(
  tx: Tx,
  patternId: string,
  productId: string,
): Promise<{ id: string; name: string; at: number; holds: boolean }[]> {
  const fix = await fixInProduct(tx, patternId, productId);
  if (fix.length === 0) return [];
  const rows = await tx.query<{
    release_id: string;
    release_name: string;
    release_at: Date;
    component_id: string;
    id: string;
    name: string;
    created_at: Date;
  }>(
    `select r.id as release_id, r.name as release_name, r.created_at as release_at,
            v.component_id, v.id, v.name, v.created_at
       from releases r join release_versions rv on rv.release_id = r.id join versions v on v.id = rv.version_id
      where r.product_id = $1 and v.component_id = any($2::uuid[])
      order by r.created_at, r.id`,
    [productId, [...new Set(fix.map((pr) => pr.componentId))]],
  );
  const releases = new Map<string, { id: string; name: string; at: number; running: Map<string, ComponentVersion> }>();
  for (const row of rows) {
    const release = releases.get(row.release_id) ?? {
      id: row.release_id,
      name: row.release_name,
      at: new Date(row.release_at).getTime(),
      running: new Map(),
    };
    release.running.set(row.component_id, { id: row.id, name: row.name, createdAt: new Date(row.created_at) });
    releases.set(row.release_id, release);
  }
  return [...releases.values()].map(({ running, ...release }) => ({
    ...release,
    holds: fix.every((pr) => {
      const version = running.get(pr.componentId);
      return version !== undefined && holdsPullRequest(version, pr.direct);
    }),
  }));
}
