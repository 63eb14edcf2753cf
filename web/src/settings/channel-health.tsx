import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { Button } from "../ui/button";
import { ErrorNote, Loading } from "../ui/states";
import { When } from "../ui/when";
import { useChange } from "./use-settings";

/**
 * A channel's health for the owners of its loop (GET /channels/:id/health): last delivery in and out,
 * the outbox's pending, retrying and dead deliveries with Replay, and recent errors with their reasons.
 */
export function ChannelHealth({ channelId }: { channelId: string }) {
  const health = useQuery({
    // "outbox" and "channel" changes refresh it (useChange invalidates by the first key).
    queryKey: ["channel", "health", channelId],
    queryFn: () => unwrap(api.GET("/channels/{id}/health", { params: { path: { id: channelId } } })),
  });
  const replay = useChange(["channel", "outbox"], (deliveryId: string) =>
    unwrap(
      api.POST("/channels/{id}/deliveries/{deliveryId}/replay", {
        params: { path: { id: channelId, deliveryId } },
      }),
    ),
  );
  if (health.error) return <ErrorNote error={health.error} />;
  if (!health.data) return <Loading what="Loading its health" />;
  const h = health.data;
  return (
    <section aria-label="Health">
      <h4>Health</h4>
      <dl className="facts">
        <dt>Last in</dt>
        <dd>
          {h.lastInbound ? (
            <>
              <When at={h.lastInbound.at} /> {h.lastInbound.what}
            </>
          ) : (
            "never"
          )}
        </dd>
        <dt>Last out</dt>
        <dd>
          {h.lastOutbound ? (
            <>
              <When at={h.lastOutbound.at} /> {h.lastOutbound.what}
            </>
          ) : (
            "never"
          )}
        </dd>
        <dt>Outbox</dt>
        <dd>
          {h.outbox.pending} pending, {h.outbox.retrying} retrying, {h.outbox.dead} dead
        </dd>
      </dl>
      {h.dead.length > 0 && (
        <ul aria-label="Dead deliveries">
          {h.dead.map((d) => (
            <li key={d.id}>
              {d.direction === "in" ? "In" : "Out"} · {d.kind} · <When at={d.createdAt} />{" "}
              <span className="muted">{d.lastError}</span>{" "}
              <Button onClick={() => replay.mutate(d.id)} disabled={replay.isPending}>
                {d.direction === "in" ? "Replay" : "Retry"}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {h.recentErrors.length > 0 && (
        <ul aria-label="Recent errors">
          {h.recentErrors.map((e) => (
            <li key={`${e.at}-${e.code}-${e.deliveryId ?? ""}`}>
              <When at={e.at} /> <code>{e.code}</code> {e.reason}
            </li>
          ))}
        </ul>
      )}
      {replay.error && <ErrorNote error={replay.error} />}
    </section>
  );
}
