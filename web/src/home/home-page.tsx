import { Link } from "@tanstack/react-router";
import { useMemo } from "react";
import { useChannels } from "../api/catalog";
import { useCurrentLoop, useLoops } from "../shell/current-loop";
import { Card } from "../ui/card";
import { countOf, formatAgo, formatDuration, formatTime, perDay } from "../ui/format";
import { Sparkline } from "../ui/sparkline";
import { ErrorNote, Loading, PageHeader } from "../ui/states";
import {
  improvementStatuses,
  useImprovementSummary,
  useLatestDeployments,
  useLoopMetrics,
  useRecentReleases,
  useTopPatterns,
  useWaitingSignals,
} from "./use-home";

/** The loop at a glance: what hurts most, what waits, what is being built, what shipped and how fast. */
export function HomePage() {
  const loopId = useCurrentLoop();
  const loopName = useLoops().data?.find((l) => l.id === loopId)?.name;
  return (
    <section>
      <PageHeader title={loopName ? `Home — ${loopName}` : "Home — all loops"} />
      <LeadTime loopId={loopId} />
      <div className="home-grid">
        <TopPatterns loopId={loopId} />
        <WaitingSignals loopId={loopId} />
        <Improvements loopId={loopId} />
        <Deployments loopId={loopId} />
        <Releases loopId={loopId} />
      </div>
    </section>
  );
}

function LeadTime({ loopId }: { loopId: string | null }) {
  const metrics = useLoopMetrics(loopId);
  if (metrics.error) return <ErrorNote error={metrics.error} />;
  const m = metrics.data;
  return (
    <dl className="stats" aria-label="How fast the loop turns (last 90 days)">
      <div>
        <dt>Signal to snapback (median)</dt>
        <dd>{m ? formatDuration(m.signalToSnapback.median) : "…"}</dd>
      </div>
      <div>
        <dt>Signal to snapback (p90)</dt>
        <dd>{m ? formatDuration(m.signalToSnapback.p90) : "…"}</dd>
      </div>
      <div>
        <dt>Cycle time (median)</dt>
        <dd>{m ? formatDuration(m.cycleTime.median) : "…"}</dd>
      </div>
      <div>
        <dt>Deployments a week</dt>
        <dd>{m ? m.deploymentsPerWeek.toFixed(1) : "…"}</dd>
      </div>
    </dl>
  );
}

