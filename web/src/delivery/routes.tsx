import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { workspaceRoute } from "../shell/workspace-route";

/** The delivery area's screens (each page its own chunk, loaded when opened). */
export const deliveryRoutes = [
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "delivery",
    component: lazyRouteComponent(() => import("./delivery-page"), "DeliveryPage"),
  }),
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "releases/$id",
    component: lazyRouteComponent(() => import("./release-page"), "ReleasePage"),
  }),
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "deployments/$id",
    component: lazyRouteComponent(() => import("./deployment-page"), "DeploymentPage"),
  }),
] as const;
