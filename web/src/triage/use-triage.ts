import { type InfiniteData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import type { components } from "../api/schema";

/** A signal as the API presents it. */
export type Signal = components["schemas"]["Signal"];
type Page = { items: Signal[]; nextCursor: string | null };
const queueKey = ["signal", "triage"] as const;

/**
 * The triage queue: signals attached to no pattern, newest first, 200 a page, more as the list scrolls;
 * with a loop chosen, the signals of its channels (`loopId`: not picked from pages of every loop's).
 */
export function useTriageQueue(loopId: string | null) {
  return useInfiniteQuery({
    queryKey: [...queueKey, loopId ?? "every loop"],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/signals", {
          // `attached=false`: the triage filter of GET /signals.
          params: {
            query: {
              limit: 200,
              attached: "false",
              ...(loopId ? { loopId } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            } as { limit: number },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Patterns whose title matches what is typed, best first (GET /patterns?q=, ranked by the API). */
export function usePatternSearch(text: string) {
  const q = text.trim();
  return useQuery({
    queryKey: ["pattern", "search", q],
    enabled: q.length > 0,
    staleTime: 10_000,
    queryFn: ({ signal }) => unwrap(api.GET("/patterns", { params: { query: { q, limit: 8 } }, signal })),
    select: (page) => page.items,
  });
}

/** Takes signals out of the loaded queue at once (they were attached): the list does not wait for a refetch. */
export function dropFromQueue(queryClient: ReturnType<typeof useQueryClient>, ids: string[]) {
  const gone = new Set(ids);
  // Every loop's view of the queue: the signal is gone from each.
  queryClient.setQueriesData<InfiniteData<Page>>(
    { queryKey: queueKey },
    (data) =>
      data && { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((s) => !gone.has(s.id)) })) },
  );
}

/** Attaches signals to a pattern (POST /patterns/:id/signals). */
export function useAttachSignals() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patternId, signalIds }: { patternId: string; signalIds: string[] }) =>
      unwrap(
        api.POST("/patterns/{id}/signals", { params: { path: { id: patternId } }, body: { signalIds, score: 1 } }),
      ),
    onSuccess: (_pattern, { signalIds }) => {
      dropFromQueue(queryClient, signalIds);
      queryClient.invalidateQueries({ queryKey: ["pattern"] });
      // Attached signals leave the proposals they were in (use-suggestions.ts: proposalsKey).
      queryClient.invalidateQueries({ queryKey: ["pattern-proposals"] });
    },
  });
}

/**
 * Takes a signal off a pattern (DELETE /patterns/:id/signals/:signalId): undoes an attachment, the
 * matcher's too; the signal waits in the triage queue again when it is on no other pattern.
 */
export function useDetachSignal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patternId, signalId }: { patternId: string; signalId: string }) =>
      unwrap(api.DELETE("/patterns/{id}/signals/{signalId}", { params: { path: { id: patternId, signalId } } })),
    onSuccess: () =>
      Promise.all(
        [["signal"], ["pattern"], ["pattern-proposals"]].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      ),
  });
}
