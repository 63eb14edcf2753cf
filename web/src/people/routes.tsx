import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { workspaceRoute } from "../shell/workspace-route";

/** The people area's screens (each page its own chunk, loaded when opened). */
export const peopleRoutes = [
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "people",
    component: lazyRouteComponent(() => import("./people-page"), "PeoplePage"),
  }),
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "people/$id",
    component: lazyRouteComponent(() => import("./contact-page"), "ContactPage"),
  }),
] as const;