function TopPatterns({ loopId }: { loopId: string | null }) {
  const patterns = useTopPatterns(loopId);
  const now = useMemo(() => Date.now(), []);
  return (
    <Card title="Top patterns" action={<Link to="/patterns">Knowledge base</Link>} className="span-2">
      {patterns.isPending && <Loading />}
      {patterns.error && <ErrorNote error={patterns.error} />}
      {patterns.data && patterns.data.items.length === 0 && <p className="muted">No open pattern.</p>}
      <ol className="rows">
        {patterns.data?.items.map((p) => {
          const trend = perDay(
            (p.signals?.items ?? []).map((s) => s.receivedAt),
            30,
            now,
          );
          return (
            <li key={p.id} className="row">
              <Link to="/patterns/$id" params={{ id: p.id }} className="row-title">
                {p.title}
              </Link>
              <Sparkline
                x={trend.x}
                y={trend.y}
                label={`Signals a day over 30 days: ${trend.y.reduce((a, b) => a + b, 0)}`}
              />
              <span className="row-meta">
                {p.emergingSince && <span className="status-badge emerging">emerging</span>}{" "}
                {countOf(p.signalCount, "signal")} · reach {p.reach} · priority {p.priority.toFixed(1)}
              </span>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}

function WaitingSignals({ loopId }: { loopId: string | null }) {
  const signals = useWaitingSignals(loopId);
  const channels = useChannels().data;
  const items = signals.items;
  return (
    <Card title="Waiting to be attached" action={<Link to="/triage">Triage</Link>}>
      {signals.isPending && <Loading />}
      {signals.error && <ErrorNote error={signals.error} />}
      {!signals.isPending && !signals.error && items.length === 0 && (
        <p className="muted">Nothing waits: every signal is on a pattern.</p>
      )}
      <ul className="rows">
        {items.slice(0, 5).map((s) => (
          <li key={s.id} className="row">
            <Link to="/signals/$id" params={{ id: s.id }} className="row-title">
              {s.title}
            </Link>
            <span className="row-meta">
              {channels?.get(s.channelId)?.name ?? "channel"} · {s.urgency} ·{" "}
              <time dateTime={s.receivedAt} title={formatTime(s.receivedAt)}>
                {formatAgo(s.receivedAt)}
              </time>
            </span>
          </li>
        ))}
      </ul>
      {items.length > 5 && <p className="muted">and more in triage.</p>}
    </Card>
  );
}

const statusLabels: Record<(typeof improvementStatuses)[number], string> = {
  proposed: "Proposed",
  approved: "Approved",
  in_progress: "In progress",
  completed: "Completed",
  rejected: "Rejected",
};

function Improvements({ loopId }: { loopId: string | null }) {
  const summary = useImprovementSummary(loopId);
  const count = (status: (typeof improvementStatuses)[number]) => summary.data?.byStatus.get(status)?.length ?? 0;
  const wip = count("approved") + count("in_progress");
  const oldest = summary.data?.byStatus
    .get("in_progress")
    ?.reduce<string | undefined>((min, i) => (!min || i.updatedAt < min ? i.updatedAt : min), undefined);
  return (
    <Card title="Improvements" action={<Link to="/improvements">Board</Link>}>
      {summary.isPending && <Loading />}
      {summary.error && <ErrorNote error={summary.error} />}
      {summary.data && (
        <>
          <p className="wip">
            <strong>{wip}</strong> in progress or approved (WIP)
            {oldest && <span className="muted"> · oldest in progress since {formatAgo(oldest)}</span>}
          </p>
          <ul className="status-counts">
            {improvementStatuses.map((status) => (
              <li key={status}>
                <span>{statusLabels[status]}</span>
                <strong>
                  {count(status)}
                  {summary.data.more ? "+" : ""}
                </strong>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

function Deployments({ loopId }: { loopId: string | null }) {
  const latest = useLatestDeployments(loopId);
  return (
    <Card title="Deployments per environment" action={<Link to="/delivery">Delivery</Link>}>
      {latest.isPending && <Loading />}
      {latest.error && <ErrorNote error={latest.error} />}
      {!latest.isPending && latest.items.length === 0 && <p className="muted">Nothing deployed yet.</p>}
      <ul className="rows">
        {latest.items.map(({ deployment: d, product, told }) => (
          <li key={d.id} className="row">
            <Link to="/deployments/$id" params={{ id: d.id }} className="row-title">
              {d.environment}: {product?.name ?? d.productSlug} {d.releaseName}
            </Link>
            <span className={`badge badge-${d.status}`}>{d.status.replace("_", " ")}</span>
            <span className="row-meta">
              {formatAgo(d.finishedAt ?? d.startedAt)}
              {told &&
                ` · snapback told ${told.count}${told.more ? "+" : ""} ${told.count === 1 ? "person" : "people"}`}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Releases({ loopId }: { loopId: string | null }) {
  const releases = useRecentReleases(loopId);
  return (
    <Card title="Last releases">
      {releases.isPending && <Loading />}
      {releases.error && <ErrorNote error={releases.error} />}
      {!releases.isPending && releases.items.length === 0 && <p className="muted">No release yet.</p>}
      <ul className="rows">
        {releases.items.map(({ release: r, product }) => (
          <li key={r.id} className="row">
            <Link to="/releases/$id" params={{ id: r.id }} className="row-title">
              {product?.name ?? "product"} {r.name}
            </Link>
            <span className="row-meta">
              {countOf(r.versionIds.length, "version")} · {formatAgo(r.createdAt)}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
