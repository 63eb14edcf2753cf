import type { Command } from "commander";
import type { Entity } from "../client.js";
import { act } from "../context.js";
import { label, listCommand } from "./shared.js";

/** `loopwork outbox …`: deliveries waiting, sent or given up (dead letters), and retrying them. */
export function outboxCommands(program: Command): void {
  const outbox = program
    .command("outbox")
    .description("The outbox: notifications and webhooks to deliver, with retries; dead ones wait for you");

  listCommand(outbox, {
    path: "outbox",
    plural: "outbox items",
    columns: [
      { header: "created", value: (o) => o.createdAt },
      { header: "kind", value: (o) => o.kind },
      { header: "status", value: (o) => label(o.status) },
      {
        header: "to",
        value: (o) => (o.recipient as Entity | null)?.email ?? (o.recipient as Entity | null)?.name,
        max: 32,
      },
      { header: "pattern", value: (o) => (o.pattern as Entity | null)?.title, max: 30 },
      { header: "attempts", value: (o) => o.attempts },
      { header: "last error", value: (o) => o.lastError, max: 40 },
      { header: "id", value: (o) => o.id },
    ],
    filters: [
      { flags: "--status <status>", description: "pending, sending, delivered, dead or cancelled", param: "status" },
    ],
  });

  outbox
    .command("retry")
    .argument("<id>", "the outbox item's id (see `loopwork outbox list --status dead`)")
    .description(
      "Deliver a dead item again, now, with a fresh set of attempts (only a dead one: the rest are retried already)",
    )
    .action(
      act(async ({ api, out }, [id = ""]) => {
        const item = await api.post(`/outbox/${encodeURIComponent(id)}/retry`);
        out.result(item, () =>
          out.line(`Outbox item ${id} will be delivered again${item?.status ? ` (${label(item.status)})` : ""}.`),
        );
      }),
    );
}
