import type { ReactNode } from "react";
import type { Row } from "../trace/use-trace";
import { EntityLink, StatusBadge, When } from "../ui/entity";
import type { Signal } from "./use-knowledge";

/**
 * One signal in full: its title and text as the person wrote them (rendered as text: React escapes
 * them, so markup in them shows as characters), who, through which channel, how urgent, which version.
 */
export function SignalItem({
  signal,
  contact,
  channel,
  control,
}: {
  signal: Signal;
  contact?: Row;
  channel?: string;
  /** A control before the title (the checkbox that chooses it for a split). */
  control?: ReactNode;
}) {
  const who = contact ? String(contact.name || contact.email || "a contact") : "a contact";
  return (
    <li>
      {control}
      <EntityLink type="signal" id={signal.id}>
        {signal.title || "(no title)"}
      </EntityLink>{" "}
      {signal.kind !== "report" && <StatusBadge status={signal.kind} />}
      <div className="meta">
        {signal.contactId ? (
          <EntityLink type="contact" id={signal.contactId}>
            {who}
          </EntityLink>
        ) : (
          "nobody named"
        )}
        {channel && ` · ${channel}`} · {signal.urgency}
        {signal.productVersion && ` · version ${signal.productVersion}`} · <When iso={signal.receivedAt} />
      </div>
      {signal.body && <p className="signal-text">{signal.body}</p>}
    </li>
  );
}
