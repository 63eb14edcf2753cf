import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { workspaceRoute } from "../shell/workspace-route";

/** The knowledge area's screens (each page its own chunk, loaded when opened). */
export const knowledgeRoutes = [
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "patterns",
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
