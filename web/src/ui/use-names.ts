import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";

// Loops, products, components and channels are few (tens): one page of 500 holds them, so a screen names
// them without a request per row. The keys are the ones every screen uses for these lists.

/** Every channel the person can see, by id. */
export function useChannels() {
  return useQuery({
    queryKey: ["channel", "all"],
    queryFn: () => unwrap(api.GET("/channels", { params: { query: { limit: 500 } } })),
    select: (page) => new Map(page.items.map((c) => [c.id, c])),
    staleTime: 5 * 60_000,
  });
}

/** Every product the person can see, by id. */
export function useProducts() {
  return useQuery({
    queryKey: ["product", "all"],
    queryFn: () => unwrap(api.GET("/products", { params: { query: { limit: 500 } } })),
    select: (page) => new Map(page.items.map((p) => [p.id, p])),
    staleTime: 5 * 60_000,
  });
}

/** Every component, by id. */
export function useComponents() {
  return useQuery({
    queryKey: ["component", "all"],
    queryFn: () => unwrap(api.GET("/components", { params: { query: { limit: 500 } } })),
    select: (page) => new Map(page.items.map((c) => [c.id, c])),
    staleTime: 5 * 60_000,
  });
}
