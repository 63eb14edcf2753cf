import { useInfiniteQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { api, unwrap } from "../api/client";
import { onLiveEvent } from "../api/live";
import type { components } from "../api/schema";

export type TimelineEvent = components["schemas"]["TimelineEvent"];

/** What the timeline shows: events about one entity type or entity, by one actor, of one loop. */
export interface TimelineFilter {
  entityType?: string;
  entityId?: string;
  actor?: string;
  loopId?: string;
}

const pageSize = 100;

/**
 * The timeline newest first: older pages as the list scrolls down, new events at the top as they happen.
 * Live events come from the workspace's one stream (api/live.ts); each burst of them asks the API once
 * for what came after the newest shown with the same filter, so the server decides what matches (a
 * loop's events are known only by their entity's owners).
 */
export function useTimeline(filter: TimelineFilter) {
  const query = cleaned(filter);
  const key = JSON.stringify(query);
  // The key does not start with "timeline": live.ts would then refetch every page loaded on every event.
  const older = useInfiniteQuery({
    queryKey: ["events", query],
    staleTime: Number.POSITIVE_INFINITY,
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/timeline", { params: { query: { ...query, order: "desc", limit: pageSize, before: pageParam } } }),
      ),
    getNextPageParam: (last) => (last.nextCursor ? Number(last.nextCursor) : undefined),
  });
  const [newer, setNewer] = useState<{ key: string; items: TimelineEvent[] }>({ key, items: [] });
  const fresh = newer.key === key ? newer.items : [];
  const loaded = older.data?.pages.flatMap((page) => page.items) ?? [];
  const items = fresh.length ? [...fresh, ...loaded].sort((a, b) => b.id - a.id) : loaded;
  // Where the next catch-up starts: the newest event shown, or further when the last catch-up read past
  // it without a match (a filtered page reads at most 10,000 events and says where it stopped) — but no
  // further than the horizon of the page that showed it (docs/API.md, "The timeline"): an event still to
  // be committed below the newest shown is then read, not skipped (and what is shown is not shown twice).
  // Per filter: another filter's cursor would skip this one's events.
  const newestOf = useRef<{ key: string; id: number }>({ key, id: 0 });
  if (newestOf.current.key !== key) newestOf.current = { key, id: 0 };
  const firstPage = older.data?.pages[0];
  const newestLoaded = Math.min(loaded[0]?.id ?? 0, firstPage?.horizon ?? 0);
  newestOf.current.id = Math.max(fresh[0]?.id ?? 0, newestLoaded, newestOf.current.id);
  const shown = useRef(new Set<number>());
  shown.current = new Set(items.map((event) => event.id));
  const ready = older.isSuccess;

  const busy = useRef(false);
  const again = useRef(false);
  const catchUp = useCallback(async () => {
    if (busy.current) {
      again.current = true;
      return;
    }
    busy.current = true;
    try {
      do {
        again.current = false;
        // The filter changed meanwhile: its own catch-up goes on from its own cursor.
        if (newestOf.current.key !== key) return;
        const after = newestOf.current.id;
        // Nothing shown yet and no live event heard: "after 0" would be the oldest events, not new ones.
        if (after === 0) return;
        const same = JSON.parse(key) as TimelineFilter;
        const page = await unwrap(
          api.GET("/timeline", { params: { query: { ...same, after, order: "asc", limit: 1000 } } }),
        );
        if (newestOf.current.key !== key) return;
        // Read up to the cursor (or the last event) whether or not anything matched: go on from there.
        if (page.nextCursor) again.current = true;
        newestOf.current.id = Math.max(
          newestOf.current.id,
          page.nextCursor ? Number(page.nextCursor) : 0,
          page.items.at(-1)?.id ?? after,
        );
        if (page.items.length === 0) continue;
        const added = [...page.items].reverse().filter((event) => !shown.current.has(event.id));
        // Newest first by id: one committed late (below what was shown) takes its place, not the top.
        setNewer((prev) => ({
          key,
          items: [...added, ...(prev.key === key ? prev.items : [])].sort((a, b) => b.id - a.id),
        }));
      } while (again.current);
    } finally {
      busy.current = false;
    }
  }, [key]);

  useEffect(() => {
    if (!ready) return;
    // Pages kept from an earlier visit to this filter may end before what happened since: read on now.
    void catchUp();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = onLiveEvent((event) => {
      // Nothing shown yet (no event matched the first pages read): what is new starts with this one.
      if (newestOf.current.id === 0) newestOf.current.id = event.id - 1;
      // A snapback writes hundreds of events at once: one read for the burst.
      timer ??= setTimeout(() => {
        timer = undefined;
        void catchUp();
      }, 100);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [ready, catchUp]);

  return {
    items,
    error: older.error,
    loading: older.isPending,
    hasMore: Boolean(older.hasNextPage),
    loadMore: () => {
      if (!older.isFetchingNextPage) void older.fetchNextPage();
    },
  };
}

function cleaned(filter: TimelineFilter): TimelineFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) as TimelineFilter;
}
