import type { Command } from "commander";
import { percent } from "../../core/percent.js";
import { type ApiClient, UsageError } from "../client.js";
import { act, need } from "../context.js";
import { count, type Output } from "../output.js";
import { idOf, isId } from "../resolve.js";
import { textOf } from "./shared.js";

type Proposal = {
  title: string;
  signalIds: string[];
  sharedTerms: string[];
  cohesion: number;
  loops: { loopId: string; signals: number }[];
};
type Accepted = {
  id: string;
  title: string;
  loopId: string;
  attached: number;
  skipped: { signalId: string; patternIds: string[] }[];
};

/** The proposals as GET /patterns/proposals answers them (of one channel, when given). */
async function proposalsOf(api: ApiClient, channel: string | undefined): Promise<Proposal[]> {
  const channelId = channel === undefined ? undefined : await idOf(api, "channels", channel, "--channel");
  return (await api.get<{ items: Proposal[] }>("/patterns/proposals", { channelId })).items;
}

/** Each loop's slug by id, read once per loop the proposals name. */
async function loopSlugs(api: ApiClient, proposals: Proposal[]): Promise<Map<string, string>> {
  const ids = [...new Set(proposals.flatMap((p) => p.loops.map((l) => l.loopId)))];
  const loops = await Promise.all(ids.map((id) => api.get<{ id: string; slug: string }>(`/loops/${id}`)));
  return new Map(loops.map((l) => [l.id, l.slug]));
}

/** Prints proposals numbered from 1: the number `proposal accept` takes (a signal's id of one does too). */
function printProposals(out: Output, proposals: Proposal[], slugs: Map<string, string>): void {
  if (proposals.length === 0) {
    out.line("No proposals: no three signals on no pattern are alike enough.");
    return;
  }
  proposals.forEach((p, i) => {
    const size = p.signalIds.length;
    const loops = p.loops.map((l) => `${slugs.get(l.loopId) ?? l.loopId} ${l.signals} of ${size}`).join(", ");
    out.line(`${i + 1}. ${p.title}`);
    out.line(`   ${count(size, "signal")}, ${percent(p.cohesion)} alike; loops: ${loops}`);
    if (p.sharedTerms.length > 0) out.line(`   shared: ${p.sharedTerms.join(", ")}`);
    out.line(`   signals: ${p.signalIds.join(" ")}`);
  });
  out.line("Accept one: loopwork proposal accept <number> [--title <title>] [--loop <loop>]");
}

/**
 * The proposal a person named: by its number as `proposal list` printed it, or by the id of one of its
 * signals — which names the same group however the list moved since (a signal filed meanwhile shifts
 * every number after it).
 */
function chosen(proposals: Proposal[], ref: string): Proposal {
  if (isId(ref)) {
    const found = proposals.find((p) => p.signalIds.includes(ref.toLowerCase()));
    if (!found)
      throw new UsageError(`No proposal holds the signal ${ref} now: see loopwork proposal list.`, "<proposal>");
    return found;
  }
  const n = Number(ref);
  const found = Number.isInteger(n) && n > 0 ? proposals[n - 1] : undefined;
  if (!found) {
    throw new UsageError(
      proposals.length === 0
        ? "There are no proposals now: see loopwork proposal list."
        : `Give a proposal's number, 1 to ${proposals.length}, or the id of one of its signals.`,
      "<proposal>",
    );
  }
  return found;
}

/** `loopwork proposal list|accept`: new patterns the matcher proposes from the triage queue (docs/MATCHING.md). */
export function proposalCommands(program: Command): void {
  const proposal = program
    .command("proposal")
    .alias("proposals")
    .description("New patterns the matcher proposes: groups of 3+ alike signals attached to no pattern");
  proposal
    .command("list", { isDefault: true })
    .description("The proposals, numbered, each with its signals, the words they share and the loops they come from")
    .option("--channel <slug|id>", "only this channel's signals")
    .action(
      act<{ channel?: string }>(async ({ api, out }, _args, o) => {
        const items = await proposalsOf(api, o.channel);
        const slugs = out.json ? new Map<string, string>() : await loopSlugs(api, items);
        out.result({ items }, () => printProposals(out, items, slugs));
      }),
    );
  proposal
    .command("accept")
    .argument("[proposal]", "its number as `loopwork proposal list` printed it, or the id of one of its signals")
    .description(
      "Make the proposed pattern with its signals still on no pattern (those filed meanwhile stay where they are)",
    )
    .option("--channel <slug|id>", "the proposals of this channel, as listed with the same option")
    .option(
      "--signals <id...>",
      "instead of a proposal, these signals as the list showed them (with --title and --loop): any filed since is left where it is",
    )
    .option("--title <title>", "the pattern's title (default: the proposal's)")
    .option("--description <text>", "the pattern's description (Markdown; @file.md reads a file)")
    .option("--loop <loop>", "the loop it is made in (default: the one most of its signals come from)")
    .action(
      act<{ channel?: string; signals?: string[]; title?: string; description?: string; loop?: string }>(
        async ({ api, out }, [ref], o) => {
          let signalIds = o.signals;
          let title = o.title;
          let loopId = o.loop === undefined ? undefined : await idOf(api, "loops", o.loop, "--loop");
          if (signalIds) {
            if (ref !== undefined) throw new UsageError("Give a proposal or --signals, not both.", "--signals");
            need(o, "title", "loop");
          } else {
            if (ref === undefined)
              throw new UsageError("Give a proposal's number (see loopwork proposal list).", "<proposal>");
            // Read again: the number names the list as it is now (a signal filed since may shift it).
            const p = chosen(await proposalsOf(api, o.channel), ref);
            signalIds = p.signalIds;
            title ??= p.title;
            loopId ??= p.loops[0]?.loopId;
          }
          const made = await api.post<Accepted>("/patterns/proposals/accept", {
            loopId,
            title,
            description: await textOf(o.description, "--description"),
            signalIds,
          });
          const loop = out.json ? undefined : await api.get<{ slug: string }>(`/loops/${made.loopId}`);
          out.result(made, () => {
            out.line(
              `Made the pattern “${made.title}” (${made.id}) in loop ${loop?.slug} from ${count(made.attached, "signal")}.`,
            );
            for (const s of made.skipped) {
              out.line(`  Left ${s.signalId}: attached to ${s.patternIds.join(", ")} since it was proposed.`);
            }
          });
        },
      ),
    );
}
