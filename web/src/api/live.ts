import type { QueryClient, QueryKey } from "@tanstack/react-query";
import { useEffect } from "react";
import { keysMovedBy } from "./live-keys";
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
 * One EventSource on /timeline/stream for the whole workspace. The browser reconnects by itself and sends
 * Last-Event-ID, so the server replays what was missed; after any reconnect every query is refetched too.
 */
export function useLiveUpdates(queryClient: QueryClient, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource("/timeline/stream", { withCredentials: true });
    let opened = false;
    const pending = new Map<string, QueryKey>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A burst (a deployment's snapback writes hundreds of events) invalidates each key once.
    const flush = () => {
      timer = undefined;
      for (const queryKey of pending.values()) queryClient.invalidateQueries({ queryKey });
      pending.clear();
    };
    source.addEventListener("timeline", (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as TimelineEvent;
      for (const key of keysMovedBy(event)) pending.set(JSON.stringify(key), key);
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
