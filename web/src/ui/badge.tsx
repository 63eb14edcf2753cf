/** Tones a status word may take: the stylesheet colours each (text stays readable in both themes). */
const tones: Record<string, "ok" | "warn" | "danger" | "muted"> = {
  success: "ok",
  delivered: "ok",
  sent: "ok",
  works: "ok",
  shipped: "ok",
  resolved: "ok",
  completed: "ok",
  addressed: "ok",
  released: "ok",
  pending: "muted",
  queued: "muted",
  running: "warn",
  sending: "warn",
  failed: "danger",
  dead: "danger",
  still_broken: "danger",
  rolled_back: "danger",
  cancelled: "muted",
  withdrawn: "muted",
};

/** A status as a small labelled badge: the word itself is the label, the colour only repeats it. */
export function Badge({ status }: { status: string }) {
  return <span className={`status-badge status-badge-${tones[status] ?? "muted"}`}>{status.replaceAll("_", " ")}</span>;
}
