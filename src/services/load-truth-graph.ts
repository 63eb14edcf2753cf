import { type ComponentVersion, holdsPullRequest } from "../core/component-versions.js";
import type { Place, TruthGraph } from "../core/deployment-truth.js";
import type { Queryable } from "../db/connect.js";

/** Where to start: pull requests whose liveness changed, improvements or patterns whose rules may have. */
export interface TruthSeed {
  pullRequestIds?: string[];
  improvementIds?: string[];
  patternIds?: string[];
  /** Rejected just now: like an improvement completed now, it may address its patterns. */
  touchedImprovementIds?: string[];
}

/**
 * The current deployment of every product in every environment: its latest success not rolled back —
 * nor an earlier run of a release whose later run there was rolled back (a release deployed twice, then
 * rolled back, runs no more: its earlier deployment stays a success in history). A run of it after the
 * one rolled back still counts: rolling back a run another release had replaced changes nothing.
 * "What runs where" is read from it (docs/API.md "Deployment truth").
 */
export const currentDeployments = `select distinct on (d.product_id, d.environment)
         d.id, d.product_id, d.environment, d.release_id, d.finished_at
    from deployments d where d.status = 'success'
     and not exists (select 1 from deployments r
                      where r.release_id = d.release_id and r.environment = d.environment and r.status = 'rolled_back'
                        and r.finished_at >= d.finished_at)
   order by d.product_id, d.environment, d.finished_at desc nulls last, d.id desc`;

/**
 * Loads the part of the graph a change reaches (docs/ARCHITECTURE.md): the seed's improvements, those of
 * the issues its pull requests fix, their patterns and every improvement of those, with their issues,
 * the pull requests fixing them and where each runs now, the people behind the patterns and the
 * notifications they hold. The seed's pull requests and the issues they fix come along even when no
 * improvement holds them.
 */
