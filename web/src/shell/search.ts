import { api, unwrap } from "../api/client";
import { cutText } from "../ui/format";

/** One thing the command palette can jump to. */
export interface Hit {
  kind: string;
  id: string;
  title: string;
  /** The workspace path that shows it. */
  to: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where each kind of entity is shown in the workspace. */
const pageOf: Record<string, (id: string) => string> = {
  signal: (id) => `/signals/${id}`,
  pattern: (id) => `/patterns/${id}`,
  improvement: (id) => `/improvements/${id}`,
  contact: (id) => `/people/${id}`,
  deployment: (id) => `/deployments/${id}`,
  release: (id) => `/releases/${id}`,
};

// Looked up by id: the kinds a pasted id most often is (a bounded six reads, a miss is a 404).
const byId = ["patterns", "improvements", "signals", "contacts", "deployments", "releases"] as const;
const kindOf = (path: string) => (path === "contacts" ? "contact" : path.slice(0, -1));

type Row = Record<string, unknown>;
const titleOf = (row: Row, id: string) =>
  (["title", "name", "releaseName", "email"].map((k) => row[k]).find((v) => typeof v === "string") as
    | string
    | undefined) ?? id;

// The longest q the API takes (UTF-16 code units, as it counts them).
const searchLength = 200;

/**
 * What the command palette finds for a query: a pasted id is looked up in each kind; words go to
 * `GET /search` (signals, patterns, improvements, contacts, releases and deployments ranked together by
 * the API); words past the API's 200 characters are left out.
 */
export async function searchEntities(query: string, signal?: AbortSignal): Promise<Hit[]> {
  const q = cutText(query.trim(), searchLength);
  // Nothing to search for in "%%" or "🙈" (the API refuses a q without a letter or digit): nothing matches.
  if (!/[\p{L}\p{N}]/u.test(q)) return [];
  if (uuid.test(q)) {
    const found = await Promise.all(
      byId.map(async (path) => {
        const response = await fetch(`/${path}/${q}`, { credentials: "same-origin", signal });
        return response.ok ? { kind: kindOf(path), row: (await response.json()) as Row } : undefined;
      }),
    );
    return found.flatMap((f) =>
      f ? [{ kind: f.kind, id: q, title: titleOf(f.row, q), to: pageOf[f.kind]?.(q) ?? "/" }] : [],
    );
  }
  const { items } = await unwrap(api.GET("/search", { params: { query: { q, limit: 12 } }, signal }));
  return items.flatMap((hit) => {
    const to = pageOf[hit.type]?.(hit.id);
    return to ? [{ kind: hit.type, id: hit.id, title: hit.title, to }] : [];
  });
}
