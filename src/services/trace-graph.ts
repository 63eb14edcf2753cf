import type { Queryable } from "../db/connect.js";

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
/** Everything a trace shows: the chain, and the people told and what they were told. */
export type NodeType = ChainLevel | "contact" | "notification";

/**
 * How two items of a trace link, read "from <relation> to": a signal attached_to a pattern, … a release
 * deployed_as a deployment; a version released_by the deployment that first made it live in its
 * product; a contact sent a signal; a deployment queued a notification, which answers a signal (the
 * thread it replies in), is about a pattern and goes to a contact.
 */
export type Relation =
  | "attached_to"
  | "addressed_by"
  | "implemented_by"
  | "fixed_by"
  | "merged_into"
  | "included_in"
  | "deployed_as"
  | "released_by"
  | "sent"
  | "queued"
  | "answers"
  | "about"
  | "to";

export interface Edge {
  from: string;
  to: string;
  relation: Relation;
}

/** One item of a trace, the same shape whatever its type. */
export interface TraceNode {
  type: NodeType;
  id: string;
  title: string;
  status: string | null;
  at: unknown;
}

/** The link between one level of the chain and the next, stored as two columns of one table. */
interface Link {
  table: string;
  earlier: string;
  later: string;
  relation: Relation;
}

/** From each level to the next one towards deployments. */
export const links: Record<Exclude<ChainLevel, "deployment">, Link> = {
  signal: { table: "signal_patterns", earlier: "signal_id", later: "pattern_id", relation: "attached_to" },
  pattern: { table: "improvement_patterns", earlier: "pattern_id", later: "improvement_id", relation: "addressed_by" },
  improvement: { table: "issues", earlier: "improvement_id", later: "id", relation: "implemented_by" },
  issue: { table: "pull_request_issues", earlier: "issue_id", later: "pull_request_id", relation: "fixed_by" },
  pull_request: {
    table: "version_pull_requests",
    earlier: "pull_request_id",
    later: "version_id",
    relation: "merged_into",
  },
  version: { table: "release_versions", earlier: "version_id", later: "release_id", relation: "included_in" },
  release: { table: "deployments", earlier: "release_id", later: "id", relation: "deployed_as" },
};

/** A link's pairs as (earlier, later), found from either end; `where` may add conditions on alias l. */
export function linkSql(link: Link, from: "earlier" | "later", where = ""): string {
  return `select l.${link.earlier} as earlier, l.${link.later} as later from ${link.table} l
           where l.${link[from]} = any($1::uuid[])${where} limit $2`;
}

/** The items found so far, at most `limit` of each type, and how they link. */
export class Found {
  readonly sets = new Map<NodeType, Set<string>>();
  readonly edges = new Map<string, Edge>();
  readonly truncated = new Set<NodeType>();
  /** Rows already read whole, in id order (snake_case, as the database answers). */
  readonly read = new Map<NodeType, Record<string, unknown>[]>();
  constructor(readonly limit: number) {}
  ids(type: NodeType): string[] {
    return [...(this.sets.get(type) ?? [])];
  }
  add(type: NodeType, ids: unknown[]): void {
    const set = this.sets.get(type) ?? new Set<string>();
    this.sets.set(type, set);
    for (const id of ids) {
      if (typeof id !== "string" || set.has(id)) continue;
      if (set.size >= this.limit) {
        this.truncated.add(type);
        return;
      }
      set.add(id);
    }
  }
  link(from: unknown, to: unknown, relation: Edge["relation"]): void {
    if (typeof from === "string" && typeof to === "string") {
      this.edges.set(`${from} ${relation} ${to}`, { from, to, relation });
    }
  }
  /** Follows the link between `level` and the next (or previous) level of the chain. */
  async step(q: Queryable, level: ChainLevel, towards: "earlier" | "later", where = "", extra: unknown[] = []) {
    const at = chain.indexOf(level);
    const other = chain[towards === "later" ? at + 1 : at - 1] as ChainLevel;
    const link = links[(towards === "later" ? level : other) as Exclude<ChainLevel, "deployment">];
    const from = this.ids(level);
    if (from.length === 0) return;
    // Bounded: pairs beyond a few per item are cut (and the type marked truncated).
    const cap = this.limit * 4;
    const pairs = await q.query<{ earlier: string | null; later: string }>(
      linkSql(link, towards === "later" ? "earlier" : "later", where),
      [from, cap, ...extra],
    );
    if (pairs.length === cap) this.truncated.add(other);
    this.add(
      other,
      pairs.map((p) => (towards === "later" ? p.later : p.earlier)),
    );
    for (const p of pairs) this.link(p.earlier, p.later, link.relation);
  }
}
