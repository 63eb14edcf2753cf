import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { workspaceRoute } from "../shell/workspace-route";
import type { PatternFilters } from "./use-knowledge";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const statuses = ["open", "addressed", "dismissed"] as const;
const anId = (value: unknown) => (typeof value === "string" && uuid.test(value) ? value : undefined);

/** The knowledge base's filters from its URL: anything unknown is dropped, so a bad link shows everything. */
export function patternFilters(search: Record<string, unknown>): PatternFilters {
  const status = statuses.find((s) => s === search.status);
  const filters: PatternFilters = {
    loopId: anId(search.loopId),
    status,
    channelId: anId(search.channelId),
    productId: anId(search.productId),
    q: typeof search.q === "string" && search.q.trim() ? search.q.trim().slice(0, 200) : undefined,
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
