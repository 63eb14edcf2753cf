import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { workspaceRoute } from "../shell/workspace-route";

/** The parts of settings, each a deep link (/app/settings?section=tokens). */
export const sections = ["loops", "members", "tokens", "channels", "environments", "matcher", "users"] as const;
export type Section = (typeof sections)[number];

/** The settings area's screens (each page its own chunk, loaded when opened). */
export const settingsRoutes = [
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "settings",
    validateSearch: (search: Record<string, unknown>): { section?: Section } => {
      const section = sections.find((s) => s === search.section);
      return section ? { section } : {};
    },
    component: lazyRouteComponent(() => import("./settings-page"), "SettingsPage"),
  }),
] as const;
