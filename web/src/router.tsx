import { createRouter } from "@tanstack/react-router";
import { queryClient } from "./api/query-client";
import { authRoutes } from "./auth/routes";
import { deliveryRoutes } from "./delivery/routes";
import { homeRoutes } from "./home/routes";
import { improvementsRoutes } from "./improvements/routes";
import { knowledgeRoutes } from "./knowledge/routes";
import { outboxRoutes } from "./outbox/routes";
import { peopleRoutes } from "./people/routes";
import { settingsRoutes } from "./settings/routes";
import { rootRoute } from "./shell/root-route";
import { RouteError } from "./shell/route-error";
import { workspaceRoute } from "./shell/workspace-route";
import { timelineRoutes } from "./timeline/routes";
import { traceRoutes } from "./trace/routes";
import { triageRoutes } from "./triage/routes";

// A new screen is one folder with its routes.tsx, and one line here.
const routeTree = rootRoute.addChildren([
  ...authRoutes,
  workspaceRoute.addChildren([
    ...homeRoutes,
    ...triageRoutes,
    ...knowledgeRoutes,
    ...improvementsRoutes,
    ...deliveryRoutes,
    ...traceRoutes,
    ...timelineRoutes,
    ...peopleRoutes,
    ...outboxRoutes,
    ...settingsRoutes,
  ]),
]);

/** The workspace's router: every page has a deep link under /app/. */
export const router = createRouter({
  routeTree,
  basepath: "/app",
  context: { queryClient },
  defaultPreload: "intent",
  scrollRestoration: true,
  // A screen that fails shows why where it would be (the navigation stays), with Reload or Try again.
  defaultErrorComponent: RouteError,
});

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