export async function loadTruthGraph(q: Queryable, seed: TruthSeed): Promise<TruthGraph> {
  const [ids] = await q.query<{ improvement_ids: string[]; pattern_ids: string[] }>(
    `with seeded as (
       select i.improvement_id as id from pull_request_issues pri join issues i on i.id = pri.issue_id
        where pri.pull_request_id = any($1::uuid[]) and i.improvement_id is not null
       union select unnest($2::uuid[])
       union select improvement_id from improvement_patterns where pattern_id = any($3::uuid[])
     ), patterns as (
       select distinct pattern_id as id from improvement_patterns where improvement_id in (select id from seeded)
       union select unnest($3::uuid[])
     )
     select array(select id from patterns) as pattern_ids,
            array(select id from seeded union select improvement_id from improvement_patterns
                   where pattern_id in (select id from patterns)) as improvement_ids`,
    [seed.pullRequestIds ?? [], seed.improvementIds ?? [], seed.patternIds ?? []],
  );
  const improvementIds = ids?.improvement_ids ?? [];
  const patternIds = ids?.pattern_ids ?? [];
  const [improvements, issues, patterns, environments] = await inOrder([
    () =>
      q.query<{ id: string; status: string; targets: string[]; issue_ids: string[] }>(
        `select imp.id, imp.status, array(${targetProducts("imp")}) as targets,
              array(select i.id from issues i where i.improvement_id = imp.id) as issue_ids
         from improvements imp where imp.id = any($1::uuid[])`,
        [improvementIds],
      ),
    () =>
      // The improvements' issues, and those the seed's pull requests fix: an issue filed straight in a
      // repository, for no improvement, is resolved by shipping all the same.
      q.query<{ id: string; status: string; pr_ids: string[] }>(
        `select i.id, i.status, array(select pri.pull_request_id from pull_request_issues pri where pri.issue_id = i.id) as pr_ids
         from issues i where i.improvement_id = any($1::uuid[])
            or i.id in (select issue_id from pull_request_issues where pull_request_id = any($2::uuid[]))`,
        [improvementIds, seed.pullRequestIds ?? []],
      ),
    () =>
      q.query<{
        id: string;
        status: string;
        generation: number;
        improvement_ids: string[];
        fix_improvement_ids: string[];
        reopened_by_rollback: boolean;
      }>(
        `select p.id, p.status, p.generation, p.fix_improvement_ids, p.reopened_by_rollback,
              array(select improvement_id from improvement_patterns where pattern_id = p.id) as improvement_ids
         from patterns p where p.id = any($1::uuid[])`,
        [patternIds],
      ),
    () =>
      q.query<{ name: string; product_id: string | null; production: boolean; pinned: boolean }>(
        `select e.name, e.product_id, e.production,
              cardinality(e.accounts) > 0 or exists (select 1 from contact_environments ce where ce.environment = e.name) as pinned
         from environments e`,
      ),
  ]);
  // The seed's own pull requests too: one that fixes no issue still ships.
  const prIds = [...new Set([...(seed.pullRequestIds ?? []), ...issues.flatMap((issue) => issue.pr_ids)])];
  const [pullRequests, places, productComponents, people, notifications] = await inOrder([
    () =>
      q.query<{ id: string; status: string; component_id: string }>(
        "select id, status, component_id from pull_requests where id = any($1::uuid[])",
        [prIds],
      ),
    () => livePlaces(q, prIds),
    () =>
      q.query<{ product_id: string; component_ids: string[] }>(
        "select product_id, array_agg(component_id) as component_ids from product_components group by product_id",
      ),
    () =>
      q.query<{
        pattern_id: string;
        contact_id: string;
        signal_id: string;
        received_at: Date;
        product_id: string | null;
        account: string | null;
      }>(
        `with firsts as (
         select distinct on (sp.pattern_id, s.contact_id) sp.pattern_id, s.contact_id, s.id as signal_id, s.received_at
           from signal_patterns sp join signals s on s.id = sp.signal_id
          where sp.pattern_id = any($1::uuid[]) and s.contact_id is not null
          order by sp.pattern_id, s.contact_id, s.received_at, s.id
       ), named as (
         -- The product they said they run, on their latest signal on the pattern that names one.
         select distinct on (sp.pattern_id, s.contact_id) sp.pattern_id, s.contact_id, s.product_id
           from signal_patterns sp join signals s on s.id = sp.signal_id
          where sp.pattern_id = any($1::uuid[]) and s.contact_id is not null and s.product_id is not null
          order by sp.pattern_id, s.contact_id, s.received_at desc, s.id desc
       )
       select f.*, n.product_id, c.account
         from firsts f join contacts c on c.id = f.contact_id
         left join named n on n.pattern_id = f.pattern_id and n.contact_id = f.contact_id`,
        [patternIds],
      ),
    () =>
      q.query<{ id: string; pattern_id: string; contact_id: string; status: string }>(
        `select n.id, n.pattern_id, n.contact_id, n.status from notifications n join patterns p on p.id = n.pattern_id
        where n.pattern_id = any($1::uuid[]) and n.generation = p.generation and n.withdrawn_at is null`,
        [patternIds],
      ),
  ]);
  const pins = await pinsOf(
    q,
    environments,
    people.map((p) => p.contact_id),
  );
  return {
    touchedImprovementIds: seed.touchedImprovementIds ?? [],
    environments: environments.map((e) => ({
      name: e.name,
      productId: e.product_id,
      production: e.production,
      pinned: e.pinned,
    })),
    productComponents: Object.fromEntries(productComponents.map((row) => [row.product_id, row.component_ids])),
    pullRequests: pullRequests.map((pr) => ({
      id: pr.id,
      status: pr.status as TruthGraph["pullRequests"][number]["status"],
      componentId: pr.component_id,
      live: places.get(pr.id) ?? [],
    })),
    issues: issues.map((issue) => ({
      id: issue.id,
      status: issue.status as TruthGraph["issues"][number]["status"],
      pullRequestIds: issue.pr_ids,
    })),
    improvements: improvements.map((imp) => ({
      id: imp.id,
      status: imp.status as TruthGraph["improvements"][number]["status"],
      targetProductIds: imp.targets,
      issueIds: imp.issue_ids,
    })),
    patterns: patterns.map((p) => ({
      id: p.id,
      status: p.status as TruthGraph["patterns"][number]["status"],
      generation: p.generation,
      improvementIds: p.improvement_ids,
      fixImprovementIds: p.fix_improvement_ids,
      reopenedByRollback: p.reopened_by_rollback,
    })),
    people: people.map((p) => ({
      patternId: p.pattern_id,
      contactId: p.contact_id,
      signalId: p.signal_id,
      firstSignalAt: new Date(p.received_at).getTime(),
      productId: p.product_id,
      pinned: [
        ...(pins.byContact.get(p.contact_id) ?? []),
        ...(p.account ? (pins.byAccount.get(p.account) ?? []) : []),
      ],
    })),
    notifications: notifications.map((n) => ({
      id: n.id,
      patternId: n.pattern_id,
      contactId: n.contact_id,
      status: n.status as TruthGraph["notifications"][number]["status"],
    })),
  };
}

