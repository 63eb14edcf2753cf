import { queryOptions, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
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

/** The installation's people: tens, not thousands, so one page of 200 (names, invitations, roles). */
export const usersQuery = queryOptions({
  queryKey: ["user", "list"],
  queryFn: () => unwrap(api.GET("/users", { params: { query: { limit: 200 } } })),
});

/** The API tokens the person may see. */
export const tokensQuery = queryOptions({
  queryKey: ["api_token", "list"],
  queryFn: () => unwrap(api.GET("/tokens")),
});

/**
 * Who did something, by the actor id the API records: a person ("user:<id>") by their name, an API token
 * ("token:<id>") as `API token “<its name>”` — a timeline event's, a move's. Installations have tens of
 * people, not thousands: one page of 200 names them; the tokens are those the person may see (GET /tokens).
 */
export function useActorNames(): Map<string, string> {
  const users = useQuery({
    ...usersQuery,
    select: (page) => page.items.map((u) => [`user:${u.id}`, u.name] as const),
    staleTime: 5 * 60_000,
  });
  const tokens = useQuery({
    ...tokensQuery,
    select: (page) => page.items.map((t) => [`token:${t.id}`, `API token “${t.name}”`] as const),
    staleTime: 5 * 60_000,
  });
  return useMemo(() => new Map([...(users.data ?? []), ...(tokens.data ?? [])]), [users.data, tokens.data]);
}

/**
 * An actor as people read it: its name when known (useActorNames), else what it is — "a person",
 * "an API token" (one the person may not see), or the API's word for the rest ("system:snapback").
 */
export function actorLabel(actor: string, names: Map<string, string>): string {
  const known = names.get(actor);
  if (known) return known;
  const [kind] = actor.split(":");
  return kind === "user" ? "a person" : kind === "token" ? "an API token" : actor;
}
