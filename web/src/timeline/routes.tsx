import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { workspaceRoute } from "../shell/workspace-route";

/** The timeline area's screens (each page its own chunk, loaded when opened). */
export const timelineRoutes = [
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "timeline",
    component: lazyRouteComponent(() => import("./timeline-page"), "TimelinePage"),
  }),
] as const;
