import type { Command } from "commander";
import { contactIdOf } from "../resolve.js";
import { label, listCommand, showCommand } from "./shared.js";

/** `loopwork notification …`: who was told that their fix is live, by which deployment, and what they answered. */
export function notificationCommands(program: Command): void {
  const notification = program
    .command("notification")
    .description("Notifications: one per person per addressed pattern, queued by the deployment that shipped the fix");

  listCommand(notification, {
    path: "notifications",
    plural: "notifications",
    columns: [
      { header: "created", value: (n) => n.createdAt },
      // A notification withdrawn by a rollback says so: "sent" alone would read as still true.
      { header: "status", value: (n) => (n.withdrawnAt ? `${label(n.status)}, withdrawn` : label(n.status)) },
      { header: "answer", value: (n) => label(n.answer) },
      { header: "to", value: (n) => n.contactEmail ?? n.contactName, max: 32 },
      { header: "pattern", value: (n) => n.patternTitle, max: 36 },
      { header: "id", value: (n) => n.id },
    ],
    filters: [
      {
        flags: "--contact <email|id>",
        description: "only this person's notifications",
        param: "contactId",
        resolve: contactIdOf,
      },
      { flags: "--pattern <id>", description: "only notifications about this pattern", param: "patternId" },
      { flags: "--deployment <id>", description: "only notifications this deployment queued", param: "deploymentId" },
      { flags: "--status <status>", description: "queued, sent, failed or cancelled", param: "status" },
      { flags: "--answer <answer>", description: "works or still_broken", param: "answer" },
    ],
  });
  showCommand(notification, { path: "notifications", noun: "notification" });
}
