import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { workspaceRoute } from "../shell/workspace-route";

/** The improvements area's screens (each page its own chunk, loaded when opened). */
export const improvementsRoutes = [
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "improvements",
    component: lazyRouteComponent(() => import("./improvements-page"), "ImprovementsPage"),
  }),
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "improvements/$id",
    component: lazyRouteComponent(() => import("./improvement-page"), "ImprovementPage"),
  }),
] as const;
