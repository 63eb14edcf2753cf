import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { workspaceRoute } from "../shell/workspace-route";
import { cutText } from "../ui/format";
import type { PatternFilters } from "./use-knowledge";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const statuses = ["open", "addressed", "dismissed"] as const;
const anId = (value: unknown) => (typeof value === "string" && uuid.test(value) ? value : undefined);

// The longest q the API takes (UTF-16 code units, as it counts them: services/search.ts).
const searchLength = 200;

/** Words typed to search, trimmed and cut to what the API takes, never inside an emoji; none when blank. */
export function searchWords(value: unknown): string | undefined {
  // Trimmed after the cut too: the same words again give the same q (the search box compares them).
  const words = typeof value === "string" ? cutText(value.trim(), searchLength).trim() : "";
  return words || undefined;
}

/** The knowledge base's filters from its URL: anything unknown is dropped, so a bad link shows everything. */
export function patternFilters(search: Record<string, unknown>): PatternFilters {
  const status = statuses.find((s) => s === search.status);
  const filters: PatternFilters = {
    loopId: anId(search.loopId),
    status,
    channelId: anId(search.channelId),
    productId: anId(search.productId),
    q: searchWords(search.q),
  };
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as PatternFilters;
}

/** The knowledge area's screens (each page its own chunk, loaded when opened). */
export const knowledgeRoutes = [
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "patterns",
    validateSearch: patternFilters,
    component: lazyRouteComponent(() => import("./patterns-page"), "PatternsPage"),
  }),
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "patterns/$id",
    component: lazyRouteComponent(() => import("./pattern-page"), "PatternPage"),
  }),
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "signals/$id",
    component: lazyRouteComponent(() => import("./signal-page"), "SignalPage"),
  }),
] as const;
