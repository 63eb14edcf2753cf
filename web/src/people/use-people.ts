import { useInfiniteQuery, useMutation, useQueries, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";

/** People newest first, or those whose name, email or account holds the words typed (GET /contacts?q=). */
export function usePeople(q: string) {
  const words = q.trim();
  return useInfiniteQuery({
    queryKey: ["contact", "list", words],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/contacts", { params: { query: { q: words || undefined, cursor: pageParam, limit: 100 } }, signal }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (previous) => previous,
  });
}

/**
 * A person: who they are, their signals, and the notifications they were sent (what shipped for them,
 * what they were asked and what they answered) — three reads, however many they have (the newest 200).
 */
export function useContact(id: string) {
  const contact = useQuery({
    queryKey: ["contact", id],
    queryFn: () => unwrap(api.GET("/contacts/{id}", { params: { path: { id } } })),
  });
  const signals = useQuery({
    queryKey: ["signal", "list", { contactId: id }],
    queryFn: () => unwrap(api.GET("/signals", { params: { query: { contactId: id, limit: 200 } } })),
  });
  const notifications = useQuery({
    queryKey: ["notification", "list", { contactId: id }],
    queryFn: () => unwrap(api.GET("/notifications", { params: { query: { contactId: id, limit: 200 } } })),
  });
  return { contact, signals, notifications };
}

/**
 * The deployments these ids name (what made fixes live for a person: a few), one read each, so that a
 * page names them ("web 2026.11 to production") rather than by a piece of their id.
 */
export function useDeploymentsById(ids: string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ["deployment", id],
      queryFn: () => unwrap(api.GET("/deployments/{id}", { params: { path: { id } } })),
    })),
  });
}

/**
 * Emails a person a fresh link to their own view, as the signed-in builder (POST
 * /contacts/{id}/customer-link; the timeline names them): at most one such email per 10 minutes reaches
 * them however often it is asked — the answer says whether this one went or one had gone already.
 */
export function useSendCustomerLink() {
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/contacts/{id}/customer-link", { params: { path: { id } } })),
  });
}
