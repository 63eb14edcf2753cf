import type { Command } from "commander";
import { velocityRules } from "../../core/velocity.js";
import type { SignalLeft } from "../../services/undo-pattern-move.js";
import type { Entity } from "../client.js";
import { UsageError } from "../client.js";
import { act, need } from "../context.js";
import { count, type Output, when } from "../output.js";
import { idOf } from "../resolve.js";
import { label, listCommand, printCreated, searchFilter, showCommand, statusCommand, textOf } from "./shared.js";
import { matcherCommands } from "./triage.js";

/** `loopwork pattern …`: what many signals have in common; one knowledge base for every loop. */
export function patternCommands(program: Command): void {
  const pattern = program
    .command("pattern")
    .description("Patterns: what several signals have in common; addressed when all its improvements ship");

  pattern
    .command("add")
    .description("Add a pattern")
    .option("--loop <slug|id>", "the loop that owns it: its builders may change it")
    .option("--title <title>", "what the signals have in common, e.g. 'Offline edits lost after sync'")
    .option("--description <markdown>", "more about it (@file.md reads a file)")
    .action(
      act<{ loop?: string; title?: string; description?: string }>(async ({ api, out }, _args, o) => {
        need(o, "loop", "title");
        const created = await api.post("/patterns", {
          loopId: await idOf(api, "loops", o.loop ?? "", "--loop"),
          title: o.title,
          description: await textOf(o.description, "--description"),
        });
        printCreated(out, "pattern", created);
      }),
    );

  pattern
    .command("attach")
    .argument("<patternId>", "the pattern")
    .argument("<signalIds...>", "the signals to attach (attaching twice changes nothing)")
    .description("Attach signals to a pattern; its priority is refreshed")
    .option("--score <score>", "how sure you are that they belong, 0–1", "1")
    .action(
      act<{ score: string }>(async ({ api, out }, [patternId = "", ...signalIds], o) => {
        const score = Number(o.score);
        if (!(score >= 0 && score <= 1)) throw new UsageError("--score takes a number from 0 to 1.", "--score");
        const result = await api.post(`/patterns/${encodeURIComponent(patternId)}/signals`, { signalIds, score });
        const attached = Number(result.attached);
        const already = Number(result.alreadyAttached);
        out.result(result, () =>
          out.line(
            `Attached ${attached === 0 ? "no signal" : count(attached, "signal")} to pattern ${patternId}` +
              (already > 0 ? ` (${already} ${already === 1 ? "was" : "were"} attached already).` : "."),
          ),
        );
      }),
    );

  pattern
    .command("detach")
    .argument("<patternId>", "the pattern")
    .argument("<signalId>", "the signal to take off it")
    .description("Detach a signal from a pattern (undoes an automatic attachment); its priority is refreshed")
    .action(
      act(async ({ api, out }, [patternId = "", signalId = ""]) => {
        const pattern = await api.request<Entity>(
          "DELETE",
          `/patterns/${encodeURIComponent(patternId)}/signals/${encodeURIComponent(signalId)}`,
        );
        out.result(pattern, () => out.line(`Detached signal ${signalId} from pattern ${patternId}.`));
      }),
    );

  pattern
    .command("merge")
    .argument("<patternId>", "the pattern that goes away")
    .argument("<targetId>", "the pattern that lives on: it takes the signals and improvements")
    .description("Merge a pattern into another: shows what would move; --yes merges")
    .option("--yes", "merge (without it, only the preview is shown and nothing changes)")
    .option("--preview", "only show what would move (the default; kept for scripts that say so)")
    .action(
      act<{ yes?: boolean; preview?: boolean }>(async ({ api, out }, [patternId = "", targetId = ""], o) => {
        const path = `/patterns/${encodeURIComponent(patternId)}/merge`;
        if (!actNow(o)) {
          const shown = await api.post(path, { targetId, preview: true });
          out.result(shown, () => {
            printPreview(out, shown.preview as MovePreview, movedWhere(shown, "into"));
            out.line(`Merge with: loopwork pattern merge ${patternId} ${targetId} --yes`);
          });
          return;
        }
        const merged = await api.post(path, { targetId });
        out.result(merged, () => {
          printPreview(out, merged.preview as MovePreview, movedWhere(merged, "into"), "Moved");
          const told = Number(merged.notificationsQueued ?? 0);
          // Merged into an addressed pattern: the newcomers are told its fix is live, and the merge stands.
          if ((merged.target as { status?: string } | null)?.status === "addressed") {
            out.line(
              `The pattern is addressed: ${told} more ${told === 1 ? "person is" : "people are"} told the fix is live.`,
            );
          } else out.line(`Undo with: loopwork pattern undo ${merged.moveId}`);
        });
      }),
    );

  pattern
    .command("split")
    .argument("<patternId>", "the pattern to split")
    .argument("<signalIds...>", "the signals that move to the new pattern")
    .description("Split signals off a pattern into a new one in its loop: shows what would move; --yes splits")
    .option("--title <title>", "the new pattern's title (needed to split, not to preview)")
    .option("--yes", "split (without it, only the preview is shown and nothing changes)")
    .option("--preview", "only show what would move (the default; kept for scripts that say so)")
    .action(
      act<{ title?: string; yes?: boolean; preview?: boolean }>(
        async ({ api, out }, [patternId = "", ...signalIds], o) => {
          const now = actNow(o);
          if (now) need(o, "title");
          const split = await api.post(`/patterns/${encodeURIComponent(patternId)}/split`, {
            signalIds,
            ...(o.title === undefined ? {} : { title: o.title }),
            preview: !now,
          });
          out.result(split, () => {
            // A preview without a title names the new pattern by none: it does not exist yet.
            const target = split.target ?? (o.title === undefined ? null : { title: o.title });
            const where = target
              ? movedWhere({ ...split, target }, "to the new pattern")
              : `from “${(split.source as { title?: string } | null)?.title ?? ""}” to a new pattern`;
            printPreview(out, split.preview as MovePreview, where, split.target ? "Moved" : "Would move", true);
            if (split.moveId) out.line(`Undo with: loopwork pattern undo ${split.moveId}`);
            else {
              const title = o.title === undefined ? "<title>" : shellQuoted(o.title);
              out.line(`Split with: loopwork pattern split ${patternId} ${signalIds.join(" ")} --title ${title} --yes`);
            }
          });
        },
      ),
    );

  pattern
    .command("undo")
    .argument("<moveId>", "the merge or split to undo (printed when it was made; see `pattern moves`)")
    .description("Undo a merge or split: the signals and improvements go back as they were")
    .action(
      act(async ({ api, out }, [moveId = ""]) => {
        const undone = await api.post(`/pattern-moves/${encodeURIComponent(moveId)}/undo`, {});
        const move = undone.move as { kind: string; sourceId: string; targetId: string };
        const left = (undone.signalsLeft ?? []) as SignalLeft[];
        const unlinked = (undone.improvementsLeft ?? []) as string[];
        out.result(undone, () => {
          out.line(`Undid the ${move.kind} of ${move.sourceId} and ${move.targetId}.`);
          if (unlinked.length > 0) {
            out.line(
              `Left ${count(unlinked.length, "improvement")} unlinked from ${move.sourceId}: people unlinked ${unlinked.length === 1 ? "it" : "them"} from ${move.targetId} after the ${move.kind} (${unlinked.join(", ")}).`,
            );
          }
          if (left.length === 0) return;
          out.line(
            `Left ${count(left.length, "signal")} where people put ${left.length === 1 ? "it" : "them"} after the ${move.kind}:`,
          );
          for (const s of left) {
            const by = s.detachedBy ? ` by ${s.detachedBy}${s.detachedAt ? ` ${when(s.detachedAt)}` : ""}` : "";
            const now = s.reason === "moved" ? `; now on ${s.patternIds.join(", ")}` : "; on no pattern now";
            out.line(`  ${s.signalId}: detached from ${move.targetId}${by}${now}`);
          }
        });
      }),
    );

  pattern
    .command("moves")
    .argument("<patternId>", "the pattern")
    .description("The merges and splits a pattern took part in, newest first, and whether each can be undone now")
    .action(
      act(async ({ api, out }, [patternId = ""]) => {
        const page = await api.get(`/patterns/${encodeURIComponent(patternId)}/moves`);
        out.result(page, () =>
          out.table(
            page.items as Entity[],
            [
              { header: "when", value: (m) => when(m.createdAt) },
              { header: "kind", value: (m) => m.kind },
              { header: "from", value: (m) => m.sourceId },
              { header: "to", value: (m) => m.targetId },
              { header: "undone", value: (m) => (m.undoneAt ? when(m.undoneAt) : "") },
              { header: "id", value: (m) => m.id },
              // Whether `pattern undo` would take it now, and if not why (as the API says it).
              { header: "undo", value: (m) => (m.undoneAt ? "" : m.undoable ? "yes" : `no: ${m.whyNot ?? ""}`) },
            ],
            "No merges or splits.",
          ),
        );
      }),
    );

  pattern
    .command("why")
    .argument("<patternId>", "the pattern")
    .description("Why a pattern ranks where it does: each factor of its priority")
    .action(
      act(async ({ api, out }, [patternId = ""]) => {
        const p = (await api.get(`/patterns/${encodeURIComponent(patternId)}/priority`)) as unknown as PriorityShown;
        out.result(p, () => {
          const f = (n: number) => n.toFixed(2);
          out.line(
            `Priority ${f(p.priority)}${p.rank ? `, #${p.rank} of the open patterns` : ""}${p.velocity.emerging ? " — EMERGING" : ""}`,
          );
          out.line(`  = base ${f(p.base)} × momentum ${f(p.momentum)}`);
          out.line(
            `  base: volume ${f(p.volume)} (${p.reports.critical} critical, ${p.reports.high} high, ${p.reports.normal} normal, ${p.reports.low} low)`,
          );
          out.line(`        × reach ${f(p.reachFactor)} (contacts' weight ${f(p.reach)})`);
          out.line(
            `        × recency ${f(p.recencyFactor)} (${p.ageDays === null ? "no report" : `newest report ${f(p.ageDays)} days ago`})`,
          );
          out.line(
            `  momentum: velocity ${f(p.velocity.factor)} (${p.velocity.recent} reports in 7 days vs ${p.velocity.baseline} in the 28 before: ${f(p.velocity.ratio)}× the usual rate${tooFew(p.velocity)})`,
          );
          out.line(`          × channels ${f(p.channelFactor)} (${count(p.channels, "channel")})`);
        });
      }),
    );

  listCommand(pattern, {
    path: "patterns",
    plural: "patterns",
    query: { sort: "priority" },
    order: "highest priority first",
    columns: [
      { header: "priority", value: (p) => (typeof p.priority === "number" ? p.priority.toFixed(1) : p.priority) },
      // An open pattern whose reports began to spike says so, as the workspace's ranking does.
      {
        header: "status",
        value: (p) => (p.status === "open" && p.emergingSince ? "open, emerging" : label(p.status)),
      },
      { header: "title", value: (p) => p.title, max: 50 },
      { header: "id", value: (p) => p.id },
    ],
    filters: [
      searchFilter,
      {
        flags: "--status <status>",
        description: "only patterns with this status (open, addressed, dismissed, merged)",
        param: "status",
      },
      { flags: "--improvement <id>", description: "only patterns this improvement addresses", param: "improvementId" },
    ],
  });
  showCommand(pattern, { path: "patterns", noun: "pattern" });
  matcherCommands(pattern);
  statusCommand(pattern, {
    verb: "reopen",
    path: "patterns",
    noun: "pattern",
    status: "open",
    description: "Reopen an addressed or dismissed pattern (e.g. the fix did not work for someone)",
  });
  statusCommand(pattern, {
    verb: "dismiss",
    path: "patterns",
    noun: "pattern",
    status: "dismissed",
    description: "Dismiss an open pattern: nothing will be done about it",
  });
}

