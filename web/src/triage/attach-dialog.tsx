import { useId, useState } from "react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { ErrorNote } from "../ui/states";
import { usePatternSearch } from "./use-triage";

type Pattern = { id: string; title: string; status: string; signalCount: number };

/** "Attach to a pattern": type part of its title, choose one of the ranked matches. */
export function AttachDialog(props: {
  open: boolean;
  count: number;
  onClose: () => void;
  onAttach: (pattern: Pattern) => void;
  error?: unknown;
  busy: boolean;
}) {
  return (
    <Dialog open={props.open} onClose={props.onClose} label="Attach to a pattern" wide>
      <AttachBody {...props} />
    </Dialog>
  );
}

function AttachBody({ count, onAttach, error, busy, onClose }: Parameters<typeof AttachDialog>[0]) {
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const search = usePatternSearch(text);
  const lower = text.trim().toLowerCase();
  // Ranked by the API (GET /patterns?q=: title over description, prefixes as you type, typos in titles).
  const matches = search.data ?? [];
  const chosen = Math.min(active, Math.max(matches.length - 1, 0));
  return (
    <div className="palette">
      <h2>
        Attach {count} {count === 1 ? "signal" : "signals"} to a pattern
      </h2>
      <input
        // biome-ignore lint/a11y/noAutofocus: the dialog exists to type a pattern's title.
        autoFocus
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={matches[chosen] ? `${listId}-${chosen}` : undefined}
        aria-label="Pattern title"
        placeholder="Type part of a pattern's title…"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setActive((chosen + 1) % Math.max(matches.length, 1));
          else if (e.key === "ArrowUp") setActive((chosen - 1 + matches.length) % Math.max(matches.length, 1));
          else if (e.key === "Enter" && matches[chosen] && !busy) onAttach(matches[chosen]);
          else return;
          e.preventDefault();
        }}
      />
      <div id={listId} role="listbox" aria-label="Matching patterns" className="palette-results">
        {matches.map((p, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox's input handles the keys for every option.
          <div
            key={p.id}
            id={`${listId}-${i}`}
            role="option"
            tabIndex={-1}
            aria-selected={i === chosen}
            onMouseMove={() => setActive(i)}
            onClick={() => !busy && onAttach(p)}
          >
            {p.title}{" "}
            <span className="muted">
              · {p.status} · {p.signalCount} signals
            </span>
          </div>
        ))}
        {lower && search.isFetching && <p className="muted">Searching…</p>}
        {lower && !search.isFetching && matches.length === 0 && (
          <p className="muted">No pattern matches. Press n in the list to make a new one.</p>
        )}
      </div>
      {error ? <ErrorNote error={error} /> : null}
      <p>
        <Button onClick={onClose}>Cancel</Button>
      </p>
    </div>
  );
}
