import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { workspaceRoute } from "../shell/workspace-route";

/** The trace area's screens (each page its own chunk, loaded when opened). */
export const traceRoutes = [
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "trace",
    component: lazyRouteComponent(() => import("./trace-page"), "TracePage"),
  }),
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "trace/$type/$id",
    component: lazyRouteComponent(() => import("./entity-trace-page"), "EntityTracePage"),
  }),
] as const;
