import { useQuery } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { api, unwrap } from "../api/client";

const key = "loopwork.loop";
const subscribers = new Set<() => void>();

/** The loop the workspace shows (its id), or null for "all loops"; remembered in this browser. */
export function useCurrentLoop(): string | null {
  return useSyncExternalStore(
    (notify) => {
      subscribers.add(notify);
      return () => subscribers.delete(notify);
    },
    () => localStorage.getItem(key),
  );
}

/** Switches the loop the workspace shows (null: all loops). */
export function setCurrentLoop(loopId: string | null): void {
  if (loopId) localStorage.setItem(key, loopId);
  else localStorage.removeItem(key);
  for (const notify of subscribers) notify();
}

/** The loops the person can see (one page: an installation has few loops). */
export function useLoops() {
  return useQuery({
    queryKey: ["loop", "list"],
    queryFn: () => unwrap(api.GET("/loops", { params: { query: { limit: 200 } } })),
    select: (page) => page.items,
  });
}
