import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";

// Components are few (tens): one page of 500 holds them, so a screen names them without a request per
// row (products and channels: api/catalog.ts).

/** Every component, by id. */
export function useComponents() {
  return useQuery({
    queryKey: ["component", "all"],
    queryFn: () => unwrap(api.GET("/components", { params: { query: { limit: 500 } } })),
    select: (page) => new Map(page.items.map((c) => [c.id, c])),
    staleTime: 5 * 60_000,
  });
}

/**
 * People by the actor id the API records ("user:<id>"): a timeline event's, a move's. Installations
 * have tens of people, not thousands: one page of 200 names them.
 */
export function useActorNames() {
  return useQuery({
    queryKey: ["user", "list"],
    queryFn: () => unwrap(api.GET("/users", { params: { query: { limit: 200 } } })),
    select: (page) => new Map(page.items.map((u) => [`user:${u.id}`, u.name])),
    staleTime: 5 * 60_000,
  });
}
