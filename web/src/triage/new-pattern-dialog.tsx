import { useState } from "react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field } from "../ui/field";
import { ErrorNote } from "../ui/states";

/** "New pattern from the selection": its title (the first signal's to start with) and its loop. */
export function NewPatternDialog(props: {
  open: boolean;
  count: number;
  suggestedTitle: string;
  loops: { id: string; name: string }[];
  suggestedLoopId?: string;
  onClose: () => void;
  onCreate: (input: { title: string; loopId: string }) => void;
  error?: unknown;
  busy: boolean;
}) {
  return (
    <Dialog open={props.open} onClose={props.onClose} label="New pattern">
      <NewPatternForm {...props} />
    </Dialog>
  );
}

function NewPatternForm({
  count,
  suggestedTitle,
  loops,
  suggestedLoopId,
  onCreate,
  onClose,
  error,
  busy,
}: Parameters<typeof NewPatternDialog>[0]) {
  const [title, setTitle] = useState(suggestedTitle);
  const [loopId, setLoopId] = useState(suggestedLoopId ?? loops[0]?.id ?? "");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onCreate({ title: title.trim(), loopId });
      }}
    >
      <h2>
        New pattern from {count} {count === 1 ? "signal" : "signals"}
      </h2>
      <Field
        label="Title"
        required
        maxLength={200}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        autoFocus
      />
      <div className="field">
        <label htmlFor="new-pattern-loop">Loop</label>
        <select id="new-pattern-loop" value={loopId} onChange={(e) => setLoopId(e.target.value)} required>
          {loops.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </div>
      {error ? <ErrorNote error={error} /> : null}
      <div className="page-actions">
        <Button type="submit" variant="primary" disabled={busy || !title.trim() || !loopId}>
          Create and attach
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </form>
  );
}
