import { useEffect, useRef } from "react";

/** A keyboard shortcut a screen offers: listed on `?`. */
export interface Shortcut {
  keys: string;
  what: string;
  /** Returns false to decline: the key goes on to the next listener (a screen's own shortcuts). */
  run: (event: KeyboardEvent) => unknown;
  /** Also when a text field has focus (Ctrl-K, Escape). */
  inFields?: boolean;
}

const active = new Map<number, { current: Shortcut[] }>();
let next = 0;

/** Every shortcut in force now, for the `?` list: global ones first, then the screen's. */
export function activeShortcuts(): Shortcut[] {
  return [...active.values()].flatMap((list) => list.current);
}

/** A field that takes letters: not a checkbox or a radio button, where j, x or a mean what they do anywhere. */
function typing(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return Boolean(
    element?.closest?.(
      "input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit]):not([type=reset]), textarea, select, [contenteditable=true]",
    ),
  );
}

function matches(keys: string, event: KeyboardEvent): boolean {
  return keys.split(" or ").some((combo) => {
    const parts = combo.split("+");
    const key = parts.at(-1) ?? "";
    const ctrl = parts.includes("Ctrl");
    return event.key.toLowerCase() === key.toLowerCase() && (event.ctrlKey || event.metaKey) === ctrl && !event.altKey;
  });
}

/**
 * Registers shortcuts while the calling component is mounted; keys like "j", "Ctrl+k", "/ or Ctrl+k".
 * A screen's effects run before its frame's, so its listener would hear a key first: `first` lets the
 * frame's key sequences ("g k": Knowledge base) come before a screen's own use of the letter ("k": up).
 */
export function useShortcuts(shortcuts: Shortcut[], options: { first?: boolean } = {}): void {
  const capture = options.first === true;
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  useEffect(() => {
    const id = next++;
    active.set(id, latest);
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      for (const shortcut of latest.current) {
        if (!matches(shortcut.keys, event)) continue;
        // Typing in a field, or a dialog open, owns the keyboard, except for the shortcuts that work everywhere.
        if ((typing(event.target) || document.querySelector("dialog[open]")) && !shortcut.inFields) continue;
        if (shortcut.run(event) === false) continue;
        event.preventDefault();
        return;
      }
    };
    // Window's capture listeners hear a key before its bubbling ones, whichever was added first.
    window.addEventListener("keydown", onKey, { capture });
    return () => {
      active.delete(id);
      window.removeEventListener("keydown", onKey, { capture });
    };
  }, [capture]);
}