/**
 * Whether a merge or split acts now: only with --yes; without it, or with --preview, it shows what would
 * move and changes nothing — both moves alike, as the workspace previews before it moves.
 */
function actNow(o: { yes?: boolean; preview?: boolean }): boolean {
  if (o.yes && o.preview) throw new UsageError("Either --yes (move now) or --preview (only show), not both.", "--yes");
  return Boolean(o.yes);
}

/** What a merge or split moves (the API's PatternMovePreview). */
interface MovePreview {
  signals: number;
  signalsAlreadyOnTarget: number;
  contacts: number;
  contactsAlreadyOnTarget: number;
  improvements: number;
  improvementsAlreadyOnTarget: number;
}

/**
 * Where a move's answer moves signals, by the titles a person chose them by: "“Sync broken” into “Sync
 * fails” (<id>)"; a split's new pattern before it exists (a preview) by its title alone.
 */
function movedWhere(answer: Entity, to: string): string {
  const source = answer.source as { title?: string } | null;
  const target = answer.target as { id?: string; title?: string } | null;
  const named = (p: { id?: string; title?: string } | null) => `“${p?.title ?? ""}”${p?.id ? ` (${p.id})` : ""}`;
  return to === "into"
    ? `“${source?.title ?? ""}” into ${named(target)}`
    : `from “${source?.title ?? ""}” ${to} ${named(target)}`;
}

