import { useState } from "react";
import { useChannels } from "../api/catalog";
import type { Row } from "../trace/use-trace";
import { Button } from "../ui/button";
import { ErrorNote, Loading } from "../ui/states";
import { SignalItem } from "./signal-item";
import { SplitDialog } from "./split-dialog";
import { type Pattern, usePatternSignals } from "./use-knowledge";

/**
 * A pattern's signals in full, 50 at a time; for builders of its loop, each with a checkbox to choose
 * the ones that are another problem and split them off into a new pattern.
 */
export function PatternSignals({
  pattern,
  contacts,
  titles,
  mayMove,
}: {
  pattern: Pattern;
  contacts: Map<string, Row>;
  titles: Map<string, string>;
  mayMove: boolean;
}) {
  const signals = usePatternSignals(pattern.id);
  const channels = useChannels().data;
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [splitting, setSplitting] = useState(false);
  const items = signals.data?.pages.flatMap((page) => page.items) ?? [];
  const toggle = (id: string) =>
    setChosen((was) => {
      const next = new Set(was);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  // A split leaves at least one signal behind (the API's rule).
  const maySplit = mayMove && chosen.size > 0 && chosen.size < pattern.signalCount;
  return (
    <section className="panel" aria-labelledby="signals">
      <h2 id="signals">
        Signals <span className="muted">({pattern.signalCount})</span>
      </h2>
      {mayMove && pattern.signalCount > 1 && (
        <p className="split-bar">
          <Button onClick={() => setSplitting(true)} disabled={!maySplit}>
            {chosen.size
              ? `Split ${chosen.size} ${chosen.size === 1 ? "signal" : "signals"} into a new pattern…`
              : "Split signals into a new pattern…"}
          </Button>{" "}
          <span className="muted">{chosen.size ? "" : "Choose the signals that are another problem."}</span>
        </p>
      )}
      {signals.isPending ? (
        <Loading what="Loading its signals" />
      ) : signals.isError ? (
        <ErrorNote error={signals.error} />
      ) : items.length === 0 ? (
        <p className="muted">No signal is attached yet.</p>
      ) : (
        <ul className="plain-list">
          {items.map((signal) => (
            <SignalItem
              key={signal.id}
              signal={signal}
              contact={signal.contactId ? contacts.get(signal.contactId) : undefined}
              channel={channels?.get(signal.channelId)?.name}
              control={
                mayMove && (
                  <input
                    type="checkbox"
                    className="choose"
                    aria-label={`Choose “${signal.title}” to split off`}
                    checked={chosen.has(signal.id)}
                    onChange={() => toggle(signal.id)}
                  />
                )
              }
            />
          ))}
        </ul>
      )}
      {signals.hasNextPage && (
        <Button onClick={() => signals.fetchNextPage()} disabled={signals.isFetchingNextPage}>
          Show more signals
        </Button>
      )}
      <SplitDialog
        open={splitting}
        onClose={() => setSplitting(false)}
        // The chosen signals moved: however the dialog is closed then (Done or Escape), nothing is chosen.
        onSplit={() => setChosen(new Set())}
        pattern={pattern}
        signalIds={[...chosen]}
        titles={titles}
      />
    </section>
  );
}
