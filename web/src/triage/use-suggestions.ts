import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
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

/** Accepts a proposal: the pattern is made with its signals attached, in one transaction. */
export function useAcceptProposal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { loopId: string; title: string; signalIds: string[] }) =>
      unwrap(api.POST("/patterns/proposals/accept", { body: input })),
    onSuccess: (_pattern, { signalIds }) => {
      dropFromQueue(queryClient, signalIds);
      queryClient.invalidateQueries({ queryKey: ["pattern"] });
      queryClient.invalidateQueries({ queryKey: proposalsKey });
    },
  });
}

/** A score as people read it: a percentage. */
export const percent = (score: number) => `${Math.round(score * 100)}%`;
