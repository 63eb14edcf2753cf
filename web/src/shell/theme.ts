import { useSyncExternalStore } from "react";

/** The person's choice: follow the system (prefers-color-scheme), or always light or dark. */
export type ThemeChoice = "system" | "light" | "dark";
const key = "loopwork.theme";
const subscribers = new Set<() => void>();

function read(): ThemeChoice {
  const stored = localStorage.getItem(key);
  return stored === "light" || stored === "dark" ? stored : "system";
}

/** Applies the choice to <html data-theme> (the stylesheet reads it; "system" leaves the media query in charge). */
export function applyTheme(choice: ThemeChoice = read()): void {
  if (choice === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

/** Chooses the theme, remembered in this browser. */
export function setTheme(choice: ThemeChoice): void {
  if (choice === "system") localStorage.removeItem(key);
  else localStorage.setItem(key, choice);
  applyTheme(choice);
  for (const notify of subscribers) notify();
}

/** The theme in force now: the choice, or the system's when the choice is "system". */
export function effectiveTheme(choice: ThemeChoice = read()): "light" | "dark" {
  if (choice !== "system") return choice;
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** The current choice, re-rendering when it changes. */
export function useTheme(): ThemeChoice {
  return useSyncExternalStore((notify) => {
    subscribers.add(notify);
    return () => subscribers.delete(notify);
  }, read);
}