/**
 * The counts of a move, in words; how many the target holds already only for a merge (a split's target is
 * new and holds none).
 */
function printPreview(out: Output, p: MovePreview, where: string, verb = "Would move", split = false): void {
  const there = (n: number, more = "") => (split ? "" : ` (${n} already there${more})`);
  out.line(`${verb} ${where}:`);
  out.line(`  ${count(p.signals, "signal")}${there(p.signalsAlreadyOnTarget)}`);
  out.line(`  ${count(p.contacts, "contact")} behind them${there(p.contactsAlreadyOnTarget, ": told once per fix")}`);
  out.line(`  ${count(p.improvements, "improvement")}${there(p.improvementsAlreadyOnTarget)}`);
}

/** GET /patterns/:id/priority, as `pattern why` prints it. */
interface PriorityShown {
  priority: number;
  rank: number | null;
  base: number;
  momentum: number;
  volume: number;
  reachFactor: number;
  reach: number;
  recencyFactor: number;
  ageDays: number | null;
  velocity: { recent: number; baseline: number; ratio: number; factor: number; emerging: boolean };
  channels: number;
  channelFactor: number;
  reports: { low: number; normal: number; high: number; critical: number };
}

/**
 * Why a pace above the usual rate still multiplies by 1: too few reports to count as a spike (said only
 * when the pace would have lifted it).
 */
function tooFew(velocity: { recent: number; ratio: number }): string {
  const least = velocityRules.minSpikeReports;
  return velocity.recent < least && velocity.ratio > 1 ? `; it counts from ${least} reports in 7 days` : "";
}

/** A word a POSIX shell reads back as given: in single quotes, a single quote written '\'' (no $ or ` expands). */
export const shellQuoted = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
