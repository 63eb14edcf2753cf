import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { useChannels } from "../api/catalog";
import { api, unwrap } from "../api/client";
import { useAccess } from "../api/session";
import { RulesPanel } from "../matcher/rules-panel";
import { field, type Row, useTrace } from "../trace/use-trace";
import { Button } from "../ui/button";
import { EntityLink, StatusBadge, When } from "../ui/entity";
import { Markdown } from "../ui/markdown";
import { ErrorNote, Loading, PageError, PageHeader } from "../ui/states";
import "./knowledge.css";
import { EntityTimeline } from "./entity-timeline";
import { MergeDialog } from "./merge-dialog";
import { MovesPanel } from "./moves-panel";
import { NewImprovementDialog } from "./new-improvement-dialog";
import { PatternSignals } from "./pattern-signals";
import { PriorityWhy } from "./priority-why";
import { type Pattern, usePattern, usePatternSignals } from "./use-knowledge";

/** A pattern: its priority's breakdown, its signals in full, the people and channels behind them, what answers it. */
export function PatternPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const pattern = usePattern(id);
  // Contacts, improvements, notifications and answers: all in the pattern's trace, one request.
  const trace = useTrace("pattern", id);
  // The same query as the signals' panel (one request): names the signals a merge or split would move.
  const signals = usePatternSignals(id);
  const titles = useMemo(
    () => new Map((signals.data?.pages ?? []).flatMap((page) => page.items).map((s) => [s.id, s.title])),
    [signals.data],
  );
  const access = useAccess();
  const [merging, setMerging] = useState(false);
  const [proposing, setProposing] = useState(false);
  if (pattern.isPending) return <Loading what="Loading the pattern" />;
  if (pattern.isError) return <PageError error={pattern.error} what="pattern" id={id} />;
  const p = pattern.data;
  const contacts = new Map((trace.data?.contacts ?? []).map((c) => [String(c.id), c as Row]));
  // Merge and split take open patterns only, from a builder of its loop (the API's rule).
  const mayMove = p.status === "open" && access.canChange(p.loopId);
  return (
    <section>
      <PageHeader title={p.title}>
        <StatusBadge status={p.status} />
        <Link to="/trace/$type/$id" params={{ type: "pattern", id }} className="button button-plain">
          Trace
        </Link>
        {mayMove && p.loopId && <Button onClick={() => setProposing(true)}>New improvement…</Button>}
        {mayMove && <Button onClick={() => setMerging(true)}>Merge into…</Button>}
        <StatusActions pattern={p} />
      </PageHeader>
      {p.status === "merged" && p.mergedIntoId && (
        <p className="muted">
          Merged into{" "}
          <EntityLink type="pattern" id={p.mergedIntoId}>
            the pattern it duplicates
          </EntityLink>
          : its signals and improvements are there now.
        </p>
      )}
      <PriorityWhy patternId={id} />
      <NewImprovementDialog open={proposing} onClose={() => setProposing(false)} pattern={p} />
      <MergeDialog open={merging} onClose={() => setMerging(false)} pattern={p} titles={titles} />
      <div className="kb-page">
        <div>
          {p.description.trim() && (
            <section className="panel" aria-labelledby="description">
              <h2 id="description">Description</h2>
              <Markdown text={p.description} />
            </section>
          )}
          <PatternSignals pattern={p} contacts={contacts} titles={titles} mayMove={mayMove} />
        </div>
        <div>
          <MovesPanel patternId={id} loopId={p.loopId} />
          {trace.isError ? <ErrorNote error={trace.error} /> : <Around rows={trace.data} contacts={contacts} />}
          <RulesPanel patternId={id} loopId={p.loopId} merged={p.status === "merged"} />
          <EntityTimeline entityType="pattern" entityId={id} />
        </div>
      </div>
    </section>
  );
}

