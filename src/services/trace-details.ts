import { camelCase as camel, camelize } from "../db/columns.js";
import type { Queryable } from "../db/connect.js";
import { deploymentSource } from "./resources.js";
import { type ChainLevel, chain, type Edge, type Found, type NodeType, type TraceNode } from "./trace-graph.js";

type Rows = Record<string, unknown>[];
/** What happened through one entity, as typed nodes and the edges between them, and as lists per type. */
export interface Trace {
  root: { type: ChainLevel; id: string };
  nodes: TraceNode[];
  edges: Edge[];
  /** Types with more items than the limit: only the first `limit` of them are shown. */
  truncated: NodeType[];
  limit: number;
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

/** What each type shows of its items: who, what, and when. Every row has an id. */
export const details: Record<NodeType, string> = {
  signal: "select id, title, kind, urgency, received_at, channel_id, contact_id, thread_ref from signals",
  pattern: "select id, title, status, loop_id, priority, addressed_at, created_at from patterns",
  improvement: "select id, title, status, loop_id, created_at, completed_at from improvements",
  issue: "select id, title, status, component_id, improvement_id, number, url, created_at, resolved_at from issues",
  pull_request: "select id, title, status, component_id, number, url, merged_at, shipped_at from pull_requests",
  version: `select v.id, v.name, v.component_id, c.slug as component_slug, v.created_at,
              coalesce((select jsonb_agg(jsonb_build_object('productId', vp.product_id, 'deploymentId', vp.deployment_id,
                 'firstReleasedAt', vp.first_released_at)) from version_products vp where vp.version_id = v.id), '[]')
                as released_in
              from versions v join components c on c.id = v.component_id`,
  release: `select r.id, r.name, r.product_id, p.slug as product_slug, p.name as product_name, r.created_at
              from releases r join products p on p.id = r.product_id`,
  deployment: `select id, release_id, release_name, product_id, product_slug, environment, status, started_at, finished_at
                 from ${deploymentSource} d`,
  contact: "select id, name, email, account from contacts",
  notification: `select id, pattern_id, contact_id, signal_id, deployment_id, generation, status, answer, first_signal_at,
                        created_at, sent_at, answered_at,
                        extract(epoch from created_at - first_signal_at)::float8 as lead_time_seconds
                   from notifications`,
};

type Row = Record<string, unknown>;
const text = (value: unknown) => (value === null || value === undefined ? "" : String(value));

/** The one-line face of an item: a title a person recognises, its state and its time. */
function node(type: NodeType, r: Row): TraceNode {
  const base = { type, id: String(r.id) };
  const numbered = () => `${r.number ? `#${r.number} ` : ""}${text(r.title)}`;
  switch (type) {
    case "signal":
      return { ...base, title: text(r.title), status: text(r.kind), at: r.receivedAt };
    case "pattern":
      return { ...base, title: text(r.title), status: text(r.status), at: r.addressedAt ?? r.createdAt };
    case "improvement":
      return { ...base, title: text(r.title), status: text(r.status), at: r.completedAt ?? r.createdAt };
    case "issue":
      return { ...base, title: numbered(), status: text(r.status), at: r.resolvedAt ?? r.createdAt };
    case "pull_request":
      return { ...base, title: numbered(), status: text(r.status), at: r.shippedAt ?? r.mergedAt };
    case "version":
      return { ...base, title: `${text(r.componentSlug)}@${text(r.name)}`, status: null, at: r.createdAt };
    case "release":
      return { ...base, title: `${text(r.productSlug)}@${text(r.name)}`, status: null, at: r.createdAt };
    case "deployment":
      return {
        ...base,
        title: `${text(r.productSlug)}@${text(r.releaseName)} to ${text(r.environment)}`,
        status: text(r.status),
        at: r.finishedAt ?? r.startedAt,
      };
    case "contact":
      return { ...base, title: text(r.name || r.email), status: null, at: null };
    case "notification":
      return {
        ...base,
        title: `generation ${text(r.generation)}`,
        status: text(r.status),
        at: r.sentAt ?? r.createdAt,
      };
    default: {
      const never: never = type;
      throw new Error(`no trace node for ${String(never)}`);
    }
  }
}

/** The rows of one type, in id order, camelCased, with their nodes. */
export async function detailsOf(
  q: Queryable,
  type: NodeType,
  ids: string[],
): Promise<{ rows: Row[]; nodes: TraceNode[] }> {
  if (ids.length === 0) return { rows: [], nodes: [] };
  const rows = (await q.query(`select * from (${details[type]}) x where id = any($1::uuid[]) order by id`, [ids])).map(
    camelize,
  );
  return { rows, nodes: rows.map((r) => node(type, r)) };
}

/** The key of a type's list in a trace: `pull_request` → `pullRequests`. */
export const listKey = (type: NodeType) => `${camel(type)}s`;

/** Reads what was found: the rows of each type, their nodes, and the edges between items shown. */
export async function present(q: Queryable, found: Found, type: ChainLevel, id: string): Promise<Trace> {
  const result: Record<string, unknown> = { root: { type, id } };
  const nodes: TraceNode[] = [];
  const show = async (t: NodeType) => {
    const read = found.read.get(t)?.map(camelize);
    const { rows, nodes: some } = read
      ? { rows: read, nodes: read.map((r) => node(t, r)) }
      : await detailsOf(q, t, found.ids(t));
    result[listKey(t)] = rows;
    nodes.push(...some);
    return rows;
  };
  for (const level of chain) {
    const rows = await show(level);
    for (const r of rows) {
      if (level === "signal") {
        found.add("contact", [r.contactId]);
        found.link(r.contactId, r.id, "sent");
      }
      if (level === "issue") found.link(r.improvementId, r.id, "implemented_by");
      if (level === "deployment") found.link(r.releaseId, r.id, "deployed_as");
      if (level === "version") {
        for (const v of r.releasedIn as { deploymentId: string }[]) found.link(r.id, v.deploymentId, "released_by");
      }
    }
  }
  await show("contact");
  await show("notification");
  const shown = new Set(nodes.map((n) => n.id));
  result.nodes = nodes;
  result.edges = [...found.edges.values()].filter((e) => shown.has(e.from) && shown.has(e.to));
  result.truncated = [...found.truncated];
  result.limit = found.limit;
  return result as unknown as Trace;
}
