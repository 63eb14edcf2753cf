import { When } from "../ui/entity";
import { countOf } from "../ui/format";
import { ErrorNote, Loading } from "../ui/states";
import { minSpikeReports, short } from "./priority-breakdown";
import { type PatternPriority, usePatternPriority } from "./use-pattern-moves";

/**
 * "Why is this first": the pattern's priority as the API explains it (GET /patterns/:id/priority) —
 * base (weighted volume × reach × recency) × momentum (velocity × channels), its rank, and whether its
 * reports spike (emerging).
 */
export function PriorityWhy({ patternId }: { patternId: string }) {
  const why = usePatternPriority(patternId);
  return (
    <section className="panel priority-why" aria-labelledby="priority-why">
      <h2 id="priority-why">
        Why it ranks {why.data?.rank ? `#${why.data.rank}` : "here"}
        {why.data?.velocity.emerging || why.data?.emergingSince ? (
          <span className="status-badge emerging"> emerging</span>
        ) : null}
      </h2>
      {why.isPending ? (
        <Loading what="Explaining its priority" />
      ) : why.isError ? (
        <ErrorNote error={why.error} />
      ) : (
        <Factors p={why.data} />
      )}
    </section>
  );
}

function Factors({ p }: { p: PatternPriority }) {
  const reports = p.reports.low + p.reports.normal + p.reports.high + p.reports.critical;
  const v = p.velocity;
  return (
    <>
      <p className="why-sum">
        <strong>{short(p.priority)}</strong> = base {short(p.base)} × momentum {short(p.momentum)}
        {p.rank ? ` · ${ordinal(p.rank)} among open patterns` : ""}
      </p>
      <dl className="breakdown-wide" aria-label="Priority breakdown">
        <div>
          <dt>Volume</dt>
          <dd title="Reports weighted by urgency: low ½, normal 1, high 2, critical 4">
            {short(p.volume)} <span className="meta">{countOf(reports, "report")} weighted by urgency</span>
          </dd>
        </div>
        <div>
          <dt>Reach</dt>
          <dd title="1 + log2(1 + the summed weight of the distinct people behind it, each weighed by their account or plan)">
            ×{short(p.reachFactor)}{" "}
            {/* A sum of weights, not a head count: four people on big accounts can weigh 15.5. */}
            <span className="meta">weighted reach {short(p.reach)}</span>
          </dd>
        </div>
        <div>
          <dt>Recency</dt>
          <dd title="Halves every 14 days since the newest report">
            ×{short(p.recencyFactor)}{" "}
            <span className="meta">
              newest <When iso={p.lastSignalAt} />
            </span>
          </dd>
        </div>
        <div>
          <dt>Velocity</dt>
          <dd
            title={`Reports a day in the last 7 days against the 28 before: √ratio, between 1 and 2, from ${minSpikeReports} reports in 7 days`}
          >
            ×{short(v.factor)}{" "}
            <span className="meta">
              {v.recent} in 7 days vs {v.baseline} in the 28 before ({short(v.ratio)}× the pace
              {v.recent < minSpikeReports && v.ratio > 1 && `; it counts from ${minSpikeReports} reports`})
            </span>
          </dd>
        </div>
        <div>
          <dt>Channels</dt>
          <dd title="1 + ¼ log2(channels)">
            ×{short(p.channelFactor)} <span className="meta">{countOf(p.channels, "channel")}</span>
          </dd>
        </div>
        <div>
          <dt>Emerging</dt>
          <dd>
            {p.emergingSince ? (
              <>
                since <When iso={p.emergingSince} />
              </>
            ) : v.emerging ? (
              "yes"
            ) : (
              "no"
            )}
          </dd>
        </div>
      </dl>
    </>
  );
}

const ordinal = (n: number) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10];
  return `${n}${suffix ?? "th"}`;
};
