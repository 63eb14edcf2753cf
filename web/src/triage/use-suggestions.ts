import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, unwrap } from "../api/client";
import type { components } from "../api/schema";
import { dropFromQueue } from "./use-triage";

/** A pattern the matcher suggests for a signal: its score (0–1) and the reasons a person can read. */
export type Suggestion = components["schemas"]["PatternSuggestion"];
/** A group of similar unattached signals the matcher proposes as a new pattern. */
export type Proposal = components["schemas"]["PatternProposal"];

/**
 * The suggestions for the one signal under the cursor (GET /signals/:id/suggestions): one request per
 * signal a person looks at, never one per row; kept a minute, so j/k back and forth asks once.
 */
export function useSuggestions(signalId: string | undefined) {
  return useQuery({
    // Under "signal": a live event about signals refreshes it (a new pattern, an attachment).
    queryKey: ["signal", "suggestions", signalId],
    enabled: Boolean(signalId),
    staleTime: 60_000,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/signals/{id}/suggestions", { params: { path: { id: signalId ?? "" } }, signal })),
  });
}

/** The proposals' query key: not an entity type, so a busy stream of live events does not recompute them. */
export const proposalsKey = ["pattern-proposals"] as const;

/**
 * New patterns the matcher proposes from the triage queue (GET /patterns/proposals): one request, again
 * every 30 s and after this page attaches signals — not on every live event (they group the newest 300).
 */
export function useProposals(enabled = true) {
  return useQuery({
    queryKey: proposalsKey,
    enabled,
    staleTime: 30_000,
    refetchInterval: 30_000,
    queryFn: ({ signal }) => unwrap(api.GET("/patterns/proposals", { signal })),
    select: (answer) => answer.items,
  });
}

/** A pattern made from a proposal: how many of its signals it took, and those on a pattern since. */
type AcceptedProposal = components["schemas"]["AcceptedProposal"];

/**
 * Accepts a proposal: the pattern is made with those of its signals still on no pattern, in one
 * transaction. Either way — made, or refused because every one was attached meanwhile — its signals have
 * left the queue and the proposals are read again.
 */
export function useAcceptProposal() {
  const queryClient = useQueryClient();
  const settle = (signalIds: string[]) => {
    dropFromQueue(queryClient, signalIds);
    queryClient.invalidateQueries({ queryKey: proposalsKey });
  };
  return useMutation({
    mutationFn: (input: { loopId: string; title: string; signalIds: string[] }) =>
      unwrap(api.POST("/patterns/proposals/accept", { body: input })),
    onSuccess: (_pattern, { signalIds }) => {
      settle(signalIds);
      queryClient.invalidateQueries({ queryKey: ["pattern"] });
    },
    onError: (error, { signalIds }) => {
      if (error instanceof ApiError && error.code === "signals_attached") settle(signalIds);
    },
  });
}

/** What accepting made, as the page says it: how many it took, and how many it left on other patterns. */
export function acceptedMessage(made: AcceptedProposal): string {
  const left = made.skipped.length;
  const taken = `Made the pattern “${made.title}” from ${made.attached} ${made.attached === 1 ? "signal" : "signals"}`;
  return left === 0
    ? `${taken}.`
    : `${taken}; ${left} ${left === 1 ? "was" : "were"} on another pattern already and stayed there.`;
}
