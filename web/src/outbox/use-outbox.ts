import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import type { components } from "../api/schema";

export type Delivery = components["schemas"]["OutboxEntry"];
export type DeliveryStatus = Delivery["status"];

/** The outbox newest first, one status or all, 100 a page. */
export function useOutbox(status: DeliveryStatus | undefined) {
  return useInfiniteQuery({
    // "outbox" events (a delivery sent, retried, dead) refresh it live.
    queryKey: ["outbox", "list", status ?? "all"],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/outbox", { params: { query: { status, cursor: pageParam, limit: 100 } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Sends a dead letter again, with a fresh retry window (POST /outbox/:id/retry). */
export function useRetryDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/outbox/{id}/retry", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["outbox"] }),
  });
}
