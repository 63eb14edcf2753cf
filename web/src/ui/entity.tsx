import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import "./entity.css";

/** The entities of the loop's chain (and around it) that the workspace links to. */
export type EntityType =
  | "signal"
  | "pattern"
  | "improvement"
  | "issue"
  | "pull_request"
  | "version"
  | "release"
  | "deployment"
  | "contact"
  | "notification"
  | "channel"
  | "loop"
  | "user"
  | "membership"
  | "api_token"
  | "environment"
  | "product"
  | "component"
  | "outbox";

/** The words a person reads for each type. */
export const entityWords: Record<EntityType, string> = {
  signal: "Signal",
  pattern: "Pattern",
  improvement: "Improvement",
  issue: "Issue",
  pull_request: "Pull request",
  version: "Version",
  release: "Release",
  deployment: "Deployment",
  contact: "Contact",
  notification: "Notification",
  channel: "Channel",
  loop: "Loop",
  user: "User",
  membership: "Membership",
  api_token: "API token",
  environment: "Environment",
  product: "Product",
  component: "Component",
  outbox: "Delivery",
};

/** The settings section that lists each entity kept in settings. */
const settingsSection = {
  loop: "loops",
  user: "users",
  membership: "members",
  api_token: "tokens",
  environment: "environments",
  matcher: "matcher",
} as const;

/**
 * A link to an entity's page: its own page where the workspace has one (a channel's and a loop's are in
 * settings, as are users, members, API tokens, environments and the matcher's versions; products and components on the delivery
 * screen), else its trace; an entity with neither (a notification) is plain text, never a
 * link to a trace that refuses it. `children` is rendered as text (customer words included): React
 * escapes it. Inside an SVG too: the fallback adds no element.
 */
export function EntityLink({ type, id, children }: { type: string; id: string; children: ReactNode }) {
  switch (type) {
    case "signal":
      return (
        <Link to="/signals/$id" params={{ id }}>
          {children}
        </Link>
      );
    case "pattern":
      return (
        <Link to="/patterns/$id" params={{ id }}>
          {children}
        </Link>
      );
    case "improvement":
      return (
        <Link to="/improvements/$id" params={{ id }}>
          {children}
        </Link>
      );
    case "release":
      return (
        <Link to="/releases/$id" params={{ id }}>
          {children}
        </Link>
      );
    case "deployment":
      return (
        <Link to="/deployments/$id" params={{ id }}>
          {children}
        </Link>
      );
    case "contact":
      return (
        <Link to="/people/$id" params={{ id }}>
          {children}
        </Link>
      );
    case "channel":
      return (
        <Link to="/settings" search={{ section: "channels" }} hash={`channel-${id}`}>
          {children}
        </Link>
      );
    case "loop":
    case "user":
    case "membership":
    case "api_token":
    case "environment":
    case "matcher":
      return (
        <Link to="/settings" search={{ section: settingsSection[type] }}>
          {children}
        </Link>
      );
    // Products and components: the delivery screen shows each with what runs where.
    case "product":
    case "component":
      return <Link to="/delivery">{children}</Link>;
    case "outbox":
      return <Link to="/outbox">{children}</Link>;
    // The types a trace starts from (trace/use-trace.ts) that have no page of their own.
    case "issue":
    case "pull_request":
    case "version":
      return (
        <Link to="/trace/$type/$id" params={{ type, id }}>
          {children}
        </Link>
      );
    default:
      return <>{children}</>;
  }
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const steps: [number, Intl.RelativeTimeFormatUnit][] = [
  [60, "second"],
  [3600, "minute"],
  [86_400, "hour"],
  [86_400 * 30, "day"],
  [86_400 * 365, "month"],
];

/** How long ago (or ahead) an ISO time is, as a person says it: "3 minutes ago", "yesterday". */
export function ago(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const abs = Math.abs(seconds);
  let unit = 1;
  for (const [limit, name] of steps) {
    if (abs < limit) return relative.format(Math.round(seconds / unit), name);
    unit = limit;
  }
  return relative.format(Math.round(seconds / (86_400 * 365)), "year");
}

/** A time: relative in the text, exact on hover and for machines; a dash when there is none. */
export function When({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()}>
      {ago(iso)}
    </time>
  );
}

/** A status word in a small badge, coloured by what it means (open work, done, refused). */
export function StatusBadge({ status }: { status: string | null | undefined }) {
  if (!status) return null;
  return (
    <span className="status-badge" data-status={status}>
      {status.replaceAll("_", " ")}
    </span>
  );
}
