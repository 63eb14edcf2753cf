import type { QueryClient } from "@tanstack/react-query";
import { createRootRouteWithContext, Outlet } from "@tanstack/react-router";

/** What every route's loader and beforeLoad can reach. */
export interface RouterContext {
  queryClient: QueryClient;
}

/** The root of the route tree: public pages (sign-in, one-time links) and the workspace hang under it. */
export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: () => (
    <main className="centered">
      <h1>Not found</h1>
      <p>
        There is no page here. <a href="/app/">Go to the loop's home</a>.
      </p>
    </main>
  ),
});
