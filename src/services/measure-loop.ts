import { type LoopMetrics, loopMetrics } from "../core/metrics.js";
import type { Queryable } from "../db/connect.js";

/** The loop's metrics over the last `days` days, optionally for one loop's improvements and products. */
export async function measureLoop(q: Queryable, options: { days: number; loopId?: string }): Promise<LoopMetrics> {
  const loop = options.loopId ?? null;
  const leadTimes = await q.query<{ seconds: number }>(
    `select extract(epoch from n.created_at - n.first_signal_at)::float8 as seconds
       from notifications n
      -- A notification a rollback withdrew answered nobody: the one sent when the fix was live again did.
      where n.created_at > now() - make_interval(days => $1) and n.withdrawn_at is null
        and ($2::uuid is null or exists (
          select 1 from improvement_patterns ip join improvements i on i.id = ip.improvement_id
           where ip.pattern_id = n.pattern_id and i.loop_id = $2))`,
    [options.days, loop],
  );
  const cycleTimes = await q.query<{ seconds: number }>(
    `select extract(epoch from completed_at - created_at)::float8 as seconds from improvements
      where status = 'completed' and completed_at > now() - make_interval(days => $1)
        and ($2::uuid is null or loop_id = $2)`,
    [options.days, loop],
  );
  const productionDeployments = await q.query<{ status: string }>(
    `select d.status from deployments d
       join environments e on e.name = d.environment and e.production
       join releases r on r.id = d.release_id join products p on p.id = r.product_id
      where d.started_at > now() - make_interval(days => $1) and ($2::uuid is null or p.loop_id = $2)`,
    [options.days, loop],
  );
  return loopMetrics({
    windowDays: options.days,
    leadTimes: leadTimes.map((r) => r.seconds),
    cycleTimes: cycleTimes.map((r) => r.seconds),
    productionDeployments,
  });
}
