import { useQueries, useQuery } from "@tanstack/react-query";
import { useProducts } from "../api/catalog";
import { api, unwrap } from "../api/client";
import type { components } from "../api/schema";

type Improvement = components["schemas"]["Improvement"];
type Deployment = components["schemas"]["Deployment"];
const loopFilter = (loopId: string | null) => (loopId ? { loopId } : {});

/**
 * The open patterns with the highest priority, each with its newest signals (at most 100: enough for a
 * 30-day trend of all but the busiest patterns, in one request).
 */
export function useTopPatterns(loopId: string | null) {
  return useQuery({
    queryKey: ["pattern", "top", loopId],
    queryFn: () =>
      unwrap(
        api.GET("/patterns", {
          params: {
            query: {
              sort: "priority",
              status: "open",
              limit: 8,
              include: "signals",
              signalLimit: 100,
              ...loopFilter(loopId),
            },
          },
        }),
      ),
  });
}

/** The newest six signals attached to no pattern (the triage queue's head), of the loop's channels when one is chosen. */
export function useWaitingSignals(loopId: string | null) {
  const signals = useQuery({
    queryKey: ["signal", "waiting", loopId],
    queryFn: () =>
      unwrap(
        api.GET("/signals", {
          params: { query: { limit: 6, attached: "false", ...(loopId ? { loopId } : {}) } },
        }),
      ),
  });
  return { isPending: signals.isPending, error: signals.error, items: signals.data?.items ?? [] };
}

/** Improvement statuses in the board's order; approved and in progress are the work in progress. */
export const improvementStatuses = ["proposed", "approved", "in_progress", "completed", "rejected"] as const;

/** Improvements per status (one page of 500, newest first; "500+" when there are more). */
export function useImprovementSummary(loopId: string | null) {
  return useQuery({
    queryKey: ["improvement", "summary", loopId],
    queryFn: () => unwrap(api.GET("/improvements", { params: { query: { limit: 500, ...loopFilter(loopId) } } })),
    select: (page) => {
      const byStatus = new Map<Improvement["status"], Improvement[]>();
      for (const item of page.items) byStatus.set(item.status, [...(byStatus.get(item.status) ?? []), item]);
      return { byStatus, more: page.nextCursor !== null };
    },
  });
}

/**
 * The newest deployment per environment (of the loop's products) and, for each, how many people its
 * snapback told (its notifications not cancelled): one request for the deployments, one per environment shown.
 */
export function useLatestDeployments(loopId: string | null) {
  const products = useProducts();
  const deployments = useQuery({
    queryKey: ["deployment", "recent"],
    queryFn: () => unwrap(api.GET("/deployments", { params: { query: { limit: 200 } } })),
  });
  const latest = new Map<string, Deployment>();
  for (const d of deployments.data?.items ?? []) {
    if (loopId && products.data?.get(d.productId)?.loopId !== loopId) continue;
    if (!latest.has(d.environment)) latest.set(d.environment, d);
  }
  const shown = [...latest.values()].slice(0, 8);
  const told = useQueries({
    queries: shown.map((d) => ({
      queryKey: ["notification", "deployment", d.id],
      queryFn: () =>
        unwrap(api.GET("/notifications", { params: { query: { deploymentId: d.id, limit: 500 } } })).then((page) => ({
          // Told: queued or sent. One a rollback cancelled before it was sent told nobody.
          count: page.items.filter((n) => n.status !== "cancelled").length,
          more: page.nextCursor !== null,
        })),
    })),
  });
  return {
    isPending: deployments.isPending,
    error: deployments.error,
    items: shown.map((deployment, i) => ({
      deployment,
      product: products.data?.get(deployment.productId),
      told: told[i]?.data,
    })),
  };
}

/** The last releases (of the loop's products). */
export function useRecentReleases(loopId: string | null) {
  const products = useProducts();
  const releases = useQuery({
    queryKey: ["release", "recent"],
    queryFn: () => unwrap(api.GET("/releases", { params: { query: { limit: 50 } } })),
  });
  const items = (releases.data?.items ?? [])
    .filter((r) => !loopId || products.data?.get(r.productId)?.loopId === loopId)
    .slice(0, 5)
    .map((release) => ({ release, product: products.data?.get(release.productId) }));
  return { isPending: releases.isPending, error: releases.error, items };
}

/** How fast the loop turns over the last 90 days: the signal-to-snapback lead time first. */
export function useLoopMetrics(loopId: string | null) {
  return useQuery({
    queryKey: ["home", "metrics", loopId],
    queryFn: () => unwrap(api.GET("/metrics", { params: { query: { days: 90, ...loopFilter(loopId) } } })),
  });
}
