import { z } from "zod";
import type { Queryable } from "../db/connect.js";
import { targetProducts } from "./load-truth-graph.js";
import { getRecord } from "./records.js";
import { resources } from "./resources.js";
import { details, present, type Trace } from "./trace-details.js";
import { type ChainLevel, chain, Found, type NodeType } from "./trace-graph.js";

export type { Trace } from "./trace-details.js";
export { type ChainLevel, chain } from "./trace-graph.js";
export const traceable = z.enum(chain);
/** How many items of each type a trace shows at most: the rest is in the lists (GET /notifications …). */
export const traceLimits = { default: 500, max: 5000 } as const;

/**
 * SQL: the improvement (an id in SQL) targets the product (a uuid in SQL) — itself, or through a component
 * the product is built from — or targets nothing (then any product ships it).
 */
const targets = (improvement: string, product: string) =>
  `exists (select 1 from improvements i where i.id = ${improvement}
            and (${product} in (${targetProducts("i")}) or not exists (${targetProducts("i")})))`;

/** The products these improvements target; null (any product) when there are none or one targets none. */
async function scopeOf(q: Queryable, improvementIds: string[]): Promise<string[] | null> {
  if (improvementIds.length === 0) return null;
  const rows = await q.query<{ targets: string[] }>(
    `select array(${targetProducts("i")}) as targets from improvements i where i.id = any($1::uuid[])`,
    [improvementIds],
  );
  if (rows.length === 0 || rows.some((row) => row.targets.length === 0)) return null;
  return [...new Set(rows.flatMap((row) => row.targets))];
}

/**
 * What happened through an entity: the chain towards the signals behind it and towards the deployments
 * that shipped it, with who was told, and how each item links to the next (docs/API.md, "Trace").
 * A deployment shows what it made live and whom it answered; a release the work of its own product;
 * from further up, the releases of the products the improvements target only.
 */
export async function trace(
  q: Queryable,
  type: ChainLevel,
  id: string,
  options: { limit?: number } = {},
): Promise<Trace> {
  const root = await getRecord(q, resources[type], id);
  const found = new Found(options.limit ?? traceLimits.default);
  found.add(type, [id]);
  const at = chain.indexOf(type);
  // A release or deployment tells its product's story.
  const product = type === "deployment" || type === "release" ? String(root.productId) : undefined;
  // Towards the signals. A deployment starts from the versions it made live, not all its release holds.
  for (let i = at; i > 0; i--) {
    const level = chain[i] as ChainLevel;
    if (level === "release" && type === "deployment") {
      // A successful production deployment (rolled back later or not) made its release's versions live there.
      const live = await q.query<{ version_id: string }>(
        `select rv.version_id from deployments d
           join environments e on e.name = d.environment and e.production
           join release_versions rv on rv.release_id = d.release_id
          where d.id = $1 and d.status in ('success', 'rolled_back') limit $2`,
        [id, found.limit],
      );
      found.add(
        "version",
        live.map((v) => v.version_id),
      );
      for (const v of live) found.link(v.version_id, found.ids("release")[0], "included_in");
    } else if (level === "issue" && product) {
      // A release or deployment carries the work of the improvements that target its product.
      await found.step(q, level, "earlier", ` and ${targets("l.improvement_id", "$3::uuid")}`, [product]);
    } else if (level === "pattern" && type === "deployment") {
      break; // A deployment's people are those it answered: below.
    } else {
      await found.step(q, level, "earlier");
    }
  }
  // Towards the deployments. Past a version, only the products the trace's improvements target.
  for (let i = at; i < chain.length - 1; i++) {
    const level = chain[i] as ChainLevel;
    if (level === "version" && type !== "version") {
      const products = await scopeOf(q, found.ids("improvement"));
      if (products) {
        await found.step(
          q,
          level,
          "later",
          " and exists (select 1 from releases r where r.id = l.release_id and r.product_id = any($3::uuid[]))",
          [products],
        );
        continue;
      }
    }
    await found.step(q, level, "later");
  }
  await notificationsOf(q, found, type, id);
  return present(q, found, type, id);
}

/**
 * The notifications of the trace: a deployment's own, a release's deployments', a signal's person's on
 * its patterns, else every one on the trace's patterns; with the people, threads and deployments they name.
 */
async function notificationsOf(q: Queryable, found: Found, type: ChainLevel, id: string): Promise<void> {
  const by: Record<string, [string, unknown[]]> = {
    deployment: ["deployment_id = $1", [id]],
    release: ["deployment_id = any($1::uuid[])", [found.ids("deployment")]],
    signal: [
      "pattern_id = any($1::uuid[]) and contact_id = (select contact_id from signals where id = $3)",
      [found.ids("pattern"), null, id],
    ],
  };
  const [where, params] = by[type] ?? ["pattern_id = any($1::uuid[])", [found.ids("pattern")]];
  params[1] = found.limit + 1;
  // Read whole (and kept for the answer): the notifications are the one list read by its own filter.
  const rows = await q.query<{
    id: string;
    pattern_id: string;
    contact_id: string;
    signal_id: string;
    deployment_id: string;
  }>(`select * from (${details.notification}) x where ${where} order by id limit $2`, params);
  if (rows.length > found.limit) found.truncated.add("notification");
  const shown = rows.slice(0, found.limit);
  found.read.set("notification", shown);
  const known = (t: NodeType) => new Set(found.ids(t));
  const [signals, deployments] = [known("signal"), known("deployment")];
  const named = [
    ["notification", "id"],
    ["pattern", "pattern_id"],
    ["signal", "signal_id"],
    ["contact", "contact_id"],
    ["deployment", "deployment_id"],
  ] as const;
  for (const [t, column] of named)
    found.add(
      t,
      shown.map((n) => n[column]),
    );
  for (const n of shown) {
    found.link(n.deployment_id, n.id, "queued");
    found.link(n.id, n.signal_id, "answers");
    found.link(n.id, n.pattern_id, "about");
    found.link(n.id, n.contact_id, "to");
  }
  // The threads and deployments named only by a notification: their patterns and releases.
  const newSignals = found.ids("signal").filter((s) => !signals.has(s));
  if (newSignals.length > 0) {
    const pairs = await q.query<{ earlier: string; later: string }>(
      `select signal_id as earlier, pattern_id as later from signal_patterns
        where signal_id = any($1::uuid[]) and pattern_id = any($2::uuid[])`,
      [newSignals, found.ids("pattern")],
    );
    for (const p of pairs) found.link(p.earlier, p.later, "attached_to");
  }
  const newDeployments = found.ids("deployment").filter((d) => !deployments.has(d));
  if (newDeployments.length > 0) {
    const releases = await q.query<{ release_id: string }>(
      "select release_id from deployments where id = any($1::uuid[])",
      [newDeployments],
    );
    found.add(
      "release",
      releases.map((r) => r.release_id),
    );
  }
}