/**
 * SQL for the products an improvement (alias) targets: its products, and for each component it targets,
 * the products built from it when it was approved (improvement_component_products), or today's before.
 */
export function targetProducts(alias: string): string {
  return `select ip.product_id from improvement_products ip where ip.improvement_id = ${alias}.id
          union select icp.product_id from improvement_component_products icp where icp.improvement_id = ${alias}.id
          union select pc.product_id from improvement_components ic join product_components pc on pc.component_id = ic.component_id
                 where ic.improvement_id = ${alias}.id
                   and (${alias}.status = 'proposed' or not exists (
                         select 1 from improvement_component_products icp
                          where icp.improvement_id = ic.improvement_id and icp.component_id = ic.component_id))`;
}

/**
 * Where each pull request runs now: a product's environment whose current release holds a version of
 * the pull request's component that holds it — one that took it, or a newer one (holdsPullRequest: by
 * version number where both are one, so a hotfix 1.2.1 cut after 2.0.0 does not hold 2.0.0's work).
 */
export async function livePlaces(q: Queryable, prIds: string[]): Promise<Map<string, Place[]>> {
  const rows = await q.query<{
    id: string;
    version_id: string;
    version_name: string;
    version_at: Date;
    deployment_id: string;
    product_id: string;
    environment: string;
    at: Date | null;
    running_id: string;
    running_name: string;
    running_at: Date;
  }>(
    `with current as (${currentDeployments}),
     direct as (
       select vpr.pull_request_id as id, v.component_id, v.id as version_id, v.name, v.created_at
         from version_pull_requests vpr join versions v on v.id = vpr.version_id
        where vpr.pull_request_id = any($1::uuid[])
     )
     select d.id, d.version_id, d.name as version_name, d.created_at as version_at,
            c.id as deployment_id, c.product_id, c.environment, c.finished_at as at,
            r.id as running_id, r.name as running_name, r.created_at as running_at
       from direct d
       join current c on true
       join release_versions rv on rv.release_id = c.release_id
       join versions r on r.id = rv.version_id and r.component_id = d.component_id`,
    [prIds],
  );
  // Per pull request and deployment: the version running there, and the versions that took the pull request.
  const pairs = new Map<string, { row: (typeof rows)[number]; direct: ComponentVersion[] }>();
  for (const row of rows) {
    const key = `${row.id}:${row.deployment_id}`;
    const pair = pairs.get(key) ?? { row, direct: [] };
    pair.direct.push({ id: row.version_id, name: row.version_name, createdAt: new Date(row.version_at) });
    pairs.set(key, pair);
  }
  const places = new Map<string, Place[]>();
  for (const { row, direct } of pairs.values()) {
    const running = { id: row.running_id, name: row.running_name, createdAt: new Date(row.running_at) };
    if (!holdsPullRequest(running, direct)) continue;
    const list = places.get(row.id) ?? [];
    list.push({
      productId: row.product_id,
      environment: row.environment,
      deploymentId: row.deployment_id,
      at: row.at ? new Date(row.at).getTime() : 0,
    });
    places.set(row.id, list);
  }
  return places;
}

/** The environments each contact, and each account, is pinned to: nothing to read when none is pinned. */
async function pinsOf(
  q: Queryable,
  environments: { name: string; pinned: boolean }[],
  contactIds: string[],
): Promise<{ byContact: Map<string, string[]>; byAccount: Map<string, string[]> }> {
  const byContact = new Map<string, string[]>();
  const byAccount = new Map<string, string[]>();
  if (!environments.some((e) => e.pinned)) return { byContact, byAccount };
  const [contacts, accounts] = await inOrder([
    () =>
      q.query<{ contact_id: string; environment: string }>(
        "select contact_id, environment from contact_environments where contact_id = any($1::uuid[])",
        [[...new Set(contactIds)]],
      ),
    () =>
      q.query<{ account: string; environment: string }>(
        "select unnest(accounts) as account, name as environment from environments where cardinality(accounts) > 0",
      ),
  ]);
  for (const row of contacts)
    byContact.set(row.contact_id, [...(byContact.get(row.contact_id) ?? []), row.environment]);
  for (const row of accounts) byAccount.set(row.account, [...(byAccount.get(row.account) ?? []), row.environment]);
  return { byContact, byAccount };
}

/** Runs queries one after another on one connection (a transaction's queries cannot overlap). */
async function inOrder<T extends unknown[]>(queries: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  const results: unknown[] = [];
  for (const query of queries) results.push(await query());
  return results as T;
}
