import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field } from "../ui/field";
import { countOf } from "../ui/format";
import { ErrorNote, Loading } from "../ui/states";
import { MovePreviewList } from "./move-preview";
import type { Pattern } from "./use-knowledge";
import { useSplitPattern } from "./use-pattern-moves";

/** "Split off…": the chosen signals become a new pattern in the same loop; previewed, then confirmed. */
export function SplitDialog(props: {
  open: boolean;
  onClose: () => void;
  /** The split was made (the dialog stays open on what it did until Done or Escape). */
  onSplit: () => void;
  pattern: Pattern;
  signalIds: string[];
  titles: Map<string, string>;
}) {
  return (
    <Dialog open={props.open} onClose={props.onClose} label="Split into a new pattern" wide>
      <SplitBody {...props} />
    </Dialog>
  );
}

function SplitBody({ pattern, signalIds, titles, onClose, onSplit }: Parameters<typeof SplitDialog>[0]) {
  const [title, setTitle] = useState(titles.get(signalIds[0] ?? "") ?? "");
  const preview = useSplitPattern(pattern.id);
  const split = useSplitPattern(pattern.id);
  const made = split.data?.target;
  if (made) {
    return (
      <div role="status">
        <h2>Split off</h2>
        <p>
          {countOf(split.variables?.signalIds.length ?? 0, "signal")} moved to the new pattern{" "}
          <Link to="/patterns/$id" params={{ id: made.id }}>
            {made.title}
          </Link>
          . Undo it from either page.
        </p>
        <Button onClick={onClose}>Done</Button>
      </div>
    );
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (preview.data) split.mutate({ signalIds, title: title.trim(), preview: false }, { onSuccess: onSplit });
        else preview.mutate({ signalIds, title: title.trim(), preview: true });
      }}
    >
      <h2>
        Split {signalIds.length} {signalIds.length === 1 ? "signal" : "signals"} off “{pattern.title}”
      </h2>
      <Field
        label="New pattern's title"
        required
        maxLength={200}
        value={title}
        onChange={(e) => {
          setTitle(e.target.value);
          preview.reset();
        }}
        autoFocus
      />
      {preview.isPending && <Loading what="Counting what moves" />}
      {preview.isError && <ErrorNote error={preview.error} />}
      {preview.data && <MovePreviewList preview={preview.data.preview} kind="split" titles={titles} />}
      {split.isError && <ErrorNote error={split.error} />}
      <div className="page-actions">
        <Button type="submit" variant="primary" disabled={!title.trim() || preview.isPending || split.isPending}>
          {preview.data ? "Split off" : "Preview"}
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </form>
  );
}
