import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useAccess } from "../api/session";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ErrorNote, Loading, PageHeader } from "../ui/states";
import { Table } from "../ui/table";
import { When } from "../ui/when";
import { type DeliveryStatus, useOutbox, useRetryDelivery } from "./use-outbox";

const statuses: (DeliveryStatus | undefined)[] = [undefined, "pending", "sending", "delivered", "dead", "cancelled"];

/** Deliveries, retries and dead letters; a dead letter can be sent again by a builder. */
export function OutboxPage() {
  const [status, setStatus] = useState<DeliveryStatus | undefined>(undefined);
  const outbox = useOutbox(status);
  const retry = useRetryDelivery();
  // Who may retry depends on the delivery's loop, which a row does not name: any builder sees the button,
  // and the API's refusal (a delivery of another loop) is shown as its message.
  const mayRetry = useAccess().canChange();
  const rows = outbox.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section>
      <PageHeader title="Outbox" />
      <nav className="tabs" aria-label="Deliveries by status">
        {statuses.map((s) => (
          <a
            key={s ?? "all"}
            href={`#${s ?? "all"}`}
            aria-current={s === status ? "page" : undefined}
            onClick={(e) => {
              e.preventDefault();
              setStatus(s);
            }}
          >
            {s === undefined ? "All" : s === "dead" ? "Dead letters" : s[0]?.toUpperCase() + s.slice(1)}
          </a>
        ))}
      </nav>
      {outbox.error && <ErrorNote error={outbox.error} />}
      {retry.error && <ErrorNote error={retry.error} />}
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
                      disabled={retry.isPending}
                      aria-label={`Retry the delivery to ${d.recipient?.name ?? d.recipient?.email ?? d.kind}`}
                      onClick={() => retry.mutate(d.id)}
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
