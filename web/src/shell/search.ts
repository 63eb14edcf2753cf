/** One thing the command palette can jump to. */
export interface Hit {
  kind: "pattern" | "improvement" | "signal" | "contact" | "deployment" | "release";
  id: string;
  title: string;
  /** The workspace path that shows it. */
  to: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Row = Record<string, unknown> & { id: string };
const text = (row: Row, ...keys: string[]) => keys.map((k) => row[k]).find((v) => typeof v === "string") as string;

const kinds: { kind: Hit["kind"]; path: string; to: (id: string) => string; title: (row: Row) => string }[] = [
  { kind: "pattern", path: "/patterns", to: (id) => `/patterns/${id}`, title: (r) => text(r, "title") },
  { kind: "improvement", path: "/improvements", to: (id) => `/improvements/${id}`, title: (r) => text(r, "title") },
  { kind: "signal", path: "/signals", to: (id) => `/signals/${id}`, title: (r) => text(r, "title", "body") },
  { kind: "contact", path: "/contacts", to: (id) => `/people/${id}`, title: (r) => text(r, "name", "email") },
  {
    kind: "deployment",
    path: "/deployments",
    to: (id) => `/deployments/${id}`,
    title: (r) => text(r, "environment", "id"),
  },
  { kind: "release", path: "/releases", to: (id) => `/releases/${id}`, title: (r) => text(r, "name", "version", "id") },
];

const routeOf: Record<string, (id: string) => string> = {
  signal: (id) => `/signals/${id}`,
  pattern: (id) => `/patterns/${id}`,
  improvement: (id) => `/improvements/${id}`,
  contact: (id) => `/people/${id}`,
};

/**
 * What the command palette finds for a query: an id is looked up in each kind (a bounded six reads);
 * words go to `GET /search` (signals, patterns, improvements and contacts ranked together), or, on a
 * server without it, to the pattern and improvement lists' `q`.
 */
export async function searchEntities(query: string, signal?: AbortSignal): Promise<Hit[]> {
  const q = query.trim();
  if (!q) return [];
  // The generic client: these paths differ only by name, and a miss (404) is an answer here, not an error.
  const get = async (path: string, params: Record<string, string | number> = {}) => {
    const url = `${path}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`;
    const response = await fetch(url, { credentials: "same-origin", signal });
    return response.ok ? ((await response.json()) as unknown) : undefined;
  };
  if (uuid.test(q)) {
    const found = await Promise.all(
      kinds.map(async (k) => ({ k, row: (await get(`${k.path}/${q}`)) as Row | undefined })),
    );
    return found
      .filter((f) => f.row)
      .map(({ k, row }) => ({ kind: k.kind, id: q, title: k.title(row as Row) ?? q, to: k.to(q) }));
  }
  const ranked = (await get("/search", { q, limit: 12 })) as
    | { items: { type: string; id: string; title: string }[] }
    | undefined;
  if (ranked) {
    return ranked.items
      .filter((hit) => routeOf[hit.type])
      .map((hit) => ({
        kind: hit.type as Hit["kind"],
        id: hit.id,
        title: hit.title,
        to: routeOf[hit.type]?.(hit.id) ?? "/",
      }));
  }
  const lower = q.toLowerCase();
  const lists = await Promise.all(
    kinds.slice(0, 2).map(async (k) => {
      const page = (await get(k.path, { q, limit: 8 })) as { items: Row[] } | undefined;
      return (
        (page?.items ?? [])
          // Until every list filters by q on the server, keep only what matches the words.
          .filter((row) => `${k.title(row)} ${text(row, "slug") ?? ""}`.toLowerCase().includes(lower))
          .map((row) => ({ kind: k.kind, id: row.id, title: k.title(row), to: k.to(row.id) }))
      );
    }),
  );
  return lists.flat();
}
