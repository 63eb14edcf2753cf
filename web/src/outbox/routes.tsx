import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { workspaceRoute } from "../shell/workspace-route";

/** The outbox's tabs past All, each a deep link (/app/outbox?status=dead). */
export const deliveryStatuses = ["pending", "sending", "delivered", "dead", "cancelled"] as const;
type Status = (typeof deliveryStatuses)[number];

/** The outbox area's screens (each page its own chunk, loaded when opened). */
export const outboxRoutes = [
  createRoute({
    getParentRoute: () => workspaceRoute,
    path: "outbox",
    validateSearch: (search: Record<string, unknown>): { status?: Status } => {
      const status = deliveryStatuses.find((s) => s === search.status);
      return status ? { status } : {};
    },
    component: lazyRouteComponent(() => import("./outbox-page"), "OutboxPage"),
  }),
] as const;
