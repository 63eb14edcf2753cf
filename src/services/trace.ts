import { z } from "zod";
import { camelCase as camel, camelize } from "../db/columns.js";
import type { Queryable } from "../db/connect.js";
import { getRecord } from "./records.js";
import { resources } from "./resources.js";

/** The links of the loop, in order, from what a person said to where the fix runs. */
export const chain = [
  "signal",
  "pattern",
  "improvement",
  "issue",
  "pull_request",
  "version",
  "release",
  "deployment",
] as const;
export type ChainLevel = (typeof chain)[number];
export const traceable = z.enum(chain);

/** From ids at one level to the ids they lead to at the next level (towards deployments). */
const forward: Record<Exclude<ChainLevel, "deployment">, string> = {
  signal: "select pattern_id as id from signal_patterns where signal_id = any($1::uuid[])",
  pattern: "select improvement_id as id from improvement_patterns where pattern_id = any($1::uuid[])",
  improvement: "select id from issues where improvement_id = any($1::uuid[])",
  issue: "select pull_request_id as id from pull_request_issues where issue_id = any($1::uuid[])",
  pull_request: "select version_id as id from version_pull_requests where pull_request_id = any($1::uuid[])",
  version: "select release_id as id from release_versions where version_id = any($1::uuid[])",
  release: "select id from deployments where release_id = any($1::uuid[])",
};

/** From ids at one level to the ids they came from at the previous level (towards signals). */
const backward: Record<Exclude<ChainLevel, "signal">, string> = {
  pattern: "select signal_id as id from signal_patterns where pattern_id = any($1::uuid[])",
  improvement: "select pattern_id as id from improvement_patterns where improvement_id = any($1::uuid[])",
  issue: "select improvement_id as id from issues where id = any($1::uuid[]) and improvement_id is not null",
  pull_request: "select issue_id as id from pull_request_issues where pull_request_id = any($1::uuid[])",
  version: "select pull_request_id as id from version_pull_requests where version_id = any($1::uuid[])",
  release: "select version_id as id from release_versions where release_id = any($1::uuid[])",
  deployment: "select release_id as id from deployments where id = any($1::uuid[])",
};

/** What each level shows of its entities in a trace: who, what, and when. */
const details: Record<ChainLevel, string> = {
  signal: `select id, title, kind, urgency, received_at, channel_id, contact_id, thread_ref from signals`,
  pattern: `select id, title, status, priority, addressed_at, created_at from patterns`,
  improvement: `select id, title, status, loop_id, created_at, completed_at from improvements`,
  issue: `select id, title, status, component_id, number, url, created_at, resolved_at from issues`,
  pull_request: `select id, title, status, component_id, number, url, merged_at, shipped_at from pull_requests`,
  version: `select v.id, v.name, v.component_id, v.created_at,
              coalesce((select jsonb_agg(jsonb_build_object('productId', vp.product_id, 'deploymentId', vp.deployment_id,
                 'firstReleasedAt', vp.first_released_at)) from version_products vp where vp.version_id = v.id), '[]')
                as released_in
              from versions v`,
  release: `select id, name, product_id, created_at from releases`,
  deployment: `select id, release_id, environment, status, started_at, finished_at from deployments`,
};

type Rows = Record<string, unknown>[];
/** The full chain through one entity, both ways, with the contacts and notifications it reached. */
export interface Trace {
  root: { type: ChainLevel; id: string };
  signals: Rows;
  patterns: Rows;
  improvements: Rows;
  issues: Rows;
  pullRequests: Rows;
  versions: Rows;
  releases: Rows;
  deployments: Rows;
  contacts: Rows;
  notifications: Rows;
}

async function ids(q: Queryable, sql: string, from: string[]): Promise<string[]> {
  if (from.length === 0) return [];
  const rows = await q.query<{ id: string }>(sql, [from]);
  return [...new Set(rows.map((row) => row.id))];
}

/**
 * Everything linked to an entity along the loop: walking towards signals from it and towards
 * deployments from it (not sideways), then who was behind the signals and what they were told.
 */
export async function trace(q: Queryable, type: ChainLevel, id: string): Promise<Trace> {
  await getRecord(q, resources[type], id);
  const found = new Map<ChainLevel, string[]>([[type, [id]]]);
  const at = chain.indexOf(type);
  for (let i = at; i > 0; i--) {
    const level = chain[i] as Exclude<ChainLevel, "signal">;
    found.set(chain[i - 1] as ChainLevel, await ids(q, backward[level], found.get(level) ?? []));
  }
  for (let i = at; i < chain.length - 1; i++) {
    const level = chain[i] as Exclude<ChainLevel, "deployment">;
    found.set(chain[i + 1] as ChainLevel, await ids(q, forward[level], found.get(level) ?? []));
  }
  const result: Record<string, unknown> = { root: { type, id } };
  for (const level of chain) {
    const levelIds = found.get(level) ?? [];
    const rows = levelIds.length
      ? await q.query(`select * from (${details[level]}) x where id = any($1::uuid[]) order by id`, [levelIds])
      : [];
    result[`${camel(level)}s`] = rows.map(camelize);
  }
  const signals = result.signals as Rows;
  const contactIds = [...new Set(signals.map((s) => s.contactId).filter(Boolean))];
  result.contacts = contactIds.length
    ? (
        await q.query("select id, name, email, account from contacts where id = any($1::uuid[]) order by id", [
          contactIds,
        ])
      ).map(camelize)
    : [];
  const patternIds = found.get("pattern") ?? [];
  result.notifications = patternIds.length
    ? (
        await q.query(
          `select id, pattern_id, contact_id, signal_id, deployment_id, generation, status, answer, first_signal_at,
                  created_at, sent_at, answered_at,
                  extract(epoch from created_at - first_signal_at)::float8 as lead_time_seconds
             from notifications
            where pattern_id = any($1::uuid[]) and ($2::uuid[] is null or contact_id = any($2::uuid[]))
            order by id`,
          [patternIds, type === "signal" ? contactIds : null],
        )
      ).map(camelize)
    : [];
  return result as unknown as Trace;
}
