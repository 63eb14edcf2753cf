import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { workspaceRoute } from "../shell/workspace-route";

/** The outbox area's screens (each page its own chunk, loaded when opened). */
export const outboxRoutes = [
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "outbox",
    component: lazyRouteComponent(() => import("./outbox-page"), "OutboxPage"),
  }),
] as const;
