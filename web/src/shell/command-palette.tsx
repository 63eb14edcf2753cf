import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useDeferredValue, useState } from "react";
import { Combobox } from "../ui/combobox";
import { Dialog } from "../ui/dialog";
import { ErrorNote } from "../ui/states";
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
  const deferred = useDeferredValue(query.trim());
  const navigate = useNavigate();
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
  const go = (item: Item) => {
    onClose();
    navigate({ to: item.to });
  };
  return (
    <div className="palette">
      <Combobox
        label="Search patterns, improvements, releases, or paste an id"
        placeholder="Search patterns, improvements, releases, or paste an id…"
        listLabel="Results"
        value={query}
        onChange={setQuery}
        options={items}
        optionKey={(item) => item.key}
        renderOption={(item) => (
          <>
            <span className="palette-kind">{item.kind}</span> {item.label}
          </>
        )}
        onChoose={go}
      >
        {deferred && hits.isFetching && <p className="muted">Searching…</p>}
        {deferred && !hits.isFetching && hits.isError && <ErrorNote error={hits.error} />}
        {deferred && !hits.isFetching && !hits.isError && items.length === 0 && (
          <p className="muted">Nothing matches “{deferred}”.</p>
        )}
      </Combobox>
    </div>
  );
}
