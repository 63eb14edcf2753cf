import { useState } from "react";
import { Button } from "../ui/button";
import { Combobox } from "../ui/combobox";
import { Dialog } from "../ui/dialog";
import { countOf } from "../ui/format";
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
  const search = usePatternSearch(text);
  const lower = text.trim().toLowerCase();
  // Ranked by the API (GET /patterns?q=: title over description, prefixes as you type, typos in titles).
  const matches = search.data ?? [];
  return (
    <div className="palette">
      <h2>
        Attach {count} {count === 1 ? "signal" : "signals"} to a pattern
      </h2>
      <Combobox
        label="Pattern title"
        placeholder="Type part of a pattern's title…"
        listLabel="Matching patterns"
        value={text}
        onChange={setText}
        options={matches}
        optionKey={(p) => p.id}
        renderOption={(p) => (
          <>
            {p.title}{" "}
            <span className="muted">
              · {p.status} · {countOf(p.signalCount, "signal")}
            </span>
          </>
        )}
        onChoose={(p) => !busy && onAttach(p)}
      >
        {lower && search.isFetching && <p className="muted">Searching…</p>}
        {lower && !search.isFetching && search.isError && <ErrorNote error={search.error} />}
        {lower && !search.isFetching && !search.isError && matches.length === 0 && (
          <p className="muted">No pattern matches. Press n in the list to make a new one.</p>
        )}
      </Combobox>
      {error ? <ErrorNote error={error} /> : null}
      <p>
        <Button onClick={onClose}>Cancel</Button>
      </p>
    </div>
  );
}
