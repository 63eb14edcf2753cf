import type { Db } from "../src/db/connect.js";
import { updateDeploymentStatus } from "../src/services/record-deployment.js";
import type { BenchOptions } from "./options.js";
import { emit, log, now, round, since } from "./report.js";
import { type SnapbackGraph, type SnapbackIds, seedSnapbackGraph } from "./snapback-seed.js";
import { slowest, timedDb } from "./timed-db.js";

/** Targets of the snapback benchmark, in seconds from the status change to commit. */
export const snapbackTargets = { postgres: 2, pglite: 10 } as const;

/**
 * Benchmark 3: one production deployment succeeds and answers the whole seeded graph. Times
 * updateDeploymentStatus(…, 'success') — state committed and every notification queued — then checks
 * what it did against the graph. Returns the graph for the trace benchmark.
 */
export async function benchSnapback(db: Db, options: BenchOptions): Promise<SnapbackGraph & SnapbackIds> {
  const seedStart = now();
  const graph = await seedSnapbackGraph(db, options.snapbackScaleDown);
  const seedSeconds = since(seedStart) / 1000;
  log(
    `${db.driver} snapback graph seeded in ${seedSeconds.toFixed(1)} s (${graph.signals} signals, ${graph.issues} issues)`,
  );

  const timed = timedDb(db);
  const start = now();
  const outcome = await updateDeploymentStatus(timed.db, "system:bench", graph.deploymentId, "success");
  const seconds = since(start) / 1000;

  const result = outcome.snapback;
  const [check] = await db.query<{
    notifications: number;
    outbox: number;
    improvements: number;
    patterns: number;
    events: number;
  }>(
    `select (select count(*)::int from notifications where deployment_id = $1) as notifications,
            (select count(*)::int from outbox o join notifications n on n.id = o.notification_id
              where n.deployment_id = $1) as outbox,
            (select count(*)::int from improvements i join improvement_products ip on ip.improvement_id = i.id
              where ip.product_id = $2 and i.status = 'completed') as improvements,
            (select count(*)::int from patterns p join improvement_patterns ipa on ipa.pattern_id = p.id
              join improvement_products ip on ip.improvement_id = ipa.improvement_id
              where ip.product_id = $2 and p.status = 'addressed') as patterns,
            (select count(*)::int from timeline_events where actor = 'system:bench') as events`,
    [graph.deploymentId, graph.productId],
  );
  const expected = {
    improvements: graph.improvements,
    patterns: graph.patterns,
    notifications: graph.signals,
    outbox: graph.signals,
  };
  const found = {
    improvements: Math.min(result?.improvementsCompleted.length ?? 0, check?.improvements ?? 0),
    patterns: Math.min(result?.patternsAddressed.length ?? 0, check?.patterns ?? 0),
    notifications: Math.min(result?.notificationsQueued ?? 0, check?.notifications ?? 0),
    outbox: check?.outbox ?? 0,
  };
  const verified = Object.entries(expected).every(([key, value]) => found[key as keyof typeof found] === value);
  if (!verified)
    log(
      `${db.driver} snapback did not do what the graph asks: expected ${JSON.stringify(expected)}, found ${JSON.stringify(found)}`,
    );
  const statementMs = timed.statements.reduce((sum, s) => sum + s.ms, 0);
  emit({
    bench: "snapback",
    driver: db.driver,
    value: seconds,
    unit: "s",
    target: snapbackTargets[db.driver],
    comparison: "<",
    verified,
    expected,
    found,
    versionsReleased: result?.versionsReleased ?? 0,
    pullRequestsShipped: result?.pullRequestsShipped ?? 0,
    issuesResolved: result?.issuesResolved ?? 0,
    timelineEvents: check?.events ?? 0,
    seedSeconds: round(seedSeconds),
    statements: timed.statements.length,
    // Time inside the database calls versus in the service's own JavaScript (JSON, timeline events).
    statementSeconds: round(statementMs / 1000),
    slowestStatements: slowest(timed.statements, 5),
  });
  return graph;
}

/**
 * Benchmark 3b: the same deployment is rolled back — the inverse of snapback over the whole graph: every
 * pull request unshipped, issue reopened, improvement back in progress, pattern reopened and notification
 * cancelled (none was sent) — timed the same way, then checked.
 */
export async function benchRollback(db: Db, graph: SnapbackGraph): Promise<void> {
  const timed = timedDb(db);
  const start = now();
  const outcome = await updateDeploymentStatus(timed.db, "system:bench", graph.deploymentId, "rolled_back");
  const seconds = since(start) / 1000;
  const result = outcome.snapback;
  const [check] = await db.query<{ cancelled: number; reopened: number; outbox: number }>(
    `select (select count(*)::int from notifications where deployment_id = $1 and status = 'cancelled') as cancelled,
            (select count(*)::int from patterns p join improvement_patterns ipa on ipa.pattern_id = p.id
              join improvement_products ip on ip.improvement_id = ipa.improvement_id
              where ip.product_id = $2 and p.status = 'open') as reopened,
            (select count(*)::int from outbox o join notifications n on n.id = o.notification_id
              where n.deployment_id = $1 and o.status = 'pending') as outbox`,
    [graph.deploymentId, graph.productId],
  );
  const expected = { patterns: graph.patterns, cancelled: graph.signals, pendingOutbox: 0 };
  const found = {
    patterns: Math.min(result.patternsReopened.length, check?.reopened ?? 0),
    cancelled: Math.min(result.notificationsCancelled, check?.cancelled ?? 0),
    pendingOutbox: check?.outbox ?? -1,
  };
  const verified = Object.entries(expected).every(([key, value]) => found[key as keyof typeof found] === value);
  if (!verified)
    log(
      `${db.driver} rollback did not undo the graph: expected ${JSON.stringify(expected)}, found ${JSON.stringify(found)}`,
    );
  emit({
    bench: "rollback",
    driver: db.driver,
    value: seconds,
    unit: "s",
    target: snapbackTargets[db.driver],
    comparison: "<",
    verified,
    expected,
    found,
    pullRequestsUnshipped: result.pullRequestsUnshipped,
    issuesReopened: result.issuesReopened,
    statements: timed.statements.length,
    slowestStatements: slowest(timed.statements, 5),
  });
}
