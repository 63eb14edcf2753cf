import type { Command } from "commander";
import { act } from "../context.js";
import { idOf } from "../resolve.js";

/** `loopwork github …`: what GitHub channels do besides receiving webhooks. */
export function githubCommands(program: Command): void {
  const github = program
    .command("github")
    .description("GitHub channels: repositories as feedback sources or components");

  github
    .command("backfill")
    .argument("<channel>", "the GitHub channel (slug or id)")
    .description("Import the repository's open issues and pull requests, once (a worker pages through them; resumable)")
    .action(
      act(async ({ api, out }, [channel = ""]) => {
        const id = await idOf(api, "channels", channel, "<channel>");
        const queued = await api.post(`/channels/${id}/github/backfill`, {});
        out.result(queued, () =>
          out.line(
            queued.queued
              ? `Backfill queued  ${String(queued.outboxId)} (see \`loopwork outbox list\`)`
              : `Backfill already asked for  ${String(queued.outboxId)} (${String(queued.status)})`,
          ),
        );
      }),
    );
}
