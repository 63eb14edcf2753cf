import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { workspaceRoute } from "../shell/workspace-route";

/** The settings area's screens (each page its own chunk, loaded when opened). */
export const settingsRoutes = [
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "settings",
    component: lazyRouteComponent(() => import("./settings-page"), "SettingsPage"),
  }),
] as const;
