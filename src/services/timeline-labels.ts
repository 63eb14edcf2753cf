import type { Queryable } from "../db/connect.js";

/** How one kind of entity is named for people: SQL over its row (alias t), found by its key. */
interface Labelled {
  table: string;
  /** The key the timeline's entity_id holds: an id (uuid), or a name (environments). */
  key: "id" | "name";
  label: string;
}

const title = (table: string): Labelled => ({ table, key: "id", label: "t.title" });
const named = (table: string): Labelled => ({ table, key: "id", label: "t.name" });

/**
 * Each entity type's label, as the workspace and the CLI name it: a title, a name, `component@version`,
 * `product@release`, a deployment as "web 2026.11 to production". Types not here (the matcher's
 * settings, memberships: see below) have none, or are labelled apart.
 */
const labels: Record<string, Labelled> = {
  signal: title("signals"),
  pattern: title("patterns"),
  improvement: title("improvements"),
  issue: title("issues"),
  pull_request: title("pull_requests"),
  brainstorm_topic: title("brainstorm_topics"),
  contact: named("contacts"),
  loop: named("loops"),
  product: named("products"),
  component: named("components"),
  channel: named("channels"),
  user: named("users"),
  api_token: named("api_tokens"),
  environment: { table: "environments", key: "name", label: "t.name" },
  // Its host only, as the timeline's own event keeps it (docs/SECURITY.md): a URL's path or user part may
  // hold a token, and a subscription is for owners to read.
  webhook_subscription: {
    table: "webhook_subscriptions",
    key: "id",
    label: `regexp_replace(substring(t.url from '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#]*)'), '^.*@', '')`,
  },
  version: {
    table: "versions",
    key: "id",
    label: "(select c.slug from components c where c.id = t.component_id) || '@' || t.name",
  },
  release: {
    table: "releases",
    key: "id",
    label: "(select p.slug from products p where p.id = t.product_id) || '@' || t.name",
  },
  deployment: {
    table: "deployments",
    key: "id",
    label: `(select p.slug || ' ' || r.name from releases r join products p on p.id = r.product_id
              where r.id = t.release_id) || ' to ' || t.environment`,
  },
  notification: {
    table: "notifications",
    key: "id",
    label: `(select c.name from contacts c where c.id = t.contact_id) || ': '
            || (select p.title from patterns p where p.id = t.pattern_id)`,
  },
  brainstorm_session: {
    table: "brainstorm_sessions",
    key: "id",
    label: `t.kind || ' session, ' || to_char(t.scheduled_at at time zone 'UTC', 'YYYY-MM-DD')`,
  },
  // Whom a delivery is for: a notification's contact, or the one a customer link goes to.
  outbox: {
    table: "outbox",
    key: "id",
    label: `replace(t.kind, '_', ' ') || coalesce(' to ' || (select c.name from contacts c where c.id = coalesce(
              (select n.contact_id from notifications n where n.id = t.notification_id),
              case when t.kind = 'customer_link' then (t.payload->>'contactId')::uuid end)), '')`,
  },
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The labels of the entities these timeline events are about, in one statement however many events
 * and kinds (a branch of a `union all` per kind on the page, each reading its rows by key): a map from
 * `<entityType>:<entityId>` to the label. Entities since deleted have none. Only well-formed keys are
 * sent: an odd entity id is left unlabelled rather than failing the page.
 */
export async function timelineLabels(
  q: Pick<Queryable, "query">,
  events: readonly { entityType: string; entityId: string }[],
): Promise<Map<string, string>> {
  const wanted = new Map<string, Set<string>>();
  for (const { entityType, entityId } of events) {
    const spec = labels[entityType];
    const ok =
      entityType === "membership"
        ? entityId.split("/").length === 2 && entityId.split("/").every((part) => uuid.test(part))
        : spec && (spec.key === "name" || uuid.test(entityId));
    if (!ok) continue;
    const keys = wanted.get(entityType) ?? new Set<string>();
    keys.add(entityId);
    wanted.set(entityType, keys);
  }
  if (wanted.size === 0) return new Map();
  const branches: string[] = [];
  const params: string[][] = [];
  for (const [type, keys] of wanted) {
    params.push([...keys]);
    const param = `$${params.length}`;
    if (type === "membership") {
      // `<loop id>/<user id>`: a person in a loop, named even after they left it.
      branches.push(
        `select 'membership' as type, k as key, u.name || ' in ' || l.name as label
           from unnest(${param}::text[]) k
           join loops l on l.id = split_part(k, '/', 1)::uuid join users u on u.id = split_part(k, '/', 2)::uuid`,
      );
      continue;
    }
    const spec = labels[type] as Labelled;
    const cast = spec.key === "id" ? "uuid" : "text";
    branches.push(
      `select '${type}' as type, t.${spec.key}::text as key, ${spec.label} as label
         from ${spec.table} t where t.${spec.key} = any(${param}::${cast}[])`,
    );
  }
  const rows = await q.query<{ type: string; key: string; label: string | null }>(branches.join(" union all "), params);
  // Keys as the events hold them: ids in lower case, as PostgreSQL writes them (and the events store them).
  return new Map(rows.filter((row) => row.label).map((row) => [`${row.type}:${row.key}`, row.label as string]));
}
