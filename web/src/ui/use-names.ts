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
