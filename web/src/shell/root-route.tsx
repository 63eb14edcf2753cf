import type { QueryClient } from "@tanstack/react-query";
import { createRootRouteWithContext, Outlet } from "@tanstack/react-router";
import { AuthFrame } from "../auth/auth-frame";

/** What every route's loader and beforeLoad can reach. */
export interface RouterContext {
  queryClient: QueryClient;
}

/** The root of the route tree: public pages (sign-in, one-time links) and the workspace hang under it. */
export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  // In the frame of the pages before the workspace: the heading and its text together in one card, not
  // two rows of a full-height grid half a window apart.
  notFoundComponent: () => (
    <AuthFrame title="Not found">
      <p>
        There is no page here. <a href="/app/">Go to the workspace's home</a>.
      </p>
    </AuthFrame>
  ),
});
