import type { QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { components } from "./schema";

type TimelineEvent = components["schemas"]["TimelineEvent"];
type Listener = (event: TimelineEvent) => void;

const listeners = new Set<Listener>();

/** Hears every live timeline event (the Timeline screen, toasts); returns how to stop. */
export function onLiveEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Query keys start with the entity type they list or show ("signal", "pattern", …): an event about one
 * invalidates that type's queries, plus those whose numbers it moves (the home's metrics, a pattern's
 * signal count when a signal is attached; the people, since a person first seen with a signal has no
 * event of their own).
 */
const alsoMoves: Record<string, string[]> = {
  signal: ["pattern", "home", "contact"],
  pattern: ["home"],
  improvement: ["home", "pattern"],
  release: ["home"],
  deployment: ["home", "improvement", "pattern", "notification"],
  notification: ["home"],
};

/**
 * One EventSource on /timeline/stream for the whole workspace. The browser reconnects by itself and sends
 * Last-Event-ID, so the server replays what was missed; after any reconnect every query is refetched too.
 */
export function useLiveUpdates(queryClient: QueryClient, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource("/timeline/stream", { withCredentials: true });
    let opened = false;
    const pending = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A burst (a deployment's snapback writes hundreds of events) invalidates each type once.
    const flush = () => {
      timer = undefined;
      for (const type of pending) queryClient.invalidateQueries({ queryKey: [type] });
      pending.clear();
    };
    source.addEventListener("timeline", (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as TimelineEvent;
      for (const type of [event.entityType, "timeline", ...(alsoMoves[event.entityType] ?? [])]) pending.add(type);
      timer ??= setTimeout(flush, 100);
      for (const listener of listeners) listener(event);
    });
    source.addEventListener("open", () => {
      if (opened) queryClient.invalidateQueries();
      opened = true;
    });
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [queryClient, enabled]);
}
