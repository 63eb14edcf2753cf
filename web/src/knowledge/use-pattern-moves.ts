import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import type { components } from "../api/schema";

/** What a merge or split moves (counts, and up to 20 of the moved signals). */
export type MovePreview = components["schemas"]["PatternMovePreview"];
/** A pattern's priority explained: each factor, its rank, velocity and the emerging flag. */
export type PatternPriority = components["schemas"]["PatternPriority"];

/** Why a pattern ranks where it does (GET /patterns/:id/priority): one request for the page. */
export function usePatternPriority(id: string | undefined) {
  return useQuery({
    queryKey: ["pattern", "priority", id],
    enabled: Boolean(id),
    staleTime: 30_000,
    queryFn: ({ signal }) => unwrap(api.GET("/patterns/{id}/priority", { params: { path: { id: id ?? "" } }, signal })),
  });
}

/** The merges and splits a pattern took part in, newest first. */
export function usePatternMoves(id: string) {
  return useQuery({
    queryKey: ["pattern", "moves", id],
    queryFn: ({ signal }) => unwrap(api.GET("/patterns/{id}/moves", { params: { path: { id } }, signal })),
    select: (answer) => answer.items,
  });
}

/** Merges a pattern into another; with preview: true the API only counts what would move. */
export function useMergePattern(sourceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { targetId: string; preview: boolean }) =>
      unwrap(api.POST("/patterns/{id}/merge", { params: { path: { id: sourceId } }, body: input })),
    onSuccess: (_answer, { preview }) => {
      if (!preview) invalidateMoved(queryClient);
    },
  });
}

/** Splits signals off a pattern into a new one; with preview: true only counts. */
export function useSplitPattern(sourceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { signalIds: string[]; title: string; preview: boolean }) =>
      unwrap(api.POST("/patterns/{id}/split", { params: { path: { id: sourceId } }, body: input })),
    onSuccess: (_answer, { preview }) => {
      if (!preview) invalidateMoved(queryClient);
    },
  });
}

/** Undoes a merge or split: every attachment and improvement link goes back as it was, but for signalsLeft. */
export function useUndoMove() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (moveId: string) => unwrap(api.POST("/pattern-moves/{id}/undo", { params: { path: { id: moveId } } })),
    onSuccess: () => invalidateMoved(queryClient),
  });
}

// A move changes patterns, their signals and what their traces show.
function invalidateMoved(queryClient: ReturnType<typeof useQueryClient>) {
  for (const type of ["pattern", "signal", "trace", "timeline"]) queryClient.invalidateQueries({ queryKey: [type] });
}
