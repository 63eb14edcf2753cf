import { Link, useParams } from "@tanstack/react-router";
import { useChannels, useProducts } from "../api/catalog";
import { useAccess } from "../api/session";
import { field, type Row, useTrace } from "../trace/use-trace";
import { useDetachSignal } from "../triage/use-triage";
import { Button } from "../ui/button";
import { EntityLink, StatusBadge, When } from "../ui/entity";
import { ErrorNote, Loading, PageError, PageHeader } from "../ui/states";
import { Conversation } from "./conversation";
import "./knowledge.css";
import { useSignal } from "./use-knowledge";

/** A signal: its full text (as text), who sent it through which channel, and what became of it. */
export function SignalPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const signal = useSignal(id);
  const trace = useTrace("signal", id);
  const channels = useChannels().data;
  const products = useProducts().data;
  const access = useAccess();
  const detach = useDetachSignal();
  if (signal.isPending) return <Loading what="Loading the signal" />;
  if (signal.isError) return <PageError error={signal.error} what="signal" id={id} />;
  const s = signal.data;
  // A builder of the signal's loop or of the pattern's may take it off (as the API decides); unknown until
  // the channels are read (an unknown loop reads as "any loop" to canChange).
  const signalLoop = channels?.get(s.channelId)?.loopId;
  const mayDetach = (patternLoop: unknown) => {
    if (signalLoop === undefined) return false;
    // A pattern's loop as the trace gives it: an id, or null for a pattern shared by every loop.
    const known = patternLoop === null || typeof patternLoop === "string";
    return access.canChange(signalLoop) || (known && access.canChange(patternLoop));
  };
  const contact = trace.data?.contacts.find((c) => c.id === s.contactId) as Row | undefined;
  const rows = (list: Record<string, unknown>[] | undefined) => (list ?? []) as Row[];
  return (
    <section>
      <PageHeader title={s.title || "(no title)"}>
        <StatusBadge status={s.kind} />
        <Link to="/trace/$type/$id" params={{ type: "signal", id }} className="button button-plain">
          Trace
        </Link>
      </PageHeader>
      <div className="kb-page">
        <div>
          <section className="panel" aria-labelledby="text">
            <h2 id="text">What they wrote</h2>
            {s.body ? <p className="signal-text">{s.body}</p> : <p className="muted">No text beyond the title.</p>}
          </section>
          <Conversation signalId={id} canAnswer={access.canChange(channels?.get(s.channelId)?.loopId)} />
          <section className="panel" aria-labelledby="patterns">
            <h2 id="patterns">Patterns</h2>
            {rows(trace.data?.patterns).length === 0 ? (
              <p className="muted" role="status">
                {detach.isSuccess
                  ? "Detached: it waits in triage for a pattern again."
                  : "Not attached to any pattern yet."}
              </p>
            ) : (
              <ul className="plain-list">
                {rows(trace.data?.patterns).map((p) => (
                  <li key={p.id}>
                    <EntityLink type="pattern" id={p.id}>
                      {field(p, "title")}
                    </EntityLink>{" "}
                    <StatusBadge status={field(p, "status")} />{" "}
                    {/* Taking it off undoes the matcher's attachment too. */}
                    {mayDetach(p.loopId) && field(p, "status") !== "merged" && (
                      <Button
                        aria-label={`Detach from “${field(p, "title")}”`}
                        onClick={() => detach.mutate({ patternId: p.id, signalId: id })}
                        disabled={detach.isPending}
                      >
                        Detach
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {detach.isError && <ErrorNote error={detach.error} />}
          </section>
          <section className="panel" aria-labelledby="shipped">
            <h2 id="shipped">What answered it</h2>
            {trace.isError && <ErrorNote error={trace.error} />}
            {trace.isSuccess &&
              rows(trace.data.improvements).length +
                rows(trace.data.deployments).length +
                rows(trace.data.notifications).length ===
                0 && <p className="muted">Nothing yet: no improvement, deployment or notification is linked to it.</p>}
            <ul className="plain-list">
              {rows(trace.data?.improvements).map((i) => (
                <li key={i.id}>
                  Improvement{" "}
                  <EntityLink type="improvement" id={i.id}>
                    {field(i, "title")}
                  </EntityLink>{" "}
                  <StatusBadge status={field(i, "status")} />
                </li>
              ))}
              {rows(trace.data?.deployments).map((d) => (
                <li key={d.id}>
                  Deployment{" "}
                  <EntityLink type="deployment" id={d.id}>
                    {`${field(d, "productSlug")}@${field(d, "releaseName")} to ${field(d, "environment")}`}
                  </EntityLink>{" "}
                  <StatusBadge status={field(d, "status")} /> <When iso={field(d, "finishedAt") || null} />
                </li>
              ))}
              {rows(trace.data?.notifications).map((n) => (
                <li key={n.id}>
                  Told <StatusBadge status={field(n, "status")} />{" "}
                  {field(n, "answer") ? (
                    <>
                      answered <StatusBadge status={field(n, "answer")} />
                    </>
                  ) : (
                    <span className="meta">no answer yet</span>
                  )}
                </li>
              ))}
            </ul>
          </section>
        </div>
        <section className="panel" aria-labelledby="facts">
          <h2 id="facts">About it</h2>
          <dl className="facts">
            <dt>From</dt>
            <dd>
              {s.contactId ? (
                <EntityLink type="contact" id={s.contactId}>
                  {contact ? field(contact, "name") || field(contact, "email") : "the contact"}
                </EntityLink>
              ) : (
                "nobody named"
              )}
            </dd>
            <dt>Channel</dt>
            <dd>{channels?.get(s.channelId)?.name ?? "—"}</dd>
            <dt>Urgency</dt>
            <dd>{s.urgency}</dd>
            <dt>Product</dt>
            <dd>{(s.productId && products?.get(s.productId)?.name) || "—"}</dd>
            <dt>Version</dt>
            <dd>{s.productVersion ?? "—"}</dd>
            <dt>Received</dt>
            <dd>
              <When iso={s.receivedAt} />
            </dd>
            <dt>Thread</dt>
            <dd>{s.threadRef ?? "—"}</dd>
          </dl>
        </section>
      </div>
    </section>
  );
}
