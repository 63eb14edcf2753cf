import { useEffect, useId, useRef, useState } from "react";
import { Button } from "../ui/button";
import { Markdown } from "../ui/markdown";
import { ErrorNote } from "../ui/states";

/** Markdown with Write and Preview tabs; Save hands the text back, Cancel drops it. */
export function MarkdownEditor(props: {
  label: string;
  initial: string;
  saving: boolean;
  error: unknown;
  onSave: (text: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(props.initial);
  const [tab, setTab] = useState<"write" | "preview">("write");
  const id = useId();
  // Opened by Edit, which is gone now: the keyboard goes on at the end of the text (once, not on each Write tab).
  const textarea = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const field = textarea.current;
    field?.focus();
    field?.setSelectionRange(field.value.length, field.value.length);
  }, []);
  return (
    <div className="editor">
      <div role="tablist" aria-label={`${props.label}: write or preview`}>
        {(["write", "preview"] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`${id}-${name}-tab`}
            aria-selected={tab === name}
            aria-controls={`${id}-${name}`}
            className="button button-plain"
            onClick={() => setTab(name)}
          >
            {name === "write" ? "Write" : "Preview"}
          </button>
        ))}
      </div>
      {tab === "write" ? (
        <div role="tabpanel" id={`${id}-write`} aria-labelledby={`${id}-write-tab`}>
          <label className="visually-hidden" htmlFor={`${id}-text`}>
            {props.label} (Markdown)
          </label>
          <textarea ref={textarea} id={`${id}-text`} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
      ) : (
        <div role="tabpanel" id={`${id}-preview`} aria-labelledby={`${id}-preview-tab`}>
          <Markdown text={text} />
        </div>
      )}
      {props.error ? <ErrorNote error={props.error} /> : null}
      <div className="editor-actions">
        <Button variant="primary" onClick={() => props.onSave(text)} disabled={props.saving}>
          Save {props.label.toLowerCase()}
        </Button>
        <Button onClick={props.onCancel}>Cancel</Button>
      </div>
    </div>
  );
}
