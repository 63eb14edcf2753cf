import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { snapbackKey } from "../api/live-keys";

/** One timeline event as GET /timeline answers it. */
type Event = { id: number; entityType: string; entityId: string; verb: string; after?: unknown };

/** What one deployment's snapback did, from the timeline events that carry its id (after.deploymentId). */
export interface SnapbackDid {
  versions: string[];
  pullRequests: string[];
  issues: string[];
  improvements: string[];
  patterns: string[];
  /** More events than were read: the counts are a floor. */
  truncated: boolean;
}

// A snapback writes a few events plus one per person told: 10 pages of 1,000 is far beyond a usual one.
const pages = 10;

const reasonOf = (event: Event) =>
  typeof event.after === "object" && event.after !== null ? (event.after as { reason?: unknown }).reason : undefined;

/** The forward moves of a deployment's own snapback (not what a rollback of it took back), by kind. */
function snapbackDid(events: Event[], truncated: boolean): SnapbackDid {
  const moved = (entityType: string, verb: string) => [
    ...new Set(
      events
        .filter((e) => e.entityType === entityType && e.verb === verb && reasonOf(e) === "deployed")
        .map((e) => e.entityId),
    ),
  ];
  return {
    versions: [
      ...new Set(events.filter((e) => e.entityType === "version" && e.verb === "released").map((e) => e.entityId)),
    ],
    pullRequests: moved("pull_request", "ship"),
    issues: moved("issue", "resolve"),
    improvements: moved("improvement", "complete"),
    patterns: moved("pattern", "address"),
    truncated,
  };
}

/**
 * GET /timeline?deploymentId=: the deployment's events, found through their own index (a few pages at
 * most). Whom it told is the deployment's notifications (the page lists them), not counted here. Its key
 * is made stale only by the events that carry this deployment's id (api/live.ts).
 */
export function useDeploymentSnapback(id: string, enabled: boolean) {
  return useQuery({
    queryKey: snapbackKey(id),
    enabled,
    queryFn: async ({ signal }) => {
      const events: Event[] = [];
      let after: number | undefined;
      for (let page = 0; page < pages; page++) {
        const answer = await unwrap(
          api.GET("/timeline", { params: { query: { deploymentId: id, limit: 1000, after } }, signal }),
        );
        events.push(...(answer.items as Event[]));
        if (answer.nextCursor === null) return snapbackDid(events, false);
        after = Number(answer.nextCursor);
      }
      return snapbackDid(events, true);
    },
  });
}
