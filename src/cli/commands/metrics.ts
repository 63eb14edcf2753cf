import type { Command } from "commander";
import type { LoopMetrics } from "../../core/metrics.js";
import { act, integer } from "../context.js";
import { count } from "../output.js";
import { duration } from "../render.js";
import { idOf } from "../resolve.js";

/** A duration summary as people read it: the median and the 90th percentile, and how many there were. */
function durations(summary: LoopMetrics["signalToSnapback"], one: string, many: string): string {
  if (summary.median === null || summary.p90 === null) return `none yet (no ${many})`;
  const counted = `${summary.count} ${summary.count === 1 ? one : many}`;
  return `median ${duration(summary.median)}, 90th percentile ${duration(summary.p90)} (${counted})`;
}

/** `loopwork metrics`: how fast the loop turns (GET /metrics), as the workspace's dashboard says it. */
export function metricsCommand(program: Command): void {
  program
    .command("metrics")
    .description(
      "How fast the loop turns: signal to snapback, cycle time, throughput, deployment frequency, change failure rate",
    )
    .option("--days <n>", "the window: the last this many days (at most 3650)", "90")
    .option("--loop <loop>", "only this loop's improvements and products (slug or id)")
    .action(
      act<{ days: string; loop?: string }>(async ({ api, out }, _args, o) => {
        const loopId = o.loop === undefined ? undefined : await idOf(api, "loops", o.loop, "--loop");
        const m = await api.get<LoopMetrics>("/metrics", { days: integer(o.days, "--days"), loopId });
        out.result(m, () =>
          out.line(
            // Not "every loop" without --loop: a token bound to a loop measures that loop.
            `The last ${count(m.windowDays, "day")}${o.loop ? `, loop ${o.loop}` : ""}:`,
            `  signal to snapback   ${durations(m.signalToSnapback, "notification", "notifications")}`,
            `  cycle time           ${durations(m.cycleTime, "improvement completed", "improvements completed")}`,
            `  throughput           ${m.throughputPerWeek} ${m.throughputPerWeek === 1 ? "improvement" : "improvements"} completed a week`,
            `  deployments          ${m.deploymentsPerWeek} successful production deployments a week`,
            `  change failure rate  ${
              m.changeFailureRate === null
                ? "none finished in production yet"
                : `${Math.round(m.changeFailureRate * 100)}% of finished production deployments failed or were rolled back`
            }`,
          ),
        );
      }),
    );
}
