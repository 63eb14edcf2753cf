import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { components } from "./schema";

/** Entities as the API presents them (generated from the OpenAPI document). */
export type Schemas = components["schemas"];

// Products and channels are few (tens): one page of 500 holds them, so screens name them without a
// request per row.

/** A page's items by id, in the page's order (newest first). */
const byId = <T extends { id: string }>(page: { items: T[] }) => new Map(page.items.map((item) => [item.id, item]));

/**
 * Every product the person can see, by id (in order, newest first): one query every screen shares
 * (settings, delivery, the knowledge base …), so one read serves them and a product event refreshes it.
 */
export function useProducts() {
  return useQuery({
    queryKey: ["product", "all"],
    queryFn: () => unwrap(api.GET("/products", { params: { query: { limit: 500 } } })),
    select: byId,
    staleTime: 5 * 60_000,
  });
}

/** Every channel the person can see, by id. */
export function useChannels() {
  return useQuery({
    queryKey: ["channel", "all"],
    queryFn: () => unwrap(api.GET("/channels", { params: { query: { limit: 500 } } })),
    select: byId,
    staleTime: 5 * 60_000,
  });
}

/**
 * Names of the newest 500 contacts, by id: enough to name most people in a list without a request per
 * row; a row whose contact is older links to the contact's page instead.
 */
export function useContactNames() {
  return useQuery({
    queryKey: ["contact", "names"],
    queryFn: () => unwrap(api.GET("/contacts", { params: { query: { limit: 500 } } })),
    select: (page) => new Map(page.items.map((c) => [c.id, c.name || c.email || "a contact"])),
    staleTime: 60_000,
  });
}
