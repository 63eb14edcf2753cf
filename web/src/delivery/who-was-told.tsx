import { Link } from "@tanstack/react-router";
import { Badge } from "../ui/badge";
import { Table } from "../ui/table";
import { When } from "../ui/when";
import type { Notification } from "./use-delivery";

/** The people a deployment (or a person's page) told, with where each notification stands. */
export function WhoWasTold({
  notifications,
  showPerson = true,
}: {
  notifications: Notification[];
  showPerson?: boolean;
}) {
  if (notifications.length === 0) return <p className="muted">Nobody was told.</p>;
  return (
    <Table>
      <thead>
        <tr>
          {showPerson && <th scope="col">Person</th>}
          <th scope="col">About</th>
          <th scope="col">Status</th>
          <th scope="col">Answer</th>
          <th scope="col">Sent</th>
        </tr>
      </thead>
      <tbody>
        {notifications.map((n) => (
          <tr key={n.id}>
            {showPerson && (
              <td>
                <Link to="/people/$id" params={{ id: n.contactId }}>
                  {n.contactName}
                </Link>{" "}
                {/* A contact made from an address alone is named by it: say it once. */}
                {n.contactEmail !== n.contactName && <span className="muted">{n.contactEmail}</span>}
              </td>
            )}
            <td>
              <Link to="/patterns/$id" params={{ id: n.patternId }}>
                {n.patternTitle}
              </Link>
            </td>
            <td>
              <Badge status={n.status} /> {n.withdrawnAt && <Badge status="withdrawn" />}
            </td>
            <td>{n.answer ? <Badge status={n.answer} /> : <span className="muted">not yet</span>}</td>
            <td>
              <When at={n.sentAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
