import { Link, useSearch } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import { useAccess } from "../api/session";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ErrorNote, Loading, PageHeader } from "../ui/states";
import { Table } from "../ui/table";
import { When } from "../ui/when";
import { deliveryStatuses } from "./routes";
import { type Delivery, useOutbox, useRetryDelivery } from "./use-outbox";

const statuses = [undefined, ...deliveryStatuses];

/** Deliveries, retries and dead letters; a dead letter can be sent again by a builder. */
export function OutboxPage() {
  // The tab is the URL's: a reload, a link and Back show the same deliveries.
  // (An unknown status in a link is All: the root's search, unvalidated, reaches here too.)
  const search = useSearch({ from: "/workspace/outbox" });
  const status = deliveryStatuses.find((s) => s === search.status);
  const outbox = useOutbox(status);
  const retry = useRetryDelivery();
  // What the last Retry did, said where the row was: the row itself leaves a list of dead letters, so the
  // keyboard's place moves to this sentence rather than to the top of the page.
  // A new object each time, so that the same sentence said twice takes the focus twice.
  const [retried, setRetried] = useState<{ text: string } | null>(null);
  const said = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    // After the render that shows it: a hidden paragraph cannot take the focus.
    if (retried) said.current?.focus();
  }, [retried]);
  const sendAgain = (d: Delivery) => {
    const to = d.recipient?.name ?? d.recipient?.email ?? `the ${d.kind}`;
    setRetried(null);
    retry.mutate(d.id, {
      onSuccess: () => {
        setRetried({
          text: `Sent again to ${to}: it is pending, with a fresh retry window. If it fails for good again, it comes back here with the reason.`,
        });
      },
    });
  };
  // Who may retry depends on the delivery's loop, which a row does not name: any builder sees the button,
  // and the API's refusal (a delivery of another loop) is shown as its message.
  const mayRetry = useAccess().canChange();
  const rows = outbox.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section>
      <PageHeader title="Outbox" />
      <nav className="tabs" aria-label="Deliveries by status">
        {statuses.map((s) => (
          <Link
            key={s ?? "all"}
            to="/outbox"
            search={s ? { status: s } : {}}
            // All is the page without a status, not every page of it.
            activeOptions={{ exact: true }}
            aria-current={s === status ? "page" : undefined}
          >
            {s === undefined ? "All" : s === "dead" ? "Dead letters" : s[0]?.toUpperCase() + s.slice(1)}
          </Link>
        ))}
      </nav>
      {outbox.error && <ErrorNote error={outbox.error} />}
      {retry.error && <ErrorNote error={retry.error} />}
      <p ref={said} role="status" tabIndex={-1} className="muted" hidden={!retried}>
        {retried?.text}
      </p>
      {outbox.isPending && <Loading what="Loading deliveries" />}
      {!outbox.isPending && rows.length === 0 && <p className="muted">No deliveries here.</p>}
      {rows.length > 0 && (
        <Table>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">To</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Next or last try</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id}>
                <td>
                  {d.kind}
                  {d.pattern && (
                    <>
                      {" about "}
                      <Link to="/patterns/$id" params={{ id: d.pattern.id }}>
                        {d.pattern.title}
                      </Link>
                    </>
                  )}
                  {d.lastError && <div className="error-note customer-text">{d.lastError}</div>}
                </td>
                <td>
                  {d.recipient ? (
                    <Link to="/people/$id" params={{ id: d.recipient.contactId }}>
                      {d.recipient.name ?? d.recipient.email}
                    </Link>
                  ) : (
                    <span className="muted">{d.transport ?? "—"}</span>
                  )}
                </td>
                <td>
                  <Badge status={d.status} />
                </td>
                <td>
                  {d.attempts} / {d.maxAttempts}
                </td>
                <td>
                  <When at={d.deliveredAt ?? d.nextAttemptAt} />
                </td>
                <td>
                  {mayRetry && d.status === "dead" && (
                    <Button
                      aria-label={`Retry the delivery to ${d.recipient?.name ?? d.recipient?.email ?? d.kind}`}
                      onClick={() => {
                        // Not disabled while it is sent: a disabled button drops the keyboard's focus.
                        if (!retry.isPending) sendAgain(d);
                      }}
                    >
                      Retry
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {outbox.hasNextPage && (
        <Button disabled={outbox.isFetchingNextPage} onClick={() => outbox.fetchNextPage()}>
          Show older deliveries
        </Button>
      )}
    </section>
  );
}
