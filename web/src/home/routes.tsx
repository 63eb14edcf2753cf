import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { workspaceRoute } from "../shell/workspace-route";

/** The home area's screens (each page its own chunk, loaded when opened). */
export const homeRoutes = [
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "/",
    component: lazyRouteComponent(() => import("./home-page"), "HomePage"),
  }),
] as const;
