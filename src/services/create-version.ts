import { AppError } from "../core/errors.js";
import type { Db } from "../db/connect.js";
import { createRecord, type Presented } from "./records.js";
import { resources } from "./resources.js";
import { type Actor, inTransaction } from "./transaction.js";

/**
 * Creates a version of a component. Without pullRequestIds it includes every merged pull request of the
 * component that no version includes yet — what `loopwork version` in a pipeline wants.
 */
export async function createVersion(
  db: Db,
  actor: Actor,
  input: { componentId: string; name: string; pullRequestIds?: string[] },
): Promise<Presented> {
  return inTransaction(db, actor, async (tx) => {
    let pullRequestIds = input.pullRequestIds;
    if (pullRequestIds === undefined) {
      const rows = await tx.query<{ id: string }>(
        `select pr.id from pull_requests pr
          where pr.component_id = $1 and pr.status = 'merged'
            and not exists (select 1 from version_pull_requests vpr where vpr.pull_request_id = pr.id)`,
        [input.componentId],
      );
      pullRequestIds = rows.map((row) => row.id);
    } else if (pullRequestIds.length > 0) {
      // Only merged work is in a version: an open pull request named here would never ship (merging it
      // later would not put it in any version, and this one does not hold its change).
      const rows = await tx.query<{ id: string; component_id: string; status: string }>(
        "select id, component_id, status from pull_requests where id = any($1::uuid[])",
        [pullRequestIds],
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const [index, id] of pullRequestIds.entries()) {
        const pr = byId.get(id);
        const path = `body.pullRequestIds.${index}`;
        if (pr && pr.component_id !== input.componentId) {
          throw new AppError("invalid_input", `Pull request ${id} belongs to another component.`, { path });
        }
        if (pr && pr.status !== "merged" && pr.status !== "shipped") {
          throw new AppError(
            "invalid_input",
            `Pull request ${id} is ${pr.status}: only merged pull requests go into a version (merge it first).`,
            { path },
          );
        }
      }
    }
    return createRecord(tx, resources.version, { ...input, pullRequestIds });
  });
}
