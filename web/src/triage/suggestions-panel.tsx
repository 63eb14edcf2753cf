import { Link } from "@tanstack/react-router";
import { Button } from "../ui/button";
import { clipText, percent } from "../ui/format";
import { ErrorNote, Loading } from "../ui/states";
import { type Suggestion, useSuggestions } from "./use-suggestions";
import type { Signal } from "./use-triage";

/** How many suggestions the keys 1–3 reach. */
export const suggestionKeys = 3;
/** How much of the signal's title the panel repeats: the list beside it shows the title itself. */
const titleLength = 120;

/**
 * The matcher's suggestions for the signal under the cursor: each pattern with its score and why
 * (shared terms, similar signals, a fingerprint rule), attached with a click or the keys 1–3.
 */
export function SuggestionsPanel(props: {
  signal: Signal | undefined;
  /** Null when the person may not attach this signal: then no button (the API would refuse). */
  onAttach: ((suggestion: Suggestion) => void) | null;
  busy: boolean;
}) {
  const suggestions = useSuggestions(props.signal?.id);
  const items = suggestions.data?.suggestions ?? [];
  return (
    <section className="panel triage-suggestions" aria-labelledby="suggestions-title">
      <h2 id="suggestions-title">Suggested patterns</h2>
      {!props.signal ? (
        <p className="muted">Move to a signal (j, k) to see where it may belong.</p>
      ) : suggestions.isPending ? (
        <Loading what="Finding patterns like it" />
      ) : suggestions.isError ? (
        <ErrorNote error={suggestions.error} />
      ) : items.length === 0 ? (
        <p className="muted">
          No pattern looks like “{clipText(props.signal.title, titleLength)}”. Make a new one (n).
        </p>
      ) : (
        <>
          <p className="muted">For “{clipText(props.signal.title, titleLength)}”</p>
          <ol className="suggestion-list" aria-label="Suggestions, best first">
            {items.map((s, i) => (
              <li key={s.patternId} className="suggestion">
                <div className="suggestion-head">
                  <Link to="/patterns/$id" params={{ id: s.patternId }}>
                    {s.title}
                  </Link>
                  <span className="score" title="How sure the matcher is (0–100%)">
                    {percent(s.score)}
                  </span>
                </div>
                <ul className="reasons" aria-label={`Why “${s.title}”`}>
                  {s.reasons.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
                {props.onAttach && (
                  <Button onClick={() => props.onAttach?.(s)} disabled={props.busy}>
                    Attach <span className="visually-hidden">to “{s.title}”</span>{" "}
                    {i < suggestionKeys && <kbd className="kbd">{i + 1}</kbd>}
                  </Button>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
