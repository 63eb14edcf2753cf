import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { workspaceRoute } from "../shell/workspace-route";

/** The triage area's screens (each page its own chunk, loaded when opened). */
export const triageRoutes = [
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "triage",
    component: lazyRouteComponent(() => import("./triage-page"), "TriagePage"),
  }),
] as const;
