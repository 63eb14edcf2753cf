import { useNavigate } from "@tanstack/react-router";
import { useId, useState } from "react";
import { useAccess } from "../api/session";
import { usePatternSearch } from "../triage/use-triage";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { countOf } from "../ui/format";
import { ErrorNote, Loading } from "../ui/states";
import { MovePreviewList } from "./move-preview";
import type { Pattern } from "./use-knowledge";
import { useMergePattern } from "./use-pattern-moves";

type Target = { id: string; title: string; loopId: string | null; status: string };

/**
 * "Merge into…": find the pattern it duplicates by typing part of its title, see what would move (the
 * API's preview), then confirm; the page of the pattern merged into offers the undo.
 */
export function MergeDialog(props: {
  open: boolean;
  onClose: () => void;
  pattern: Pattern;
  titles: Map<string, string>;
}) {
  return (
    <Dialog open={props.open} onClose={props.onClose} label="Merge into another pattern" wide>
      <MergeBody {...props} />
    </Dialog>
  );
}

function MergeBody({ pattern, titles, onClose }: Parameters<typeof MergeDialog>[0]) {
  const [text, setText] = useState("");
  const [target, setTarget] = useState<Target | null>(null);
  const listId = useId();
  const access = useAccess();
  const navigate = useNavigate();
  const search = usePatternSearch(text);
  const merge = useMergePattern(pattern.id);
  const preview = useMergePattern(pattern.id);
  // Open or addressed patterns the person may change: the API refuses a merged or dismissed one. Into an
  // addressed one, the reports join as late signals do (their people are told its fix is live).
  const matches = (search.data ?? []).filter(
    (p) => p.id !== pattern.id && (p.status === "open" || p.status === "addressed") && access.canChange(p.loopId),
  );
  const choose = (p: Target) => {
    setTarget(p);
    preview.mutate({ targetId: p.id, preview: true });
  };
  return (
    <div className="palette">
      <h2>Merge “{pattern.title}” into…</h2>
      {!target ? (
        <>
          <input
            // biome-ignore lint/a11y/noAutofocus: the dialog exists to type the other pattern's title.
            autoFocus
            role="combobox"
            aria-expanded="true"
            aria-controls={listId}
            aria-label="The pattern to merge into"
            placeholder="Type part of its title…"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <ul id={listId} className="palette-results" aria-label="Patterns to merge into">
            {matches.map((p) => (
              <li key={p.id}>
                <Button variant="plain" onClick={() => choose(p)}>
                  {p.title}{" "}
                  <span className="muted">
                    · {countOf(p.signalCount, "signal")}
                    {p.status === "addressed" && " · addressed"}
                  </span>
                </Button>
              </li>
            ))}
            {text.trim() && !search.isFetching && matches.length === 0 && (
              <li className="muted">No open or addressed pattern you may change matches.</li>
            )}
          </ul>
        </>
      ) : (
        <>
          {target.status === "addressed" ? (
            <p>
              Into <strong>{target.title}</strong>. This pattern becomes <em>merged</em>. “{target.title}” is{" "}
              <em>addressed</em>: its fix is live. The people behind these reports who were not told yet are told it
              shipped, once — and the merge cannot be undone while it stays addressed. A report from a version that has
              the fix reopens it as a regression.
            </p>
          ) : (
            <p>
              Into <strong>{target.title}</strong>. This pattern becomes <em>merged</em>; you can undo it from the other
              pattern's page.
            </p>
          )}
          {preview.isPending && <Loading what="Counting what moves" />}
          {preview.isError && <ErrorNote error={preview.error} />}
          {preview.data && <MovePreviewList preview={preview.data.preview} kind="merge" titles={titles} />}
          {merge.isError && <ErrorNote error={merge.error} />}
          <div className="page-actions">
            <Button
              variant="primary"
              disabled={!preview.data || merge.isPending}
              onClick={() =>
                merge.mutate(
                  { targetId: target.id, preview: false },
                  {
                    onSuccess: () => {
                      onClose();
                      navigate({ to: "/patterns/$id", params: { id: target.id } });
                    },
                  },
                )
              }
            >
              Merge into “{target.title}”
            </Button>
            <Button onClick={() => setTarget(null)}>Choose another</Button>
            <Button onClick={onClose}>Cancel</Button>
          </div>
        </>
      )}
      {!target && (
        <p>
          <Button onClick={onClose}>Cancel</Button>
        </p>
      )}
    </div>
  );
}
