import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useDeferredValue, useId, useState } from "react";
import { Dialog } from "../ui/dialog";
import { areas } from "./areas";
import { type Hit, searchEntities } from "./search";

type Item = { key: string; label: string; kind: string; to: string };

/** Ctrl-K / `/`: type a title, slug or id and jump there, or to any screen. */
export function CommandPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} label="Search and jump" wide>
      <PaletteBody onClose={onClose} />
    </Dialog>
  );
}

function PaletteBody({ onClose }: { onClose: () => void }) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const deferred = useDeferredValue(query.trim());
  const navigate = useNavigate();
  const listId = useId();
  const hits = useQuery({
    queryKey: ["search", deferred],
    queryFn: ({ signal }) => searchEntities(deferred, signal),
    enabled: deferred.length > 0,
    staleTime: 10_000,
  });
  const lower = deferred.toLowerCase();
  const items: Item[] = [
    ...areas
      .filter((a) => !lower || a.label.toLowerCase().includes(lower))
      .map((a) => ({ key: `screen:${a.to}`, label: a.label, kind: "screen", to: a.to })),
    ...(hits.data ?? []).map((h: Hit) => ({ key: `${h.kind}:${h.id}`, label: h.title, kind: h.kind, to: h.to })),
  ];
  const go = (item: Item | undefined) => {
    if (!item) return;
    onClose();
    navigate({ to: item.to });
  };
  const chosen = Math.min(active, Math.max(items.length - 1, 0));
  return (
    <div className="palette">
      <input
        // biome-ignore lint/a11y/noAutofocus: the palette exists to be typed into at once.
        autoFocus
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={items[chosen] ? `${listId}-${chosen}` : undefined}
        aria-label="Search patterns, improvements, or paste an id"
        placeholder="Search patterns, improvements, or paste an id…"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") setActive((chosen + 1) % Math.max(items.length, 1));
          else if (event.key === "ArrowUp") setActive((chosen - 1 + items.length) % Math.max(items.length, 1));
          else if (event.key === "Enter") go(items[chosen]);
          else return;
          event.preventDefault();
        }}
      />
      <div id={listId} role="listbox" aria-label="Results" className="palette-results">
        {items.map((item, index) => (
          // Options of a combobox are not focused: the input keeps focus and points at one (activedescendant),
          // and its Enter chooses; a click is the mouse's way.
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox's input handles the keys for every option.
          <div
            key={item.key}
            tabIndex={-1}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === chosen}
            onMouseMove={() => setActive(index)}
            onClick={() => go(item)}
          >
            <span className="palette-kind">{item.kind}</span> {item.label}
          </div>
        ))}
        {deferred && hits.isFetching && <p className="muted">Searching…</p>}
        {deferred && !hits.isFetching && items.length === 0 && <p className="muted">Nothing matches “{deferred}”.</p>}
      </div>
    </div>
  );
}
