import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import type { components } from "../api/schema";

/** A pattern as GET /patterns?include=signals lists it. */
export type RankedPattern = components["schemas"]["PatternWithSignals"];
export type Pattern = components["schemas"]["Pattern"];
export type Signal = components["schemas"]["Signal"];
export type PatternStatus = Pattern["status"];

/** The knowledge base's filters, as its URL carries them. */
export interface PatternFilters {
  loopId?: string;
  status?: PatternStatus;
  channelId?: string;
  productId?: string;
  /** Words to search titles and descriptions for: then the best matches, one page, instead of the ranking. */
  q?: string;
}

/** Patterns per page of the ranking; each with its newest signals, for the trend line. */
export const rankingPage = 100;
/** Newest signals per pattern in the ranking: what its trend line is drawn from. */
export const trendSignals = 10;

/**
 * Patterns by priority, highest first, a page at a time as the list scrolls: one request per 100
 * patterns, their newest signals included (never a request per row).
 */
export function usePatternRanking(filters: PatternFilters) {
  return useInfiniteQuery({
    queryKey: ["pattern", "ranking", filters],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/patterns", {
          params: {
            query: {
              ...filters,
              sort: "priority",
              include: "signals",
              signalLimit: trendSignals,
              limit: rankingPage,
              cursor: pageParam,
            },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While a changed filter is asked, the list shows the last answer rather than "Loading".
    placeholderData: keepPreviousData,
  });
}

/** One pattern. */
export function usePattern(id: string) {
  return useQuery({
    queryKey: ["pattern", "one", id],
    queryFn: () => unwrap(api.GET("/patterns/{id}", { params: { path: { id } } })),
  });
}

/** A pattern's signals with their full text, newest first, 50 at a time. */
export function usePatternSignals(patternId: string) {
  return useInfiniteQuery({
    queryKey: ["signal", "of-pattern", patternId],
    queryFn: ({ pageParam, signal }) =>
      unwrap(api.GET("/signals", { params: { query: { patternId, limit: 50, cursor: pageParam } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** One signal. */
export function useSignal(id: string) {
  return useQuery({
    queryKey: ["signal", "one", id],
    queryFn: () => unwrap(api.GET("/signals/{id}", { params: { path: { id } } })),
  });
}

/** An entity's timeline, newest first (one page of 50). */
export function useEntityTimeline(entityType: string, entityId: string) {
  return useQuery({
    queryKey: ["timeline", entityType, entityId],
    queryFn: () =>
      unwrap(api.GET("/timeline", { params: { query: { entityType, entityId, order: "desc", limit: 50 } } })),
  });
}
