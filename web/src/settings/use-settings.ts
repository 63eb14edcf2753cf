import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocation } from "@tanstack/react-router";
import { useEffect, useRef } from "react";
import { usersQuery } from "../ui/use-names";

/** The installation's people (one page of 200: invitations and roles pick from it). */
export function useUsers() {
  return useQuery({ ...usersQuery, select: (page) => page.items });
}

/**
 * A change that refreshes the lists of the entity types it names when it succeeds: the settings' forms
 * are all "send, then show the list again".
 */
export function useChange<Input, Output>(types: string[], run: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => Promise.all(types.map((type) => queryClient.invalidateQueries({ queryKey: [type] }))),
  });
}

/** What a person does that ends a scroll they did not ask for. */
const ownMoves = ["wheel", "touchstart", "pointerdown", "keydown"] as const;

/**
 * An element a link names by its hash (`#channel-<id>` from the timeline), scrolled into view when it
 * appears and kept there while the page settles: the router scrolls before the list has loaded, and the
 * cards above it grow as their health loads. Until the person scrolls or acts themselves, or 5 s pass.
 */
export function useNamedByHash<T extends HTMLElement>(anchor: string) {
  const ref = useRef<T>(null);
  const named = useLocation({ select: (location) => location.hash === anchor });
  useEffect(() => {
    const element = ref.current;
    if (!named || !element) return;
    // Observing calls it once at once, then again whenever the page's height changes.
    const observer = new ResizeObserver(() => element.scrollIntoView({ block: "start" }));
    observer.observe(document.body);
    const stop = () => {
      observer.disconnect();
      clearTimeout(timer);
      for (const move of ownMoves) window.removeEventListener(move, stop);
    };
    const timer = setTimeout(stop, 5000);
    for (const move of ownMoves) window.addEventListener(move, stop, { passive: true });
    return stop;
  }, [named]);
  return ref;
}
