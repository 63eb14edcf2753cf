import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState } from "react";
import { useChannels, useContactNames } from "../api/catalog";
import { useAccess } from "../api/session";
import { useCurrentLoop, useLoops } from "../shell/current-loop";
import { useShortcuts } from "../shell/shortcuts";
import { Button } from "../ui/button";
import { formatAgo, formatTime } from "../ui/format";
import { ErrorNote, Loading, PageHeader } from "../ui/states";
import { useMediaQuery } from "../ui/use-media-query";
import { AttachDialog } from "./attach-dialog";
import { NewPatternDialog } from "./new-pattern-dialog";
import { ProposalsPanel } from "./proposals-panel";
import { SuggestionsPanel, suggestionKeys } from "./suggestions-panel";
import { acceptedMessage, type Suggestion, useAcceptProposal } from "./use-suggestions";
import { type Signal, useAttachSignals, useTriageQueue } from "./use-triage";

const rowHeight = 76;
/**
 * Where the list and the panels stop standing side by side (styles.css `.triage-columns`, the same
 * width): below it the suggestions would sit under the whole list, out of sight, so choosing a signal
 * shows them in the list's place, with a way back.
 */
const narrowQuery = "(max-width: 1000px)";

/** Signals attached to no pattern, newest first: attach them to a pattern or make one, from the keyboard. */
export function TriagePage() {
  const loopId = useCurrentLoop();
  const queue = useTriageQueue(loopId);
  const channels = useChannels().data;
  const contacts = useContactNames().data;
  const loops = useLoops().data ?? [];
  const access = useAccess();
  const attach = useAttachSignals();
  // The new pattern is made with the signals attached in one request, as accepting a proposal: a
  // failure leaves nothing behind, and trying again makes one pattern.
  const create = useAcceptProposal();
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<"attach" | "new" | null>(null);
  const [done, setDone] = useState<string>();
  const narrow = useMediaQuery(narrowQuery);
  // On a narrow window: the person chose a signal (a tap on its row), and sees its suggestions.
  const [chosen, setChosen] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const side = useRef<HTMLElement>(null);
  // Where the list was scrolled when a signal was chosen, and the row whose control takes the focus back.
  const listTop = useRef(0);
  const refocus = useRef<number | null>(null);
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  // With a loop chosen, the queue holds the signals of its channels (read so: useTriageQueue).
  const rows = useMemo(() => queue.data?.pages.flatMap((p) => p.items) ?? [], [queue.data]);
  const current = rows[Math.min(cursor, rows.length - 1)];
  // The suggestions in the list's place (narrow), or beside it (wide) for the signal under the cursor.
  const focusing = narrow && chosen && current !== undefined;
  const showSuggestions = !narrow || focusing;
  // What a: or n: acts on: the selection, or the signal under the cursor when nothing is selected.
  const targets: Signal[] = selected.size ? rows.filter((s) => selected.has(s.id)) : current ? [current] : [];
  const mayChange = (signals: Signal[]) =>
    signals.length > 0 && signals.every((s) => access.canChange(channels?.get(s.channelId)?.loopId));

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1);
  useEffect(() => {
    // Near the end of what is loaded: the next page.
    if (last && last.index >= rows.length - 20 && queue.hasNextPage && !queue.isFetchingNextPage) queue.fetchNextPage();
  }, [last, rows.length, queue]);

  const move = (to: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, to));
    setCursor(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
    // The list is hidden while a chosen signal's suggestions show: it comes back at the signal moved to.
    if (focusing) listTop.current = Math.max(0, (next - 1) * rowHeight);
  };
  const toggle = (id: string) =>
    setSelected((was) => {
      const next = new Set(was);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const finish = (message: string) => {
    setSelected(new Set());
    setDialog(null);
    setDone(message);
    // On a phone, back to the list (as attaching from the suggestions does), not the next row's panel.
    setChosen(false);
  };
  const choose = (index: number) => {
    setCursor(index);
    if (!narrow) return;
    listTop.current = scroller.current?.scrollTop ?? 0;
    setChosen(true);
  };
  const back = () => setChosen(false);
  // A window widened past the narrow layout shows the list and the panels side by side again.
  useEffect(() => {
    if (!narrow) setChosen(false);
  }, [narrow]);
  const wasFocusing = useRef(false);
  useEffect(() => {
    if (focusing === wasFocusing.current) return;
    wasFocusing.current = focusing;
    if (focusing) {
      // The panel is where the list was: its back control first, in view, and where the keyboard is.
      side.current?.querySelector<HTMLElement>(".triage-back")?.focus();
    } else if (scroller.current) {
      // Back on the list, as it was scrolled (hidden, it forgot), the chosen row's control focused once
      // the list has drawn it again (`refocus`, in its ref).
      scroller.current.scrollTop = listTop.current;
      refocus.current = cursor;
    }
  }, [focusing, cursor]);

  useShortcuts([
    { keys: "j", what: "Next signal", run: () => move(cursor + 1) },
    { keys: "k", what: "Previous signal", run: () => move(cursor - 1) },
    {
      keys: "x",
      what: "Select or unselect the signal",
      // Selecting is for attaching: not for a signal the person may not file (no box is shown for it).
      run: () => (current && mayChange([current]) ? toggle(current.id) : false),
    },
    {
      keys: "o",
      what: "Open the signal",
      run: () => (current ? navigate({ to: "/signals/$id", params: { id: current.id } }) : false),
    },
    {
      keys: "a",
      what: "Attach the selection (or this signal) to a pattern",
      run: () => (mayChange(targets) ? setDialog("attach") : false),
    },
    {
      keys: "n",
      what: "New pattern from the selection (or this signal)",
      run: () => (mayChange(targets) ? setDialog("new") : false),
    },
    {
      keys: "Escape",
      what: "Back to the list (a narrow window, its suggestions shown)",
      run: () => (focusing ? back() : false),
    },
    ...Array.from({ length: suggestionKeys }, (_, i) => ({
      keys: String(i + 1),
      what: `Attach this signal to suggestion ${i + 1}`,
      run: () => {
        // Never a suggestion the person cannot see (a narrow window shows them for a chosen signal).
        if (!showSuggestions) return false;
        const suggestion = queryClient.getQueryData<{ suggestions: Suggestion[] }>([
          "signal",
          "suggestions",
          current?.id,
        ])?.suggestions[i];
        if (!suggestion || !current || !mayChange([current])) return false;
        attachCurrent(suggestion);
      },
    })),
  ]);

  const canAct = mayChange(targets);
  const attachCurrent = (suggestion: Suggestion) => {
    if (!current || attach.isPending) return;
    const signal = current;
    attach.mutate(
      { patternId: suggestion.patternId, signalIds: [signal.id] },
      {
        // Only this signal leaves: the rest of a selection stays selected.
        onSuccess: () => {
          setSelected((was) => new Set([...was].filter((id) => id !== signal.id)));
          setDone(`Attached “${signal.title}” to “${suggestion.title}”.`);
          // Filed: on a narrow window, back to the list (the next signal is the person's to choose).
          setChosen(false);
        },
      },
    );
  };
  const firstLoop = channels?.get(targets[0]?.channelId ?? "")?.loopId;
  return (
    <section className="triage">
      <PageHeader title="Triage">
        {canAct && (
          <>
            <Button onClick={() => setDialog("attach")}>
              Attach {targets.length > 1 ? `${targets.length} signals` : ""} to a pattern… <kbd className="kbd">a</kbd>
            </Button>
            <Button variant="primary" onClick={() => setDialog("new")}>
              New pattern… <kbd className="kbd">n</kbd>
            </Button>
          </>
        )}
      </PageHeader>
      <p className="muted" aria-live="polite">
        {queue.isPending
          ? ""
          : `${rows.length}${queue.hasNextPage ? "+" : ""} ${rows.length === 1 && !queue.hasNextPage ? "signal waits" : "signals wait"} for a pattern${selected.size ? ` · ${selected.size} selected` : ""}.`}{" "}
        {done}
      </p>
      {queue.isPending && <Loading what="Loading the signals" />}
      {queue.error && <ErrorNote error={queue.error} />}
      {!queue.isPending && rows.length === 0 && <p>Nothing to triage: every signal is on a pattern.</p>}
      <div className="triage-columns">
        <div ref={scroller} className="triage-scroller" tabIndex={-1} hidden={focusing}>
          <ul
            aria-label="Signals waiting for a pattern"
            className="triage-list"
            style={{ height: virtualizer.getTotalSize() }}
          >
            {items.map((item) => {
              const s = rows[item.index];
              if (!s) return null;
              const channel = channels?.get(s.channelId);
              return (
                // A click puts the cursor on the row; the keyboard's way is j and k (the list's shortcuts).
                // biome-ignore lint/a11y/useKeyWithClickEvents: j/k move the cursor from the keyboard.
                <li
                  key={s.id}
                  className={`triage-row${item.index === cursor ? " is-cursor" : ""}${selected.has(s.id) ? " is-selected" : ""}`}
                  aria-current={item.index === cursor ? "true" : undefined}
                  style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
                  onClick={(event) => {
                    // A tap on its checkbox selects, on its links goes there; anywhere else chooses the signal.
                    if ((event.target as HTMLElement).closest("a, input, button")) setCursor(item.index);
                    else choose(item.index);
                  }}
                >
                  {/* Selecting is for attaching: not offered where the person may not file the signal. */}
                  {mayChange([s]) && (
                    <input
                      type="checkbox"
                      aria-label={`Select “${s.title}”`}
                      checked={selected.has(s.id)}
                      onChange={() => toggle(s.id)}
                    />
                  )}
                  <div className="triage-text">
                    <Link to="/signals/$id" params={{ id: s.id }} className="triage-title">
                      {s.title}
                    </Link>
                    <span className="triage-body">{s.body}</span>
                    <span className="row-meta">
                      {s.contactId ? (
                        <Link to="/people/$id" params={{ id: s.contactId }}>
                          {contacts?.get(s.contactId) ?? "contact"}
                        </Link>
                      ) : (
                        "no contact"
                      )}
                      {" · "}
                      {channel ? `${channel.name} (${channel.kind})` : "channel"}
                      {" · "}
                      <span className={`badge badge-${s.urgency}`}>{s.urgency}</span>
                      {s.productVersion && ` · version ${s.productVersion}`}
                      {" · "}
                      <time dateTime={s.receivedAt} title={formatTime(s.receivedAt)}>
                        {formatAgo(s.receivedAt)}
                      </time>
                    </span>
                  </div>
                  {narrow && (
                    <button
                      type="button"
                      className="triage-open"
                      aria-label={`Suggested patterns for “${s.title}”`}
                      onClick={() => choose(item.index)}
                      ref={(button) => {
                        if (button && refocus.current === item.index) {
                          refocus.current = null;
                          button.focus();
                        }
                      }}
                    >
                      ›
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
        <aside ref={side} className="triage-side" aria-label="Suggestions and proposals">
          {focusing && (
            <Button className="triage-back" onClick={back}>
              ‹ Back to the list
            </Button>
          )}
          {showSuggestions && (
            <SuggestionsPanel
              signal={current}
              busy={attach.isPending}
              onAttach={current && mayChange([current]) ? attachCurrent : null}
            />
          )}
          {attach.isError && !dialog && <ErrorNote error={attach.error} />}
          {/* Kept while a signal is chosen (what the person typed in a proposal stays), out of the way. */}
          <div hidden={focusing}>
            <ProposalsPanel onAccepted={finish} ready={!queue.isPending} />
          </div>
        </aside>
      </div>
      <AttachDialog
        open={dialog === "attach"}
        count={targets.length}
        busy={attach.isPending}
        error={attach.error}
        onClose={() => {
          setDialog(null);
          attach.reset();
        }}
        onAttach={(pattern) =>
          attach.mutate(
            { patternId: pattern.id, signalIds: targets.map((s) => s.id) },
            { onSuccess: () => finish(`Attached ${targets.length} to “${pattern.title}”.`) },
          )
        }
      />
      <NewPatternDialog
        open={dialog === "new"}
        count={targets.length}
        suggestedTitle={targets[0]?.title ?? ""}
        loops={loops.filter((l) => access.canChange(l.id))}
        suggestedLoopId={loopId ?? firstLoop}
        busy={create.isPending}
        error={create.error}
        onClose={() => {
          setDialog(null);
          create.reset();
        }}
        onCreate={({ title, loopId: chosenLoop }) =>
          create.mutate(
            { title, loopId: chosenLoop, signalIds: targets.map((s) => s.id) },
            { onSuccess: (made) => finish(acceptedMessage(made)) },
          )
        }
      />
    </section>
  );
}
