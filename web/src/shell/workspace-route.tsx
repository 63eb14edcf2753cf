import { createRoute, redirect } from "@tanstack/react-router";
import { sessionQuery } from "../api/session";
import { Layout } from "./layout";
import { rootRoute } from "./root-route";

/** Every screen of the workspace: only for someone signed in (else the sign-in page, then back here). */
export const workspaceRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "workspace",
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (!session) throw redirect({ to: "/sign-in", search: { next: location.href } });
    return { session };
  },
  component: Layout,
});
