import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { rootRoute } from "../shell/root-route";

/** Sign-in, and the pages one-time links open (the links in emails land here through the server's redirect). */
export const authRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: "sign-in",
    validateSearch: (search: Record<string, unknown>): { next?: string } => ({
      next: typeof search.next === "string" ? search.next : undefined,
    }),
    component: lazyRouteComponent(() => import("./sign-in-page"), "SignInPage"),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "setup/$token",
    component: lazyRouteComponent(() => import("./one-time-link-page"), "SetupPage"),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "invitations/$token",
    component: lazyRouteComponent(() => import("./one-time-link-page"), "InvitationPage"),
  }),
] as const;