/** Dismiss or reopen, for those who may change the pattern (its loop's builders; any builder when shared). */
function StatusActions({ pattern }: { pattern: Pattern }) {
  const access = useAccess();
  const queryClient = useQueryClient();
  const change = useMutation({
    // A merged pattern is the API's doing (POST /patterns/:id/merge), never a status one sets.
    mutationFn: (status: "open" | "dismissed") =>
      unwrap(api.PATCH("/patterns/{id}", { params: { path: { id: pattern.id } }, body: { status } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["pattern"] }),
  });
  // A merged pattern lives on in the one it was merged into: undo the merge there, not here.
  if (!access.canChange(pattern.loopId) || pattern.status === "merged") return null;
  return (
    <>
      {pattern.status === "open" ? (
        <Button onClick={() => change.mutate("dismissed")} disabled={change.isPending}>
          Dismiss
        </Button>
      ) : (
        <Button onClick={() => change.mutate("open")} disabled={change.isPending}>
          Reopen
        </Button>
      )}
      {change.isError && <ErrorNote error={change.error} />}
    </>
  );
}

type TraceRows = ReturnType<typeof useTrace>["data"];

/** Who is behind the pattern, through which channels, what addresses it and who was told. */
function Around({ rows, contacts }: { rows: TraceRows; contacts: Map<string, Row> }) {
  const channels = useChannels().data;
  if (!rows) return <Loading what="Loading who and what is around it" />;
  const channelIds = [...new Set(rows.signals.map((s) => field(s as Row, "channelId")))];
  const name = (contactId: string) => {
    const c = contacts.get(contactId);
    return c ? field(c, "name") || field(c, "email") : "a contact";
  };
  return (
    <>
      <section className="panel" aria-labelledby="contacts">
        <h2 id="contacts">Contacts ({rows.contacts.length})</h2>
        <ul className="plain-list">
          {rows.contacts.map((c) => {
            const email = field(c as Row, "email");
            const label = field(c as Row, "name") || email;
            // A contact with no name (or named by their address) is shown by the address: said once.
            const meta = [email === label ? "" : email, field(c as Row, "account")].filter(Boolean).join(" · ");
            return (
              <li key={String(c.id)}>
                <EntityLink type="contact" id={String(c.id)}>
                  {label}
                </EntityLink>{" "}
                <span className="meta">{meta}</span>
              </li>
            );
          })}
        </ul>
      </section>
      <section className="panel" aria-labelledby="channels">
        <h2 id="channels">Channels</h2>
        <ul className="plain-list">
          {channelIds.map((id) => (
            <li key={id}>
              {channels?.get(id)?.name ?? "a channel"} <span className="meta">{channels?.get(id)?.kind}</span>
            </li>
          ))}
        </ul>
      </section>
      <section className="panel" aria-labelledby="improvements">
        <h2 id="improvements">Improvements</h2>
        {rows.improvements.length === 0 ? (
          <p className="muted">None addresses it yet.</p>
        ) : (
          <ul className="plain-list">
            {rows.improvements.map((i) => (
              <li key={String(i.id)}>
                <EntityLink type="improvement" id={String(i.id)}>
                  {field(i as Row, "title")}
                </EntityLink>{" "}
                <StatusBadge status={field(i as Row, "status")} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="notifications">
        <h2 id="notifications">Notifications and answers</h2>
        {rows.notifications.length === 0 ? (
          <p className="muted">Nobody has been told yet.</p>
        ) : (
          <ul className="plain-list">
            {rows.notifications.map((n) => {
              const row = n as Row;
              return (
                <li key={row.id}>
                  {name(field(row, "contactId"))} <StatusBadge status={field(row, "status")} />{" "}
                  {field(row, "answer") ? (
                    <>
                      answered <StatusBadge status={field(row, "answer")} />{" "}
                      <When iso={field(row, "answeredAt") || null} />
                    </>
                  ) : (
                    <span className="meta">
                      no answer yet · <When iso={field(row, "sentAt") || field(row, "createdAt")} />
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </>
  );
}
