import { type QueryKey, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, unwrap } from "../api/client";
import type { components } from "../api/schema";

export type Improvement = components["schemas"]["Improvement"];
export type ImprovementStatus = Improvement["status"];
type Page = { items: Improvement[]; nextCursor: string | null };

/** The board's columns, in the order work moves through them. */
export const columns: { status: ImprovementStatus; label: string }[] = [
  { status: "proposed", label: "Proposed" },
  { status: "approved", label: "Approved" },
  { status: "in_progress", label: "In progress" },
  { status: "completed", label: "Completed" },
  { status: "rejected", label: "Rejected" },
];

/** Cards a column shows at most; its count says when there are more. */
export const columnLimit = 100;

const boardKey = (loopId: string | null, status: ImprovementStatus): QueryKey => [
  "improvement",
  "board",
  loopId,
  status,
];

/** The board: one request per column (five in all), each the column's newest 100. */
export function useBoard(loopId: string | null) {
  return useQueries({
    queries: columns.map(({ status }) => ({
      queryKey: boardKey(loopId, status),
      queryFn: () =>
        unwrap(
          api.GET("/improvements", {
            params: { query: { status, limit: columnLimit, ...(loopId ? { loopId } : {}) } },
          }),
        ),
    })),
  });
}

/**
 * Moves an improvement to another column: the card moves at once, the API (the state machine) decides;
 * a refusal puts the card back where it was and its message is the error.
 */
export function useMove(loopId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ improvement, to }: { improvement: Improvement; to: ImprovementStatus }) =>
      unwrap(api.PATCH("/improvements/{id}", { params: { path: { id: improvement.id } }, body: { status: to } })),
    onMutate: async ({ improvement, to }) => {
      const from = boardKey(loopId, improvement.status);
      const into = boardKey(loopId, to);
      await queryClient.cancelQueries({ queryKey: ["improvement", "board"] });
      const before = { from: queryClient.getQueryData<Page>(from), into: queryClient.getQueryData<Page>(into) };
      queryClient.setQueryData<Page>(from, (page) =>
        page ? { ...page, items: page.items.filter((i) => i.id !== improvement.id) } : page,
      );
      queryClient.setQueryData<Page>(into, (page) =>
        page ? { ...page, items: [{ ...improvement, status: to }, ...page.items] } : page,
      );
      return { from, into, before };
    },
    onError: (_error, _move, context) => {
      // Snap back: the columns as they were before the drag.
      if (!context) return;
      queryClient.setQueryData(context.from, context.before.from);
      queryClient.setQueryData(context.into, context.before.into);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["improvement"] }),
  });
}

/** The message to show for a refused move. */
export const refusal = (error: unknown) =>
  error instanceof ApiError ? error.message : error instanceof Error ? error.message : "The move failed.";

/** One improvement. */
export function useImprovement(id: string) {
  return useQuery({
    queryKey: ["improvement", "one", id],
    queryFn: () => unwrap(api.GET("/improvements/{id}", { params: { path: { id } } })),
  });
}

/** Changes an improvement's why, what or how (or its title, or its status: the API's state machine decides). */
export function useEditImprovement(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<Pick<Improvement, "title" | "why" | "what" | "how" | "status">>) =>
      unwrap(api.PATCH("/improvements/{id}", { params: { path: { id } }, body })),
    onSuccess: (improvement) => {
      queryClient.setQueryData(["improvement", "one", id], improvement);
      queryClient.invalidateQueries({ queryKey: ["improvement"] });
    },
  });
}
